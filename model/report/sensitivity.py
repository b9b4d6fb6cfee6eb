"""The one-at-a-time sensitivity table as a tornado chart and a report page (HTML + PDF).

Read from the table ``model.studies.sensitivity.sensitivity`` returns (``ziya sensitivity``
writes it as ``NAME_sensitivity.csv``) and the base plan's cube, which names the keys'
materials, places and processes in the report's language. The tornado chart shows, for the
inputs with the largest swing, the change in the net result (revenue − cost, present value)
at the low and at the high end of each range, around the base plan.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
import xarray as xr

from model.data.io import atomic_write
from model.report.figures import COLOURS, FULL_WIDTH, _legend, _units, plt, svg
from model.report.i18n import status_text, text
from model.report.names import names
from model.report.numbers import amount, plain, table_scale, unit_text
from model.studies.sensitivity import COLUMNS, key_label, parse_key

__all__ = ["input_names", "is_sensitivity", "sensitivity_view", "tornado_figure",
           "write_sensitivity_report"]

NET = ("net_result_low_cny", "net_result_high_cny")
#: Characters per line of a key's names on the chart's axis (CJK characters are wider).
LINE = {"en": 50, "zh": 26}

#: The report page: the MAC report's look (``templates/mac.html.j2``), with a table whose text
#: columns wrap (a sensitivity table is too wide for the MAC page's unbroken cells).
PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }}{% if source %} – {{ source }}{% endif %}</title>
<style>
  @page { size: A4; margin: 16mm 14mm 18mm 14mm;
          @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt;
                          color: #666; } }
  body { font-family: "Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", sans-serif; color: #1d2731;
         max-width: 1040px; margin: 0 auto; padding: 16px 20px 40px; line-height: 1.45;
         font-size: 10.5pt; }
  h1 { font-size: 20pt; color: #123b5c; margin: 0 0 4px; }
  h2 { font-size: 14pt; color: #123b5c; border-bottom: 2px solid #d7e3ec; margin-top: 24px;
       break-after: avoid; }
  .meta { color: #5b6b78; font-size: 9.5pt; }
  .cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 10px; margin: 12px 0; }
  .card { border: 1px solid #d7e3ec; border-left: 4px solid #1b6ca8; border-radius: 4px;
          padding: 8px 12px; break-inside: avoid; }
  .card .label { font-size: 9pt; color: #5b6b78; text-transform: uppercase; letter-spacing: .03em; }
  .card .number { font-size: 15pt; font-weight: bold; color: #123b5c; }
  .card p { margin: 2px 0 0; font-size: 9.5pt; }
  figure { margin: 10px 0 18px; break-inside: avoid; }
  figure svg { max-width: 100%; height: auto; }
  figcaption { font-size: 9pt; color: #5b6b78; }
  table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 6px 0 16px; }
  th, td { border-bottom: 1px solid #e3e9ee; padding: 3px 4px; text-align: right;
           vertical-align: top; }
  th { background: #f1f5f8; color: #123b5c; }
  td { white-space: nowrap; }
  td.text, th.text { text-align: left; white-space: normal; }
  tr { break-inside: avoid; }
  .warn { color: #b3261e; font-weight: bold; }
</style>
</head>
<body>
<div class="meta">{{ t.subtitle }}</div>
<h1>{{ t.title }}</h1>
{% if source %}
<p class="meta">{{ t.source }}: <b id="sensitivity-source">{{ source }}</b></p>
{% endif %}
<p>{{ intro }}</p>
{% if cards %}
<div class="cards">
{% for card in cards %}
  <div class="card">
    <div class="label">{{ card.label }}</div>
    <div class="number">{{ card.number }}</div>
    <p>{{ card.sentence }}</p>
  </div>
{% endfor %}
</div>
{% endif %}
{% if chart %}
<figure id="tornado-chart">{{ chart | safe }}
  <figcaption>{{ t.caption }}</figcaption>
</figure>
{% else %}<p class="warn">{{ t.none }}</p>{% endif %}
<h2>{{ t.table }}</h2>
<p class="meta">{{ t.sign_note }}</p>
<table id="sensitivity-table">
  <thead><tr>{% for h in table.header %}
    <th class="{{ table.align[loop.index0] }}">{{ h }}</th>{% endfor %}</tr></thead>
  <tbody>{% for row in table.rows %}<tr>{% for cell in row %}
    <td class="{{ table.align[loop.index0] }}">{{ cell }}</td>{% endfor %}</tr>{% endfor %}
  </tbody>
</table>
<p class="meta">{{ generated }}</p>
</body>
</html>
"""


