"""Key messages: what a policy reader needs first, in words and numbers, from result cubes.

A scenario is read against its counterfactual (by default the scenario it ``extends``): the
net result, gross emissions, the cost per tonne abated, leakage (avoided emissions lost), the
stages and capacities that moved most and trade. Whatever the counterfactual, the messages
set the carbon shadow price beside the carbon price and the national ETS price of its year,
and name the limits that bind with what relaxing them is worth. The numbers and their
conventions are ``model.results.compare``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from model.report.i18n import text
from model.report.names import names
from model.report.numbers import amount, plain, share, unit_text
from model.results.compare import BINDING, MOVES, Binding, Contrast, binding_limits, contrast
from model.results.counterfactual import parent_file
from model.results.table import boundary_split, emissions_split, in_force
from model.results.trade import break_even, trade_flows

__all__ = ["axis_text", "key_messages", "member_label", "sweep_coords", "sweep_messages",
           "years_text"]


def years_text(years: list[int], lang: str) -> str:
    """Years as runs: ``2026–2030, 2033``."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return text("list_sep", lang).join(parts)


def _per_tonne(value: float, lang: str) -> str:
    return f"{plain(value, 0)} {unit_text('CNY/tCO2e', lang)}"


def _description(base: xr.Dataset, lang: str) -> str:
    words = str(base.attrs.get("scenario_description_zh" if lang == "zh" else
                               "scenario_description", "")).strip().rstrip(".。")
    if not words:
        return ""
    return f"（{words}）" if lang == "zh" else f" ({words})"


def _changes(frame: pd.DataFrame, ds: xr.Dataset, lang: str, kind: str = "stage") -> str:
    named = names(ds, kind, lang)
    return text("list_sep", lang).join(
        text("km_change", lang, name=named[str(getattr(row, kind))],
             base=amount(row.base, "mass", lang), value=amount(row.value, "mass", lang))
        for row in frame.itertuples())


def _boundary(ds: xr.Dataset, base: xr.Dataset, lang: str) -> list[dict[str, str]]:
    """Emissions inside and outside the boundary of the scenario's scoped instrument (the cap
    first), against the counterfactual: what moved outside is leakage."""
    split = boundary_split(ds)
    if split is None or "emissions_node" not in base:
        return []
    instrument, inside, now_in, now_out = split
    was_in, was_out = emissions_split(base, inside)
    # a scope in the data is no policy: say so when neither plan sets the instrument
    words = ("km_boundary" if in_force(ds, instrument) or in_force(base, instrument)
             else "km_boundary_unset")
    return [{"key": "boundary", "text": text(
        words, lang, instrument=text(f"instrument_{instrument}", lang),
        nodes=text("one_node" if int(inside.sum()) == 1 else "n_nodes", lang,
                   n=int(inside.sum())),
        inside=amount(now_in - was_in, "emissions", lang, signed=True),
        outside=amount(now_out - was_out, "emissions", lang, signed=True))}]


def _against(c: Contrast, ds: xr.Dataset, base: xr.Dataset, lang: str) -> list[dict[str, str]]:
    now, before, delta = c.totals, c.base_totals, c.change
    name = c.base_name
    if abs(delta["net_result"]) <= 1e-9 * abs(before["net_result"]) + 1.0 and \
            abs(delta["gross"]) <= MOVES and not len(c.stages) and not len(c.built) \
            and not len(c.sold):
        return [{"key": "unchanged", "text": text(
            "km_unchanged", lang, base=name, value=amount(now["net_result"], "money", lang),
            gross=amount(now["gross"], "emissions", lang))}]
    out = [{"key": "net", "text": text(
        "km_net", lang, value=amount(now["net_result"], "money", lang),
        delta=amount(delta["net_result"], "money", lang, signed=True), base=name,
        base_value=amount(before["net_result"], "money", lang))}]
    pct = delta["gross"] / before["gross"] if before["gross"] else float("nan")
    out.append({"key": "emissions", "text": text(
        "km_emissions", lang, value=amount(now["gross"], "emissions", lang),
        delta=amount(delta["gross"], "emissions", lang, signed=True), base=name,
        pct=("+" if pct > 0 else "") + share(pct, 1))})
    out += _boundary(ds, base, lang)
    if c.abated > MOVES:
        spent = delta["cost"] - delta["revenue"]
        key = "km_cost_abated" if spent >= 0 else "km_saving_abated"
        out.append({"key": "cost_per_tonne_abated", "text": text(
            key, lang, per_tonne=_per_tonne(abs(c.cost_per_tonne), lang),
            cost=amount(abs(spent), "money", lang),
            abated=amount(c.abated, "emissions", lang))})
        lost = -delta["avoided"]
        if lost > MOVES:
            system = lost - c.abated  # change of gross − avoided
            key = "km_leakage" if system > 0 else "km_leakage_small"
            out.append({"key": "leakage", "text": text(
                key, lang, lost=amount(lost, "emissions", lang), ratio=plain(c.leakage_ratio, 1),
                system=amount(abs(system), "emissions", lang))})
    if len(c.stages):
        out.append({"key": "stages", "text": text("km_stages", lang, year=c.year,
                                                  changes=_changes(c.stages, ds, lang))})
    if len(c.sold):
        out.append({"key": "sold", "text": text("km_sold", lang,
                                                changes=_changes(c.sold, ds, lang, "material"))})
    if len(c.built):
        out.append({"key": "built", "text": text("km_built", lang,
                                                 changes=_changes(c.built, ds, lang))})
    if max(abs(delta["exports"]), abs(delta["imports"])) > MOVES:
        out.append({"key": "trade", "text": text(
            "km_trade", lang, exports=amount(now["exports"], "mass", lang),
            imports=amount(now["imports"], "mass", lang),
            base_exports=amount(before["exports"], "mass", lang),
            base_imports=amount(before["imports"], "mass", lang))})
    return out


