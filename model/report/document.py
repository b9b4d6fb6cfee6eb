"""Policy reports: self-contained HTML and PDF, in English or Chinese, from result cubes only.

``write_report(cube, folder, lang)`` writes ``report.html`` (plotly Sankey inlined, no
network) and ``report.pdf`` (WeasyPrint; it may fetch nothing but inline ``data:`` URIs).
``write_comparison(cubes, folder, lang)`` compares several scenarios side by side.
Names from the data are escaped by Jinja2's autoescaping; only our own SVG/plotly markup is
inserted as-is.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
import xarray as xr

from model.data.io import atomic_write
from model.report.figures import (
    avoided_figure,
    capacity_figure,
    corridor_figure,
    cost_figure,
    emission_figure,
    export_figure,
    exports,
)
from model.report.i18n import category_text, status_text, text
from model.report.messages import (
    axis_text,
    key_messages,
    member_label,
    sweep_coords,
    sweep_messages,
)
from model.report.names import names
from model.report.numbers import amount, net_result, plain, share, table_scale, unit_text
from model.report.sankey import (
    sankey_caption,
    sankey_html,
    sankey_links,
    sankey_svg,
)
from model.results.ledger import scope_table
from model.results.substances import in_tonnes
from model.results.summary import headline
from model.results.trade import balance_of_trade, break_even, trade_flows

__all__ = ["NotOptimalError", "render_html", "write_comparison", "write_report"]

PROVENANCE_KEYS = ("scenario", "status", "termination_condition", "objective", "solver",
                   "input_source", "input_hash", "scenario_hash", "carbon_accounting",
                   "n_variables", "n_constraints", "build_seconds", "solve_seconds", "versions",
                   "scenario_resolved")


class NotOptimalError(ValueError):
    """A report was asked for a result that is not optimal (pass allow_nonoptimal=True)."""


def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("model.report", "templates")
    return jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(
        default=True, default_for_string=True), undefined=jinja2.StrictUndefined)


def money(value: float, lang: str) -> str:
    """CNY in readable units: '4.87 bn CNY' / '48.70 亿元' (``model.report.numbers``)."""
    return amount(value, "money", lang)


def tonnes(value: float, lang: str, unit: str = "t") -> str:
    """Tonnes in readable units: '8.79 Mt' / '879.50 万吨' (unit 't' or 'tCO2e')."""
    return amount(value, "mass" if unit == "t" else "emissions", lang)


def _share(value: float) -> str:
    return share(value)


def _cards(ds: xr.Dataset, lang: str) -> list[dict[str, Any]]:
    head = headline(ds)
    years = [int(y) for y in ds["year"].values]
    span = f"{years[0]}–{years[-1]}"
    cards = []
    net = net_result(float(head["objective_cny"]))  # revenue − cost: a gain is positive
    cards.append({"key": "net_result_cny", "value": net,
                  "label": text("net_result", lang), "number": money(net, lang),
                  "sentence": text("net_result_text" if net >= 0 else "net_loss_text", lang,
                                   value=money(abs(net), lang), span=span)})
    cost, revenue = float(head["total_cost_cny"]), float(head["total_revenue_cny"])
    cards.append({"key": "total_cost_cny", "value": cost, "label": text("cost_revenue", lang),
                  "number": f"{money(cost, lang)} / {money(revenue, lang)}",
                  "sentence": text("cost_revenue_text", lang, cost=money(cost, lang),
                                   revenue=money(revenue, lang))})
    sold = in_tonnes(ds["sales"]).sum(["node", "year"])
    total_sold = float(sold.sum())
    top = names(ds, "material", lang)[str(sold.idxmax().item())] if total_sold > 0 else "–"
    share = _share(float(sold.max()) / max(total_sold, 1e-9))
    cards.append({"key": "material_sold_t", "value": total_sold, "label": text("recovered", lang),
                  "number": tonnes(total_sold, lang),
                  "sentence": text("recovered_text", lang, total=tonnes(total_sold, lang),
                                   top=top, share=share)})
    cards += _carbon_cards(ds, lang)
    cards.append(_export_card(ds, lang))
    return cards


def _carbon_cards(ds: xr.Dataset, lang: str) -> list[dict[str, Any]]:
    scope = scope_table(ds).sum()
    gross = float(ds["ledger_gross"].sum())
    s = {k: tonnes(float(scope.get(k, 0.0)), lang, "tCO2e") for k in ("scope1", "scope2", "scope3")}
    cards = [{"key": "total_emissions_tco2e", "value": gross, "label": text("emissions", lang),
              "number": tonnes(gross, lang, "tCO2e"),
              "sentence": text("emissions_text", lang, total=tonnes(gross, lang, "tCO2e"),
                               s1=s["scope1"], s2=s["scope2"], s3=s["scope3"])}]
    avoided = float(ds["ledger_avoided"].sum()) if ds["ledger_avoided"].ndim else 0.0
    method = str(ds.attrs.get("carbon_accounting", "cut_off"))
    cards.append({"key": "avoided_tco2e", "value": avoided, "label": text("avoided", lang),
                  "number": tonnes(avoided, lang, "tCO2e"),
                  "sentence": text("avoided_text", lang, value=tonnes(avoided, lang, "tCO2e"),
                                   method=text(method, lang),
                                   net=tonnes(float(ds["ledger_net"].sum()), lang, "tCO2e"))})
    shadow = ds["carbon_shadow_price"].where(ds["carbon_shadow_price"] > 1e-9).dropna("year") \
        if "carbon_shadow_price" in ds else xr.DataArray([])
    if shadow.size:
        value = float(shadow.max())
        number = f"{plain(value, 0)} {unit_text('CNY/tCO2e', lang)}"
        sentence = text("carbon_price_text", lang, n=shadow.size, value=number)
    else:
        value, number, sentence = 0.0, "–", text("no_cap_text", lang)
    cards.append({"key": "carbon_shadow_price", "value": value,
                  "label": text("carbon_price", lang), "number": number, "sentence": sentence})
    return cards + _recovery_cards(ds, lang)


def _recovery_cards(ds: xr.Dataset, lang: str) -> list[dict[str, Any]]:
    """One card per stage with recovery minimums: the element closest to its minimum as the
    number, every element's achieved rate and minimum in the sentence."""
    stages, sep = names(ds, "stage", lang), text("list_sep", lang)
    rules: dict[str, list[str]] = {}
    for stage, element in _recovery_rules(ds):
        rules.setdefault(stage, []).append(element)
    cards = []
    for stage, elements in rules.items():
        required = {e: float(ds["recovery_required"].sel(stage=stage, element=e))
                    for e in elements}
        rates = {e: _achieved(ds, stage, e) for e in elements}
        minimums = sep.join(f"{e} {share(v)}" for e, v in required.items())
        if all(np.isnan(r) for r in rates.values()):
            cards.append({"key": f"recovery_{stage}", "value": np.nan,
                          "label": text("recovery", lang), "number": "–",
                          "sentence": text("recovery_idle_text", lang, stage=stages[stage],
                                           minimums=minimums)})
            continue
        closest = min((e for e in elements if not np.isnan(rates[e])),
                      key=lambda e: rates[e] - required[e])
        achieved = sep.join(f"{e} {share(r, 1)}" for e, r in rates.items())
        cards.append({"key": f"recovery_{stage}", "value": rates[closest],
                      "label": text("recovery", lang), "number": _share(rates[closest]),
                      "sentence": text("recovery_text", lang, stage=stages[stage],
                                       achieved=achieved, minimums=minimums)})
    return cards


