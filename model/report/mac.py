"""The marginal abatement cost (MAC) curve as a chart and a report page (HTML + PDF).

Read from the curve's table only (``ziya mac`` writes it as ``NAME_mac.csv`` and as a cube
``NAME_mac.nc`` with a ``point`` dimension): abatement on x, the budget's shadow price on y, as
steps. Step ``i`` covers the tonnes abated between points ``i - 1`` and ``i`` at the shadow
price of point ``i`` (the price at the step's tighter end); point 0 is the unconstrained plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from model.data.io import atomic_write
from model.report.figures import COLOURS, _units, plt, svg
from model.report.i18n import status_text, text
from model.report.numbers import amount, net_result, plain, table_scale, unit_text

__all__ = ["MAC_COLUMNS", "is_mac", "mac_figure", "mac_steps", "read_mac", "write_mac_report"]

#: The columns of a MAC table (``model.studies.mac.mac_curve``), indexed by ``point``.
MAC_COLUMNS = ("budget_tco2e", "status", "objective_cny", "emissions_tco2e", "abatement_tco2e",
               "shadow_price_cny_per_tco2e")
PRICE = "shadow_price_cny_per_tco2e"
EMISSIONS = ("budget_tco2e", "emissions_tco2e", "abatement_tco2e")

#: Relative size below which a curve's tonnes or money are solver round-off (the curve's last
#: budget sits 1e-7 tCO2e above the least emissions).
ROUND_OFF = 1e-9


def is_mac(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a MAC table (it has every column of ``MAC_COLUMNS``)."""
    return all(column in frame.columns for column in MAC_COLUMNS)


def read_mac(path: Path) -> pd.DataFrame | None:
    """The MAC table in ``path`` (the CSV or the ``_mac.nc`` cube); None for other files."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        try:
            frame = pd.read_csv(path, index_col="point")
        except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
            return None
    elif path.suffix.lower() == ".nc":
        import xarray as xr

        try:
            with xr.open_dataset(path) as cube:
                if "point" not in cube.dims:
                    return None
                frame = cube.load().to_dataframe()
        except (OSError, ValueError):
            return None
    else:
        return None
    return frame if is_mac(frame) else None


def _cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with round-off (relative to each column's largest value) set to 0."""
    out = frame.copy()
    for column in (*EMISSIONS, "objective_cny"):
        values = out[column].astype(float)
        size = float(values.abs().max()) if values.notna().any() else 0.0
        out[column] = values.where(values.abs() > ROUND_OFF * max(size, 1.0), 0.0)
    return out


def mac_steps(frame: pd.DataFrame) -> pd.DataFrame:
    """The curve's steps: ``start`` and ``end`` of the abatement (tCO2e) and the ``price``
    (CNY/tCO2e), one per optimal point after the first optimal one."""
    ok = frame[frame["status"] == "optimal"].sort_values("abatement_tco2e")
    abated = ok["abatement_tco2e"].to_numpy(dtype=float)
    return pd.DataFrame({"start": abated[:-1], "end": abated[1:],
                         "price": ok[PRICE].to_numpy(dtype=float)[1:]},
                        index=ok.index[1:])


def mac_figure(frame: pd.DataFrame, lang: str = "en") -> str:
    """The MAC curve as an inline SVG: one bar per step (``id`` ending ``mac-step-POINT``)."""
    steps = mac_steps(frame)
    figure, axis = plt.subplots(figsize=(7.2, 3.2))
    for i, (point, step) in enumerate(steps.iterrows()):
        bar = axis.bar(step["start"], step["price"], width=step["end"] - step["start"],
                       align="edge", color=COLOURS[i % 2], edgecolor="white", linewidth=0.6)
        bar.patches[0].set_gid(f"mac-step-{point}")
        axis.annotate(plain(step["price"]), (0.5 * (step["start"] + step["end"]), step["price"]),
                      ha="center", va="bottom", fontsize=7, xytext=(0, 2),
                      textcoords="offset points")
    ends = np.concatenate([steps["start"].to_numpy(), steps["end"].to_numpy()])
    unit = _units(axis, ends, "emissions", lang, per_year=False, which="x")
    _units(axis, steps["price"].to_numpy(), None, lang, per_year=False, which="y")
    axis.set_xlabel(text("titled", lang, title=text("mac_abatement", lang), unit=unit))
    axis.set_ylabel(text("titled", lang, title=text("mac_price", lang),
                         unit=unit_text("CNY/tCO2e", lang)))
    axis.set_xlim(0, float(ends.max()) if ends.size else 1.0)
    axis.set_title(text("mac_chart", lang), loc="left")
    return svg(figure)