def _series(ds: xr.Dataset, name: str) -> pd.Series:
    if name not in ds or "year" not in ds[name].dims:
        return pd.Series(dtype=float)
    return ds[name].to_series().astype(float)


def _carbon(ds: xr.Dataset, lang: str) -> list[dict[str, str]]:
    """The carbon shadow price against the carbon price and the national ETS price."""
    shadow = _series(ds, "carbon_shadow_price").fillna(0.0)
    cap = _series(ds, "carbon_cap")
    ets = _series(ds, "carbon_price_reference")
    price = _series(ds, "carbon_price")
    binding = shadow[shadow > BINDING]
    if len(binding):
        year = int(binding.idxmax())
        reference = ""
        if ets.get(year, 0.0) > 0:
            reference = text("km_cap_reference", lang, ratio=plain(binding[year] / ets[year], 0),
                             ets=_per_tonne(ets[year], lang))
        return [{"key": "carbon_shadow_price", "text": text(
            "km_cap", lang, years=years_text([int(y) for y in binding.index], lang),
            price=_per_tonne(binding[year], lang), year=year, reference=reference)}]
    if len(cap) and np.isfinite(cap).any():
        return [{"key": "carbon_shadow_price", "text": text("km_cap_slack", lang)}]
    if len(price) and price.max() > 0:
        year = int(price.idxmax())
        reference = text("km_price_reference", lang, ets=_per_tonne(ets[year], lang)) \
            if ets.get(year, 0.0) > 0 else ""
        return [{"key": "carbon_price", "text": text(
            "km_price", lang, price=_per_tonne(price.max(), lang), reference=reference)}]
    return []


def _crossings(ds: xr.Dataset, lang: str) -> list[dict[str, str]]:
    """Where the network can cross borders: what crosses, or the corridor nearest to
    opening and its gap (``model.results.trade.break_even``)."""
    gaps = break_even(ds)
    if gaps.empty:
        return []
    flows = trade_flows(ds)
    place, material = names(ds, "node", lang), names(ds, "material", lang)

    def leg(route: str) -> str:
        return text("leg", lang, origin=place[str(ds["origin"].sel(route=route).item())],
                    destination=place[str(ds["destination"].sel(route=route).item())])

    if not flows.empty:
        total = flows.sum(axis=1).groupby(level=["route", "material"]).sum()
        total = total.sort_values(ascending=False)
        parts = [text("km_crossing", lang, leg=leg(r), material=material[m],
                      tonnes=amount(v, "mass", lang)) for (r, m), v in total.iloc[:3].items()]
        return [{"key": "crossings", "text": text(
            "km_crossings", lang, crossings=text("list_sep", lang).join(parts))}]
    words = ""
    for state, key in (("closed", "km_nearest"), ("closed by rule", "km_by_rule")):
        found = _nearest(gaps, state)
        if found is not None:
            route, item, year, gap = found
            words += text(key, lang, leg=leg(route), material=material[item], year=year,
                          gap=f"{plain(abs(gap), 0)} {unit_text('CNY/t', lang)}")
    return [{"key": "crossings", "text": words.strip()}] if words else []