def _achieved(ds: xr.Dataset, stage: str, element: str) -> float:
    """Horizon-mean achieved recovery of a rule, NaN where the stage did not run."""
    achieved = ds["recovery_achieved"] if "recovery_achieved" in ds else xr.DataArray(np.nan)
    if "stage" not in achieved.dims:
        return float("nan")
    values = achieved.sel(stage=stage, element=element)
    return float(values.mean()) if values.notnull().any() else float("nan")


def _recovery_rules(ds: xr.Dataset) -> list[tuple[str, str]]:
    if "recovery_required" not in ds or ds["recovery_required"].ndim == 0:
        return []
    rules = ds["recovery_required"].to_series().dropna()
    return [(str(s), str(e)) for s, e in rules.index]


def _export_card(ds: xr.Dataset, lang: str) -> dict[str, Any]:
    frame = exports(ds)
    total = float(frame.to_numpy().sum()) if not frame.empty else 0.0
    if total <= 0:
        return {"key": "exports_t", "value": 0.0, "label": text("exports", lang), "number": "–",
                "sentence": text("no_exports_text", lang)}
    top = frame.sum().sort_values(ascending=False).index[:3]
    place = names(ds, "node", lang)
    corridors = _corridors(ds, list(frame.columns), lang)
    return {"key": "exports_t", "value": total, "label": text("exports", lang),
            "number": tonnes(total, lang),
            "sentence": text("exports_text", lang, total=tonnes(total, lang),
                             top=text("list_sep", lang).join(place[str(n)] for n in top))
            + (" " + text("corridors_text", lang, corridors=corridors) if corridors else "")}