def is_sensitivity(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a sensitivity table (it has every column of ``COLUMNS``)."""
    return all(column in frame.columns for column in COLUMNS)


def input_names(table: pd.DataFrame, cube: xr.Dataset, lang: str = "en") -> pd.Series:
    """Each input's display name: the parameter and its key in names (``lang``)."""
    labels = table["key"].fillna("").map(lambda key: key_label(parse_key(key), cube, lang))
    return pd.Series([f"{p}: {label}" if label else str(p)
                      for p, label in zip(table["parameter"], labels, strict=True)],
                     index=table.index)


def _changes(table: pd.DataFrame) -> pd.DataFrame:
    """Net result at the low and high end minus the base (CNY), one row per input."""
    base = table["net_result_base_cny"].to_numpy(float)
    return pd.DataFrame({end: table[column].to_numpy(float) - base
                         for end, column in zip(("low", "high"), NET, strict=True)},
                        index=table.index)


def _axis_label(parameter: str, label: str, lang: str) -> str:
    """An input on the chart's axis: the parameter, then its key's names in up to two lines."""
    lines = textwrap.wrap(label, LINE[lang])
    if len(lines) > 2:
        lines = [lines[0], lines[1][:LINE[lang] - 1] + "…"]
    return "\n".join([parameter, *lines])


def tornado_figure(table: pd.DataFrame, cube: xr.Dataset, lang: str = "en",
                   top: int = 15) -> str:
    """The tornado chart of the ``top`` first inputs as an inline SVG (bars' ``id`` end in
    ``tornado-RANK-low`` / ``tornado-RANK-high``)."""
    shown = table.head(top)
    changes = _changes(shown)
    labels = [_axis_label(str(parameter), key_label(parse_key(key), cube, lang), lang)
              for parameter, key in zip(shown["parameter"], shown["key"].fillna(""),
                                        strict=True)]
    figure, axis = plt.subplots(figsize=(FULL_WIDTH, 1.2 + 0.42 * max(len(shown), 1)))
    y = np.arange(len(shown))[::-1]
    for i, end in enumerate(("low", "high")):
        bars = axis.barh(y, changes[end].fillna(0.0).to_numpy(), height=0.7, color=COLOURS[i],
                         label=text(f"sens_{end}", lang))
        for rank, bar in enumerate(bars.patches, start=1):
            bar.set_gid(f"tornado-{rank}-{end}")
    for position, (_, row) in zip(y, shown.iterrows(), strict=True):
        failed = [status_text(str(row[f"status_{end}"]), lang) for end in ("low", "high")
                  if row[f"status_{end}"] != "optimal"]
        if failed:
            axis.annotate(", ".join(failed), (0, position), xytext=(4, 0), fontsize=7,
                          textcoords="offset points", va="center", color="#b3261e")
    axis.axvline(0, color="#1d2731", linewidth=0.8)
    axis.set_yticks(y, labels, fontsize=7)
    unit = _units(axis, changes.to_numpy(), "money", lang, per_year=False, which="x")
    axis.set_xlabel(text("titled", lang, title=text("sens_change", lang), unit=unit))
    axis.set_title(text("sens_chart", lang), loc="left")
    _legend(axis, 2)
    return svg(figure)


def _range_text(row: pd.Series, lang: str, space: str = " ") -> str:
    """``base (low – high) unit``; ``space`` within the range and unit (no-break in HTML)."""
    dash = "–\u2060" if space != " " else "–"  # a word joiner: no line break after the dash
    return (f"{plain(row['base'])} ({plain(row['low'])}{space}{dash}{space}"
            f"{plain(row['high'])}){space}{unit_text(str(row['unit']), lang)}")


def _stage_text(row: pd.Series, stages: dict[str, str], lang: str) -> str:
    stage, change = row["stage"], float(row["stage_change_t"])
    if not isinstance(stage, str) or not stage or not math.isfinite(change):
        return "–"
    return (f"{stages[stage]} {amount(change, 'mass', lang, signed=True)} "
            f"({text('sens_' + str(row['stage_at']), lang)})")


def _status(row: pd.Series, lang: str) -> str:
    ends = [(end, str(row[f"status_{end}"])) for end in ("low", "high")]
    if all(status == "optimal" for _, status in ends):
        return status_text("optimal", lang)
    return ", ".join(f"{text('sens_' + end, lang)}: {status_text(status, lang)}"
                     for end, status in ends)


def _scaled(values: np.ndarray, quantity: str, lang: str, signed: bool = False
            ) -> tuple[str, list[str]]:
    """Numbers in one display unit (the unit for the header, the cells)."""
    factor, unit, digits = table_scale(values, quantity, lang)
    cells = [plain(v / factor, digits) for v in values]
    if signed:
        cells = ["+" + c if re.search(r"[1-9]", c) and not c.startswith("-") else c
                 for c in cells]
    return unit, cells


def _table(table: pd.DataFrame, cube: xr.Dataset, lang: str) -> dict[str, Any]:
    """The report's table: every input, ranked; money and emissions each in one unit."""
    changes, inputs = _changes(table), input_names(table, cube, lang)
    stages, n = names(cube, "stage", lang), len(table)
    money = np.concatenate([changes["low"].to_numpy(), changes["high"].to_numpy(),
                            table["net_result_swing_cny"].to_numpy(float)])
    unit, cells = _scaled(money, "money", lang, signed=True)
    swing = [c.lstrip("+") for c in cells[2 * n:]]
    tonnes, emitted = _scaled(table["emissions_swing_tco2e"].to_numpy(float), "emissions", lang)
    header = [text(k, lang) for k in ("sens_rank", "sens_input", "sens_range")] + [
        text("titled", lang, title=text(k, lang), unit=unit)
        for k in ("sens_net_low", "sens_net_high", "sens_swing")] + [
        text("titled", lang, title=text("sens_emissions_swing", lang), unit=tonnes),
        text("sens_stage", lang), text("status", lang)]
    rows = [[str(rank + 1), inputs[i], _range_text(row, lang, "\u00a0"), cells[rank],
             cells[n + rank], swing[rank], emitted[rank], _stage_text(row, stages, lang),
             _status(row, lang)]
            for rank, (i, row) in enumerate(table.iterrows())]
    align = ["text" if i in (1, 2, 7, 8) else "" for i in range(len(header))]
    return {"header": header, "rows": rows, "align": align}


def _cards(table: pd.DataFrame, cube: xr.Dataset, lang: str) -> list[dict[str, str]]:
    first = table.iloc[0]
    net = amount(float(first["net_result_base_cny"]), "money", lang)
    emitted = amount(float(first["emissions_base_tco2e"]), "emissions", lang)
    statuses = table[["status_low", "status_high"]].to_numpy()
    cards = [("sens_base_net", net, text("sens_base_net_text", lang, value=net)),
             ("sens_base_emissions", emitted,
              text("sens_base_emissions_text", lang, value=emitted)),
             ("sens_inputs", str(len(table)),
              text("sens_inputs_text", lang, inputs=len(table),
                   parameters=table["parameter"].nunique(), members=statuses.size,
                   failed=int((statuses != "optimal").sum())))]
    swing = float(first["net_result_swing_cny"])
    if math.isfinite(swing):
        name, value = input_names(table.head(1), cube, lang).iloc[0], amount(swing, "money", lang)
        cards.append(("sens_top", value, text("sens_top_text", lang, name=name, value=value)))
    return [{"label": text(key, lang), "number": number, "sentence": sentence}
            for key, number, sentence in cards]


def render_sensitivity_html(table: pd.DataFrame, cube: xr.Dataset, lang: str = "en",
                            top: int = 15, source: str = "") -> str:
    """The sensitivity report as one self-contained HTML string."""
    from model.report.document import _version

    drawn = bool(table["net_result_swing_cny"].notna().any())
    top = min(top, len(table))
    base = amount(float(table["net_result_base_cny"].iloc[0]), "money", lang)
    strings = {key: text(ours, lang) for key, ours in (
        ("subtitle", "subtitle"), ("title", "sens_title"), ("source", "sens_source"),
        ("none", "sens_none"), ("table", "sens_table"), ("sign_note", "sign_note"))}
    strings["caption"] = text("sens_caption", lang, top=top, base=base)
    context = {
        "lang": lang, "t": strings, "source": source,
        "intro": text("sens_intro", lang, inputs=len(table), members=2 * len(table)),
        "cards": _cards(table, cube, lang) if drawn else [],
        "chart": tornado_figure(table, cube, lang, top) if drawn else "",
        "table": _table(table, cube, lang),
        "generated": text("generated", lang, version=_version(), file=source or "memory"),
    }
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(PAGE).render(**context)


def write_sensitivity_report(table: pd.DataFrame, base_cube: xr.Dataset, folder: Path | str,
                             lang: str = "en", top: int = 15, source: str = ""
                             ) -> dict[str, Path]:
    """Write ``report.html`` and ``report.pdf`` of a sensitivity table into ``folder``.

    ``base_cube`` is the base plan's result (it names the keys); the chart shows the ``top``
    inputs, the table all of them; ``source`` names the table's file in the footer.
    """
    from model.report.document import write_pdf

    if not is_sensitivity(table) or table.empty:
        missing = [c for c in COLUMNS if c not in table.columns]
        raise ValueError(f"not a sensitivity table: columns {missing} are missing"
                         if missing else "the sensitivity table has no inputs")
    folder = Path(folder)
    html = render_sensitivity_html(table, base_cube, lang, top, source)
    page = atomic_write(folder / "report.html", lambda tmp: tmp.write_text(html, "utf-8"))
    pdf = write_pdf(html, folder / "report.pdf")
    return {"html": page, "pdf": pdf}


def _left(values: pd.Series) -> pd.Series:
    """Text padded to one width, so that a printed table shows it aligned on the left."""
    width = int(values.str.len().max()) if len(values) else 0
    return values.str.ljust(width)


def sensitivity_view(table: pd.DataFrame, cube: xr.Dataset, lang: str = "en") -> pd.DataFrame:
    """The table for the command line: the net result's changes at both ends around the base,
    the swings, the range, the stage that moves most, the members' status and, last (names
    can be long), the input by its names."""
    changes = _changes(table)
    stages = names(cube, "stage", lang)
    rows = [row for _, row in table.iterrows()]
    view = pd.DataFrame({
        "net_change_low_cny": changes["low"], "net_change_high_cny": changes["high"],
        "net_swing_cny": table["net_result_swing_cny"],
        "emissions_swing_tco2e": table["emissions_swing_tco2e"],
        "base (low - high)": [_range_text(row, lang) for row in rows],
        "stage moving most": [_stage_text(row, stages, lang) for row in rows],
        "status": [_status(row, lang) for row in rows],
        "input": _left(input_names(table, cube, lang)),
    }, index=table.index)
    return view.set_axis(pd.RangeIndex(1, len(view) + 1, name="rank"))