def _nearest(gaps: pd.DataFrame, state: str) -> tuple[str, str, int, float] | None:
    """The crossing in ``state`` with the smallest gap (closed) or largest forgone saving
    (closed by rule), over routes, materials and years: route, material, year, gap."""
    if state not in gaps.index.get_level_values("state"):
        return None
    values = gaps.xs(state, level="state").stack().replace([np.inf, -np.inf], np.nan).dropna()
    if values.empty:
        return None
    (_, route, item, year) = values.idxmin()
    return str(route), str(item), int(year), float(values.min())


def _limit_name(limit: Binding, ds: xr.Dataset, lang: str) -> str:
    if limit.kind in ("carbon_cap", "carbon_budget"):
        return text(f"limit_{limit.kind}", lang)
    if limit.kind == "capacity":
        return text("limit_capacity", lang, name=names(ds, "process", lang)[limit.key[0]])
    if limit.kind == "user":
        return text("limit_user", lang, name=names(ds, "constraint", lang)[limit.key[0]])
    if limit.kind == "species":
        return text("limit_species", lang, name=names(ds, "species", lang)[limit.key[0]])
    if limit.kind == "shared":
        return text("limit_shared", lang, name=limit.key[0])
    if limit.kind == "hub":
        return text("limit_hub", lang, name=names(ds, "node", lang)[limit.key[0]])
    if limit.kind == "route":
        place = names(ds, "node", lang)
        route = ds["origin"].sel(route=limit.key[0]).item(), \
            ds["destination"].sel(route=limit.key[0]).item()
        return text("limit_route", lang, name=text("leg", lang, origin=place[str(route[0])],
                                                   destination=place[str(route[1])]))
    material, exporter, importer = limit.key
    return text("limit_quota", lang, name=names(ds, "material", lang)[material],
                exporter=exporter, importer=importer)


def _binding(ds: xr.Dataset, lang: str, top: int) -> list[dict[str, str]]:
    limits = binding_limits(ds)
    if not limits:
        return [{"key": "binding", "text": text("km_none_binding", lang)}]
    parts = []
    for limit in limits[:top]:
        name, years = _limit_name(limit, ds, lang), years_text(limit.years, lang)
        unit = "CNY/tCO2e" if limit.unit == "tCO2e" else "CNY/t"
        if np.isfinite(limit.relax_value) and limit.relax_value > 0:
            parts.append(text("km_limit", lang, name=name, years=years,
                              value=amount(limit.relax_value, "money", lang)))
        else:
            parts.append(text("km_limit_price", lang, name=name, years=years,
                              price=f"{plain(limit.shadow_price, 0)} {unit_text(unit, lang)}"))
    return [{"key": "binding", "text": text("km_binding", lang,
                                            limits=text("list_sep", lang).join(parts))}]


def key_messages(ds: xr.Dataset, base: xr.Dataset | None = None, lang: str = "en",
                 top: int = 4) -> dict[str, Any]:
    """The key messages of ``ds``: ``{"intro": str, "messages": [{"key", "text"}, ...]}``.

    With a counterfactual ``base`` the intro names it and the first messages say what
    changed; the carbon and binding-limit messages describe ``ds`` alone.
    """
    if "activity" not in ds:
        return {"intro": "", "messages": []}
    years = [int(y) for y in ds["year"].to_numpy()]
    span = f"{years[0]}–{years[-1]}"
    messages: list[dict[str, str]] = []
    if base is not None:
        intro = text("km_against", lang, base=str(base.attrs.get("scenario", "")),
                     description=_description(base, lang), span=span)
        messages += _against(contrast(ds, base), ds, base, lang)
    else:
        intro = text("km_alone" if parent_file(ds) else "km_root", lang)
    messages += _carbon(ds, lang)
    messages += _crossings(ds, lang)
    messages += _binding(ds, lang, top)
    return {"intro": intro, "messages": messages}


#: Indicators a sweep's response is stated for, with their quantity.
_RESPONSES = (("net_result_cny", "money"), ("total_emissions_tco2e", "emissions"),
              ("material_sold_t", "mass"), ("avoided_tco2e", "emissions"))


def sweep_coords(ds: xr.Dataset) -> dict[str, float]:
    """A study member's coordinates (``{"price": 75.0}``; empty for a plain scenario)."""
    return json.loads(str(ds.attrs.get("sweep_coords", "{}")) or "{}")


def _units(ds: xr.Dataset) -> dict[str, str]:
    """The unit of each of a member's coordinates (``×`` for a factor)."""
    return json.loads(str(ds.attrs.get("sweep_units", "{}")) or "{}")