def _corridors(ds: xr.Dataset, destinations: list[str], lang: str) -> str:
    """Tonnes over the last leg into each foreign destination, by origin and mode."""
    flow = in_tonnes(ds["flow"]).sum(["material", "year"]).to_series()
    legs = pd.DataFrame({"t": flow, "origin": ds["origin"].to_series(),
                         "destination": ds["destination"].to_series(),
                         "mode": ds["mode"].to_series()})
    legs = legs[legs["destination"].isin(destinations) & (legs["t"] > 0)]
    grouped = legs.groupby(["origin", "mode"])["t"].sum().sort_values(ascending=False)
    place, mode = names(ds, "node", lang), names(ds, "mode", lang)
    return text("list_sep", lang).join(
        text("corridor", lang, origin=place[o], mode=mode[m], tonnes=tonnes(v, lang))
        for (o, m), v in grouped.items())


def _table(title: str, frame: pd.DataFrame, header: list[str], quantity: str,
           lang: str) -> dict[str, Any]:
    """A results table in one display unit (in the title); ``header`` names the text
    columns (the frame's index levels, already named), the year columns follow."""
    numbers = frame.to_numpy(dtype=float)
    factor, unit, digits = table_scale(numbers, quantity, lang)
    rows = [[*(key if isinstance(key, tuple) else (key,)),
             *(plain(v / factor, digits) for v in values)]
            for key, values in zip(frame.index, numbers, strict=True)]
    return {"title": text("titled", lang, title=title,
                          unit=text("per_year", lang, unit=unit)),
            "header": [*header, *(str(c) for c in frame.columns)], "rows": rows,
            "text_columns": len(header)}


