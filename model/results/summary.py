"""Tidy summary tables of a result cube (read only from the cube, never from Pyomo)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.report.i18n import category_text
from model.report.names import KINDS, names
from model.results.substances import in_tonnes
from model.results.trade import balance_of_trade, break_even, trade_flows

__all__ = ["headline", "key_prices", "summary_tables"]


def _years(ds: xr.Dataset, count: int = 3) -> list[int]:
    years = [int(y) for y in ds["year"].to_numpy()] if "year" in ds.coords else []
    if len(years) <= count:
        return years
    picks = np.linspace(0, len(years) - 1, count).round().astype(int)
    return [years[i] for i in sorted(set(picks))]


def headline(ds: xr.Dataset) -> dict[str, float | str]:
    """Status, objective and horizon totals (undiscounted sums over all years).

    ``net_result_cny`` = revenue − cost in present value, the sign every report uses (a
    gain is positive); ``objective_cny`` is the solver's objective, cost − revenue.
    """
    objective = float(ds.attrs.get("objective", np.nan))
    out: dict[str, float | str] = {
        "scenario": str(ds.attrs.get("scenario", "")),
        "status": str(ds.attrs.get("status", "unknown")),
        "objective_cny": objective,
        "net_result_cny": 0.0 - objective,
    }
    if "cost" in ds:
        out["total_cost_cny"] = float(ds["cost"].sum())
        out["total_revenue_cny"] = float(ds["revenue"].sum())
        out["total_emissions_tco2e"] = float(ds["emissions"].sum())
        out["material_sold_t"] = float(in_tonnes(ds["sales"]).sum())
    if "stockpile" in ds and ds["stockpile"].size:
        # the untreated backlog: stock held when the horizon ends
        out["backlog_t"] = float(ds["stockpile"].isel(year=-1).sum())
    return out


def _pivot(series: pd.Series, columns: str, years: list[int]) -> pd.DataFrame:
    if series.empty:
        return pd.DataFrame()
    frame = series.reset_index()
    frame = frame[frame["year"].isin(years)]
    index = [c for c in frame.columns if c not in (columns, series.name)]
    table = frame.pivot_table(index=index, columns=columns, values=series.name, aggfunc="sum")
    return table.where(table.abs() > 1e-9, 0.0) + 0.0  # no "-0.0" from solver round-off


def _columns(table: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    return table[[y for y in years if y in table.columns]] if not table.empty else table


def _sum_over(ds: xr.Dataset, name: str, keep: list[str]) -> pd.Series:
    array = ds[name]
    drop = [d for d in array.dims if d not in keep]
    total = array.sum(drop, min_count=1) if drop else array
    return total.to_series().dropna().rename(name)


def _by_stage(ds: xr.Dataset) -> pd.Series:
    """Tonnes entering the processes of each stage (empty for a network without processes)."""
    if ds.sizes.get("process", 0) == 0:
        return pd.Series(dtype=float, name="t")
    stage_input = in_tonnes(ds["process_input"]).sum("material", min_count=1)
    return stage_input.groupby("process_stage").sum().to_series().rename("t")


def _capacity_use(ds: xr.Dataset) -> pd.Series:
    """Activity over capacity where the capacity is limited (finite and above zero)."""
    capacity = ds["capacity"]
    limited = capacity.where((capacity > 0) & np.isfinite(capacity))
    return (ds["activity"] / limited).to_series().dropna().rename("use")


def _named(table: pd.DataFrame, ds: xr.Dataset) -> pd.DataFrame:
    """``table`` with the ids in its index replaced by English names (materials, places,
    processes, stages, cost categories); the levels keep their names."""
    if table.empty:
        return table
    kinds = {ids: kind for kind, (ids, _) in KINDS.items()}
    maps: dict[str, dict[str, str] | None] = {
        level: names(ds, kinds[level], "en") if level in kinds else None
        for level in table.index.names if level is not None}
    if "cost_category" in maps:
        maps["cost_category"] = {str(c): category_text(str(c), "en")
                                 for c in table.index.get_level_values("cost_category")}
    if not any(maps.values()):
        return table
    index = table.index
    if isinstance(index, pd.MultiIndex):
        levels = [_relabel(index.levels[i], maps.get(str(name)))
                  for i, name in enumerate(index.names)]
        return table.set_axis(index.set_levels(levels, verify_integrity=False), axis=0)
    return table.set_axis(_relabel(index, maps.get(str(index.name))), axis=0)


def _relabel(ids: pd.Index, mapping: dict[str, str] | None) -> pd.Index:
    return ids.map(lambda v: mapping[str(v)]) if mapping else ids


def summary_tables(ds: xr.Dataset, labels: bool = True) -> dict[str, pd.DataFrame]:
    """Flows by stage and market, capacity use, costs, emissions, shadow prices.

    With ``labels`` (the default: these tables are for people) materials, places, processes,
    stages and cost categories show their English names; ``labels=False`` keeps the ids.
    """
    if "activity" not in ds:
        return {}
    years = _years(ds)
    tables = {
        "throughput by stage [t/yr]": _pivot(_by_stage(ds), "year", years),
        "sales by market node and material [t/yr]": _pivot(
            _sum_over(ds, "sales", ["node", "material", "year"]), "year", years),
        "capacity use [activity / capacity]": _pivot(_capacity_use(ds), "year", years),
        "cost by category [CNY/yr]": _pivot(ds["cost"].to_series(), "year", years),
        "revenue [CNY/yr]": _pivot(ds["revenue"].to_series().rename("revenue"), "year", years),
        "emissions by source [tCO2e/yr]": _pivot(ds["emissions"].to_series(), "year", years),
        "emission species [t/yr]": _optional(ds, "species_emissions", years),
        "elements in sales [t/yr]": _optional(ds, "sales_element", years, "node"),
        "shadow prices [CNY/t, CNY/tCO2e]": key_prices(ds, labels=labels),
        "border crossings [t/yr]": _columns(trade_flows(ds), years),
        "balance of trade, customs value [CNY/yr]": _columns(balance_of_trade(ds), years),
        "trade break-even: gap to opening, or headroom of a used crossing [CNY/t]":
            break_even(ds, years),
    }
    return {k: _named(v, ds) if labels else v for k, v in tables.items() if not v.empty}


def _optional(ds: xr.Dataset, name: str, years: list[int], *total: str) -> pd.DataFrame:
    """A variable the cube has only for some networks, by year (summed over ``total``)."""
    if name not in ds or ds[name].size == 0:
        return pd.DataFrame()
    array = ds[name].sum(list(total)) if total else ds[name]
    series = array.to_series()
    return _pivot(series[series != 0], "year", years)


def key_prices(ds: xr.Dataset, top: int = 8, labels: bool = False) -> pd.DataFrame:
    """Material shadow prices for the materials with most throughput, and the carbon price.

    For each material: the range across nodes in the first and last year. The items read
    ``material <id>``, or ``material <English name>`` with ``labels``.
    """
    if "material_price" not in ds:
        return pd.DataFrame()
    years = sorted({int(ds["year"][0]), int(ds["year"][-1])})  # one year: one row per item
    volume = ds["sales"].sum(["node", "year"]).fillna(0) + ds["supply"].sum(
        ["node", "year"]).fillna(0)
    materials = volume.sortby(volume, ascending=False)["material"].to_numpy()[:top]
    shown = names(ds, "material", "en") if labels else {}
    rows = []
    for material in materials:
        prices = ds["material_price"].sel(material=material)
        item = f"material {shown.get(str(material), material)}"
        for year in years:
            values = prices.sel(year=year).dropna("node")
            if values.size:
                rows.append({"item": item, "year": year,
                             "min": float(values.min()), "max": float(values.max())})
    cap = ds["carbon_shadow_price"].dropna("year") if "carbon_shadow_price" in ds else None
    if cap is not None:
        for year, value in cap.to_series().items():
            rows.append({"item": "carbon cap", "year": int(year), "min": float(value),
                         "max": float(value)})
    return pd.DataFrame(rows).set_index(["item", "year"]) if rows else pd.DataFrame()