def axis_text(ds: xr.Dataset, axis: str, lang: str) -> str:
    """A sweep axis with its unit: ``price [CNY/tCO2e]``, ``premium [×]``."""
    unit = _units(ds).get(axis, "")
    shown = "×" if unit == "×" else unit_text(unit, lang) if unit else ""
    return f"{axis} [{shown}]" if shown else axis


def member_label(name: str, ds: xr.Dataset, lang: str) -> str:
    """A member of a study by its swept values in ``lang`` (``price = 75 CNY/tCO2e``,
    ``样本 3``, ``budget = 6.61 MtCO2e``); a scenario that is not a member by its name."""
    coords = sweep_coords(ds)
    if not coords:
        return name
    if "sample" in coords:
        return text("sample_label", lang, i=int(coords["sample"]))
    if "budget_tco2e" in coords:
        return text("budget_label", lang, value=amount(coords["budget_tco2e"], "emissions", lang))
    units = _units(ds)
    parts = []
    for axis, value in coords.items():
        unit = units.get(axis, "")
        shown = f"×{value:g}" if unit == "×" else f"{value:g} {unit_text(unit, lang)}".strip()
        parts.append(f"{axis} = {shown}")
    return text("list_sep", lang).join(parts)


def _relative(first: float, last: float) -> str:
    if not first:
        return "–"
    change = (last - first) / abs(first)
    return ("+" if change > 0 else "") + share(change, 2 if abs(change) < 0.01 else 1)


def sweep_messages(cubes: dict[str, xr.Dataset], frame: pd.DataFrame,
                   lang: str = "en") -> list[dict[str, str]]:
    """The response of a sweep in words: along a grid's first axis, across Monte Carlo
    samples (median and 5th–95th percentiles), or along a Pareto front (cost per tonne).

    ``frame``: the comparison's indicators (rows) by member (columns).
    """
    coords = {name: sweep_coords(ds) for name, ds in cubes.items()}
    if not coords or not all(coords.values()):
        return []
    first = next(iter(cubes.values()))
    if any("sample" in c for c in coords.values()):
        out = []
        for key, quantity in _RESPONSES:
            values = frame.loc[key].to_numpy(float)
            low, mid, high = np.nanpercentile(values, [5, 50, 95])
            out.append({"key": f"spread_{key}", "text": text(
                "km_spread", lang, n=len(values), indicator=text(key, lang),
                median=amount(mid, quantity, lang), low=amount(low, quantity, lang),
                high=amount(high, quantity, lang))})
        return out
    if all("pareto_point" in c for c in coords.values()):
        emitted = frame.loc["total_emissions_tco2e"].to_numpy(float)
        net = frame.loc["net_result_cny"].to_numpy(float)
        order = np.argsort(emitted)
        low, high = order[0], order[-1]
        if emitted[high] - emitted[low] <= MOVES:
            return []
        average = (net[high] - net[low]) / (emitted[high] - emitted[low])
        return [{"key": "pareto", "text": text(
            "km_pareto", lang, high=amount(emitted[high], "emissions", lang),
            low=amount(emitted[low], "emissions", lang),
            net_high=amount(net[high], "money", lang), net_low=amount(net[low], "money", lang),
            average=_per_tonne(average, lang))}]
    axis = next(iter(next(iter(coords.values()))))
    x = np.array([c.get(axis, np.nan) for c in coords.values()], float)
    order = np.argsort(x)
    unit = _units(first).get(axis, "")
    span = (f"×{x[order[0]]:g}–×{x[order[-1]]:g}" if unit == "×" else
            f"{x[order[0]]:g}–{x[order[-1]]:g} {unit_text(unit, lang)}".strip())
    out = []
    emitted = frame.loc["total_emissions_tco2e"].to_numpy(float)
    if np.ptp(emitted) < 0.01 * max(abs(emitted).max(), 1.0):
        out.append({"key": "inert", "text": text("km_inert", lang, axis=axis, span=span)})
    for key, quantity in _RESPONSES:
        y = frame.loc[key].to_numpy(float)[order]
        start, end = y[0], y[-1]
        steps = np.abs(np.diff(y))
        words = text("km_response", lang, axis=axis, span=span, indicator=text(key, lang),
                     start=amount(start, quantity, lang), end=amount(end, quantity, lang),
                     change=_relative(start, end))
        total = float(np.abs(y - start).max())
        if len(steps) > 1 and total > 0 and steps.max() >= 0.5 * total and \
                total > 0.01 * max(abs(start), 1.0):
            at = int(np.argmax(steps))
            words += text("km_step", lang, a=f"{x[order][at]:g}", b=f"{x[order][at + 1]:g}")
        out.append({"key": f"response_{key}", "text": words})
    return out