def _tables(ds: xr.Dataset, lang: str) -> list[dict[str, Any]]:
    years = [int(y) for y in ds["year"].values]
    picks = sorted({years[0], years[len(years) // 2], years[-1]})
    cost = ds["cost"].sel(year=picks).to_pandas()
    cost = cost[cost.abs().max(axis=1) > 0.5]  # categories that cost nothing in these years
    cost.index = [category_text(str(c), lang) for c in cost.index]
    return [*_sales_tables(ds, picks, lang),
            _table(text("cost_table", lang), cost, [text("category", lang)], "money", lang),
            *_species_table(ds, picks, lang), *_trade_tables(ds, picks, lang)]


def _sales_tables(ds: xr.Dataset, picks: list[int], lang: str) -> list[dict[str, Any]]:
    """Sales in tonnes, and apart those of materials counted in their own units (MWh, h)."""
    place, material = names(ds, "node", lang), names(ds, "material", lang)
    header = [text("market", lang), text("material", lang)]
    tables = []
    for key, array, quantity in (("sales_table", in_tonnes(ds["sales"]), "mass"),
                                 ("own_unit_table", ds["sales"].where(in_tonnes(ds["sales"])
                                                                      .isnull()), "own")):
        sales = array.sel(year=picks).to_series().dropna().unstack("year")
        sales = sales[sales.abs().sum(axis=1) > 1e-6]
        if sales.empty and quantity == "own":
            continue
        unit = (ds["material_unit"].to_series() if "material_unit" in ds.coords
                else pd.Series(dtype=str))
        sales.index = pd.MultiIndex.from_tuples(
            [(place[n], material[m] if quantity == "mass" else f"{material[m]} [{unit[m]}]")
             for n, m in sales.index], names=["node", "material"])
        tables.append(_table(text(key, lang), sales, header, quantity, lang))
    return tables


def _species_table(ds: xr.Dataset, picks: list[int], lang: str) -> list[dict[str, Any]]:
    """Tonnes of each emission species (greenhouse gases also count in CO2e above)."""
    if "species_emissions" not in ds or ds["species_emissions"].size == 0:
        return []
    frame = ds["species_emissions"].sel(year=picks).to_pandas()
    label = names(ds, "species", lang)
    rows = [[label[str(key)], *(plain(v) for v in values)]
            for key, values in zip(frame.index, np.asarray(frame, dtype=float), strict=True)]
    return [{"title": text("titled", lang, title=text("species_table", lang),
                           unit=text("per_year", lang, unit=unit_text("t", lang))),
             "header": [text("species", lang), *(str(c) for c in frame.columns)], "rows": rows,
             "text_columns": 1}]


def _trade_tables(ds: xr.Dataset, picks: list[int], lang: str) -> list[dict[str, Any]]:
    """Tonnes crossing borders, the balance of trade and the break-even table."""
    gaps = break_even(ds, picks)
    if gaps.empty:
        return []
    place, material = names(ds, "node", lang), names(ds, "material", lang)
    ends = pd.DataFrame({"o": ds["origin"].to_numpy(), "d": ds["destination"].to_numpy()},
                        index=ds["route"].to_numpy())

    def named(frame: pd.DataFrame) -> pd.DataFrame:
        rows = [(text(k[0], lang), text("leg", lang, origin=place[ends.at[k[1], "o"]],
                                        destination=place[ends.at[k[1], "d"]]),
                 material[k[2]], *(text(s, lang) for s in k[3:])) for k in frame.index]
        return frame.set_axis(pd.MultiIndex.from_tuples(rows), axis=0)

    header = [text("direction", lang), text("crossing", lang), text("material", lang)]
    tables = []
    flows = trade_flows(ds)
    if not flows.empty:
        tables.append(_table(text("trade_table", lang), named(flows[picks]), header, "mass",
                             lang))
        balance = balance_of_trade(ds)[picks]
        balance.index = [text(str(k), lang) for k in balance.index]
        tables.append(_table(text("trade_balance_table", lang), balance,
                             [text("direction", lang)], "money", lang))
    rows = [[*key, *(plain(v, 0) for v in values)]
            for key, values in zip(named(gaps).index, gaps.to_numpy(float), strict=True)]
    tables.append({"title": text("break_even_table", lang),
                   "header": [*header, text("state", lang), *(str(c) for c in gaps.columns)],
                   "rows": rows, "text_columns": len(header) + 1})
    return tables


def _inputs(ds: xr.Dataset) -> list[list[str]]:
    """Every input row's source and confidence, grouped where table, source, unit and grade
    agree: table, number of rows, value range, unit, source, confidence."""
    if "input_table" not in ds.coords:
        return []
    frame = pd.DataFrame({c.removeprefix("input_"): ds[c].values for c in
                          ("input_table", "input_key", "input_value", "input_unit",
                           "input_source", "input_confidence")})
    frame["number"] = pd.to_numeric(frame["value"], errors="coerce")
    groups = frame.groupby(["table", "source", "unit", "confidence"], sort=False)
    rows = []
    for (table, source, unit, confidence), part in groups:
        low, high = _number(part["number"].min()), _number(part["number"].max())
        values = low if low == high else f"{low} – {high}"
        keys = part["key"].iloc[0] if len(part) == 1 else f"{len(part)} rows"
        rows.append([table, keys, values, unit, source, confidence])
    return rows


def _number(value: float) -> str:
    """A readable input value: thousands separators for large numbers, 4 digits otherwise."""
    if not np.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.4g}"


def _provenance(ds: xr.Dataset) -> list[tuple[str, str]]:
    return [(k, str(ds.attrs[k])) for k in PROVENANCE_KEYS if k in ds.attrs]


def _banner(ds: xr.Dataset, lang: str, allow_nonoptimal: bool) -> str:
    status = str(ds.attrs.get("status", "unknown"))
    if status == "optimal":
        return ""
    if not allow_nonoptimal:
        raise NotOptimalError(f"the result is '{status}', not optimal; a report would mislead "
                              "(use --allow-nonoptimal to write one with a warning banner)")
    return text("not_optimal", lang, status=status_text(status, lang))


def render_html(ds: xr.Dataset, lang: str = "en", interactive: bool = True,
                allow_nonoptimal: bool = False, source: str = "",
                counterfactual: xr.Dataset | None = None) -> str:
    """The report as one self-contained HTML string; its key messages compare ``ds`` with
    ``counterfactual`` when one is given (``model.report.messages``)."""
    banner = _banner(ds, lang, allow_nonoptimal)
    years = [int(y) for y in ds["year"].values] if "year" in ds.coords else [0]
    t = _Strings(lang)
    context: dict[str, Any] = {
        "lang": lang, "t": t, "scenario": str(ds.attrs.get("scenario", "")),
        "description": _description(ds, lang),
        "first_year": years[0], "last_year": years[-1],
        "status": status_text(str(ds.attrs.get("status", "unknown")), lang), "banner": banner,
        "cards": [], "charts": [], "tables": [], "sankey_svg": "", "sankey_html": "",
        "sankey_detail_html": "", "sankey_caption": "", "inputs": _inputs(ds),
        "provenance": _provenance(ds),
        "generated": text("generated", lang, version=_version(), file=source or "memory"),
    }
    if "activity" in ds and "ledger_by_scope" in ds:
        year = years[len(years) // 2]
        flows = sankey_links(ds, year, lang=lang)
        context.update({
            "cards": _cards(ds, lang),
            "charts": [c for c in (cost_figure(ds, lang), emission_figure(ds, lang),
                                   avoided_figure(ds, lang), capacity_figure(ds, lang),
                                   export_figure(ds, lang), corridor_figure(ds, lang)) if c],
            "tables": _tables(ds, lang),
            "sankey_svg": sankey_svg(flows),
            "sankey_html": sankey_html(ds, year, lang) if interactive else "",
            "sankey_detail_html": sankey_html(ds, year, lang, True) if interactive else "",
            "sankey_caption": sankey_caption(ds, year, lang),
        })
    context["key_messages"] = key_messages(ds, counterfactual, lang)
    return _environment().get_template("report.html.j2").render(**context)


def _description(ds: xr.Dataset, lang: str) -> str:
    """The scenario's description in the report's language ('' for Chinese without one)."""
    if lang == "zh":
        return str(ds.attrs.get("scenario_description_zh", ""))
    return str(ds.attrs.get("scenario_description", ""))


class _Strings:
    """Attribute access to translated strings inside the template (``t.title``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getattr__(self, key: str) -> str:
        return text(key, self.lang)


def _version() -> str:
    try:
        return importlib.metadata.version("ziya")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


def _data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that allows nothing but inline ``data:`` URIs."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def write_pdf(html: str, target: Path) -> Path:
    """Render HTML to PDF with WeasyPrint, fetching nothing outside the document."""
    from weasyprint import HTML

    # WeasyPrint logs every SVG presentation attribute it maps itself ("Ignored `fill`")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, url_fetcher=_data_only_fetcher(), base_url=None)
    return atomic_write(target, lambda tmp: document.write_pdf(tmp))


def write_report(ds: xr.Dataset, folder: Path | str, lang: str = "en",
                 allow_nonoptimal: bool = False, source: str = "",
                 counterfactual: xr.Dataset | None = None) -> dict[str, Path]:
    """Write ``report.html`` and ``report.pdf`` for one result cube into ``folder``, with key
    messages against ``counterfactual`` when one is given."""
    folder = Path(folder)
    html = render_html(ds, lang, True, allow_nonoptimal, source, counterfactual)
    page = atomic_write(folder / "report.html", lambda tmp: tmp.write_text(html, "utf-8"))
    printable = render_html(ds, lang, False, allow_nonoptimal, source, counterfactual)
    pdf = write_pdf(printable, folder / "report.pdf")
    return {"html": page, "pdf": pdf}


#: The indicators of a comparison and their quantities (net result = revenue − cost).
COMPARED = {"net_result_cny": "money", "total_cost_cny": "money", "total_revenue_cny": "money",
            "total_emissions_tco2e": "emissions", "material_sold_t": "mass",
            "avoided_tco2e": "emissions"}


def comparison_frame(cubes: dict[str, xr.Dataset]) -> pd.DataFrame:
    """Headline indicators per scenario (rows: indicators, columns: scenarios)."""
    rows = {}
    for name, ds in cubes.items():
        head = headline(ds)
        avoided = float(ds["ledger_avoided"].sum()) if "ledger_avoided" in ds and \
            ds["ledger_avoided"].ndim else 0.0
        rows[name] = {k: head.get(k, np.nan) for k in COMPARED} | {"avoided_tco2e": avoided}
    return pd.DataFrame(rows).reindex(list(COMPARED))




def write_comparison(cubes: dict[str, xr.Dataset], folder: Path | str, lang: str = "en",
                     reference: str | None = None) -> dict[str, Path]:
    """A side-by-side comparison of several scenarios, with differences to a reference; for a
    sweep, its response in words and members named by their swept values."""
    from model.report.figures import band_figure, line_figure

    folder = Path(folder)
    cubes = _in_study_order(cubes)
    reference = reference or next(iter(cubes))
    frame = comparison_frame(cubes)
    diff = frame.sub(frame[reference], axis=0)
    labels = [text(k, lang) for k in frame.index]
    shown = {n: member_label(n, ds, lang) for n, ds in cubes.items()}
    emissions = pd.DataFrame({shown[n]: ds["ledger_gross"].to_pandas()
                              for n, ds in cubes.items() if "ledger_gross" in ds})
    sales = pd.DataFrame({shown[n]: ds["sales"].sum(["node", "material"]).to_pandas()
                          for n, ds in cubes.items() if "sales" in ds})
    figure = band_figure if any("sample" in sweep_coords(ds) for ds in cubes.values()) \
        else line_figure
    charts = [figure(emissions, text("emissions_by_scenario", lang), "emissions", lang),
              figure(sales, text("sales_by_scenario", lang), "mass", lang)]
    context = {
        "lang": lang, "t": _Strings(lang), "reference": shown[reference], "labels": labels,
        "transpose": len(cubes) > 6,
        "scenarios": [shown[n] for n in frame.columns],
        "values": [[amount(v, COMPARED[k], lang) for v in frame.loc[k]] for k in frame.index],
        "diffs": [[amount(v, COMPARED[k], lang, signed=True) for v in diff.loc[k]]
                  for k in frame.index],
        "messages": sweep_messages(cubes, frame, lang),
        "charts": _sweep_charts(cubes, frame, lang) + charts,
        "statuses": {shown[n]: status_text(str(ds.attrs.get("status", "")), lang)
                     for n, ds in cubes.items()},
        "optimal": status_text("optimal", lang),
        "generated": text("generated", lang, version=_version(), file=", ".join(cubes)),
    }
    html = _environment().get_template("compare.html.j2").render(**context)
    page = atomic_write(folder / "report.html", lambda tmp: tmp.write_text(html, "utf-8"))
    pdf = write_pdf(html, folder / "report.pdf")
    table = pd.concat([_swept(cubes), frame])
    atomic_write(folder / "comparison.csv", lambda tmp: table.to_csv(tmp))
    return {"html": page, "pdf": pdf}


def _in_study_order(cubes: dict[str, xr.Dataset]) -> dict[str, xr.Dataset]:
    """Members of a grid or Pareto study by their coordinates; other scenarios as given."""
    coords = {n: sweep_coords(ds) for n, ds in cubes.items()}
    if not all(coords.values()) or any("sample" in c for c in coords.values()):
        return cubes
    axes = list(next(iter(coords.values())))
    return dict(sorted(cubes.items(), key=lambda item: tuple(
        coords[item[0]].get(a, np.inf) for a in axes)))


def _swept(cubes: dict[str, xr.Dataset]) -> pd.DataFrame:
    """The swept coordinates of each member as rows (``price [CNY/tCO2e]``) and its label;
    empty for scenarios that are not a sweep."""
    coords = {n: sweep_coords(ds) for n, ds in cubes.items()}
    if not any(coords.values()):
        return pd.DataFrame(columns=list(cubes))
    first = next(ds for n, ds in cubes.items() if coords[n])
    axes = list(dict.fromkeys(a for c in coords.values() for a in c))
    rows: dict[str, dict[str, object]] = {"label": {n: member_label(n, ds, "en")
                                                    for n, ds in cubes.items()}}
    rows |= {axis_text(first, a, "en"): {n: coords[n].get(a, np.nan) for n in cubes}
             for a in axes}
    return pd.DataFrame(rows).T.reindex(columns=list(cubes))


def _sweep_charts(cubes: dict[str, xr.Dataset], frame: pd.DataFrame, lang: str) -> list[str]:
    """A Pareto front, or the response to the first grid axis, when the cubes are a sweep."""
    from model.report.figures import xy_figure

    coords = {name: sweep_coords(ds) for name, ds in cubes.items()}
    if not all(coords.values()) or any("sample" in c for c in coords.values()):
        return []
    emissions = frame.loc["total_emissions_tco2e"].to_numpy(float)
    net = frame.loc["net_result_cny"].to_numpy(float)
    net_label, emissions_label = text("net_result_cny", lang), text("total_emissions_tco2e", lang)
    if all("pareto_point" in c for c in coords.values()):
        return [xy_figure(emissions, net, (emissions_label, net_label),
                          text("pareto_chart", lang), ("emissions", "money"), lang)]
    axis = next(iter(next(iter(coords.values()))))
    x = np.array([c.get(axis, np.nan) for c in coords.values()], float)
    label = axis_text(next(iter(cubes.values())), axis, lang)
    return [xy_figure(x, net, (label, net_label), net_label, (None, "money"), lang),
            xy_figure(x, emissions, (label, emissions_label), emissions_label,
                      (None, "emissions"), lang)]


def dumps(ds: xr.Dataset) -> str:
    """JSON of the headline numbers (for scripts and tests)."""
    return json.dumps(headline(ds), default=float)