def _cards(frame: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    ok = frame[frame["status"] == "optimal"]
    first, last = ok.iloc[0], ok.iloc[-1]
    steps = mac_steps(frame)

    def tco2e(value: float) -> str:
        return amount(float(value), "emissions", lang)

    def price(value: float) -> str:
        return f"{plain(value)} {unit_text('CNY/tCO2e', lang)}"

    def money(value: float) -> str:
        return amount(net_result(float(value)), "money", lang)

    cards = [("mac_unconstrained", tco2e(first["emissions_tco2e"]),
              text("mac_unconstrained_text", lang, value=tco2e(first["emissions_tco2e"]))),
             ("mac_least", tco2e(last["emissions_tco2e"]),
              text("mac_least_text", lang, value=tco2e(last["emissions_tco2e"]),
                   abated=tco2e(last["abatement_tco2e"])))]
    if len(steps):
        low, high = steps["price"].iloc[0], steps["price"].iloc[-1]
        cards.append(("mac_price_range", f"{plain(low)} – {price(high)}",
                      text("mac_price_range_text", lang, first=price(low), last=price(high))))
    cards.append(("mac_cost", amount(last["objective_cny"] - first["objective_cny"], "money", lang),
                  text("mac_cost_text", lang, start=money(first["objective_cny"]),
                       end=money(last["objective_cny"]))))
    return [{"label": text(key, lang), "number": number, "sentence": sentence}
            for key, number, sentence in cards]


def _table(frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    factor, unit, digits = table_scale(frame["budget_tco2e"].to_numpy(dtype=float),
                                       "emissions", lang)
    columns = [[plain(v / factor, digits) for v in frame[c]] for c in EMISSIONS]
    money = [amount(net_result(v), "money", lang, signed=True) for v in frame["objective_cny"]]
    header = [text("mac_point", lang)] + [
        text("titled", lang, title=text(key, lang), unit=unit)
        for key in ("mac_budget", "mac_emitted", "mac_abated")] + [
        text("titled", lang, title=text("mac_price", lang), unit=unit_text("CNY/tCO2e", lang)),
        text("mac_net", lang), text("status", lang)]
    rows = [[str(point), *(column[i] for column in columns), plain(row[PRICE]), money[i],
             status_text(str(row["status"]), lang)]
            for i, (point, row) in enumerate(frame.iterrows())]
    return {"header": header, "rows": rows}


def render_mac_html(frame: pd.DataFrame, lang: str = "en", source: str = "") -> str:
    """The MAC report as one self-contained HTML string."""
    from model.report.document import _version

    frame = _cleaned(frame)
    optimal = bool((frame["status"] == "optimal").any())
    strings = {key: text(key, lang) for key in (
        "subtitle", "mac_title", "mac_table", "mac_caption", "sign_note", "mac_none",
        "mac_source")}
    context = {
        "lang": lang, "t": strings, "source": source,
        "intro": text("mac_intro", lang, steps=len(mac_steps(frame)) if optimal else 0),
        "cards": _cards(frame, lang) if optimal else [],
        "chart": mac_figure(frame, lang) if optimal else "",
        "table": _table(frame, lang),
        "generated": text("generated", lang, version=_version(), file=source or "memory"),
    }
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("model.report", "templates"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined)
    return environment.get_template("mac.html.j2").render(**context)


def write_mac_report(frame: pd.DataFrame, folder: Path | str, lang: str = "en",
                     source: str = "") -> dict[str, Path]:
    """Write ``report.html`` and ``report.pdf`` of a MAC table into ``folder``.

    ``frame`` is the table ``ziya mac`` writes (``read_mac`` reads it back); ``source`` names
    the file in the report's footer.
    """
    from model.report.document import write_pdf

    if not is_mac(frame):
        missing = [c for c in MAC_COLUMNS if c not in frame.columns]
        raise ValueError(f"not a MAC table: columns {missing} are missing")
    folder = Path(folder)
    html = render_mac_html(frame, lang, source)
    page = atomic_write(folder / "report.html", lambda tmp: tmp.write_text(html, "utf-8"))
    pdf = write_pdf(html, folder / "report.pdf")
    return {"html": page, "pdf": pdf}
