"""The scenario table: one row of headline figures per result cube, set against a base cube.

Columns (totals over the model years, undiscounted, except the net result, which is the
present value of revenue − cost as in every report):

* ``net_result``: present value, CNY;
* ``gross``, ``avoided``, ``net``: the carbon ledger's gross emissions, emissions avoided by
  displacing primary production, and gross − avoided, tCO2e;
* ``avoided_lost``: avoided emissions lost against the base (leakage through products no
  longer made), tCO2e;
* ``inside``, ``outside``: the change of gross emissions against the base inside and outside
  the boundary of the scenario's scoped carbon instrument (the cap first), tCO2e; NaN when no
  instrument has a node boundary. A rise outside is leakage across the boundary;
* ``backlog``: tonnes held in stockpiles at the end of the last year (collected material not
  yet treated);
* ``built``: new capacity over the horizon, t/yr, and ``built_most``, the stage that built
  most;
* ``shadow_price``: the highest carbon shadow price of any year (cap, intensity) or of the
  horizon budget, CNY/tCO2e; NaN when no carbon limit binds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.results.compare import BINDING, totals

__all__ = ["COLUMNS", "boundary_split", "emissions_split", "in_force", "scenario_table",
           "table_row", "to_markdown"]

COLUMNS = ("status", "net_result", "gross", "avoided", "net", "avoided_lost", "inside",
           "outside", "backlog", "built", "built_most", "shadow_price")


def boundary_split(ds: xr.Dataset, instrument: str | None = None
                   ) -> tuple[str, xr.DataArray, float, float] | None:
    """The scoped instrument (``instrument``, or the cap first, else the first with a node
    boundary), its 0/1 node coverage, and the gross emissions of ``ds`` summed over the
    horizon inside and outside that boundary. None when no instrument has a boundary."""
    if "instrument_scope" not in ds or "emissions_node" not in ds:
        return None
    scope = ds["instrument_scope"]
    scoped = [str(i) for i in scope["instrument"].values
              if float(scope.sel(instrument=i).min()) < 1]
    if instrument is None:
        if not scoped:
            return None
        instrument = "cap" if "cap" in scoped else scoped[0]
    inside = scope.sel(instrument=instrument)
    return instrument, inside, *emissions_split(ds, inside)


def in_force(ds: xr.Dataset, instrument: str) -> bool:
    """Whether the scenario of ``ds`` sets ``instrument``: a finite cap, a positive price, a
    budget row, or an intensity standard with rows (its scope alone is data, not policy)."""
    if instrument == "cap":
        return "carbon_cap" in ds and bool(np.isfinite(ds["carbon_cap"].values).any())
    if instrument == "price":
        return "carbon_price" in ds and bool((ds["carbon_price"].values > 0).any())
    name = f"{instrument}_shadow_price"  # a budget or standard in force has rows: a price
    return name in ds and bool(np.isfinite(ds[name].values).any())


def emissions_split(ds: xr.Dataset, inside: xr.DataArray) -> tuple[float, float]:
    """Gross emissions of ``ds`` over the horizon at the nodes ``inside`` marks 1, and at the
    others (a node missing from ``inside`` is outside)."""
    by_node = ds["emissions_node"].sum(["source", "year"]).to_series()
    covered = inside.to_series().reindex(by_node.index, fill_value=0.0)
    return float((by_node * covered).sum()), float((by_node * (1 - covered)).sum())


def _backlog(ds: xr.Dataset) -> float:
    if "stockpile" not in ds or ds["stockpile"].sizes.get("year", 0) == 0:
        return 0.0
    return float(ds["stockpile"].isel(year=-1).sum())


def _built(ds: xr.Dataset) -> tuple[float, str]:
    if "new_capacity" not in ds or ds["new_capacity"].size == 0:
        return 0.0, ""
    by_stage = ds["new_capacity"].sum("year").groupby("process_stage").sum().to_series()
    if float(by_stage.max()) <= 0.5:
        return 0.0, ""
    return float(by_stage.sum()), str(by_stage.idxmax())


def _shadow_price(ds: xr.Dataset) -> float:
    prices = [float(np.abs(ds[name]).max()) for name in
              ("carbon_shadow_price", "intensity_shadow_price", "budget_shadow_price")
              if name in ds and ds[name].size]
    highest = max(prices, default=0.0)
    return highest if highest > BINDING else float("nan")


def table_row(ds: xr.Dataset, base: xr.Dataset | None = None) -> dict[str, object]:
    """One row of the scenario table (see the module docstring); the columns that compare
    with the base are NaN without one."""
    now = totals(ds)
    built, built_most = _built(ds)
    row: dict[str, object] = {
        "status": str(ds.attrs.get("status", "unknown")),
        "net_result": now["net_result"], "gross": now["gross"], "avoided": now["avoided"],
        "net": now["gross"] - now["avoided"], "avoided_lost": float("nan"),
        "inside": float("nan"), "outside": float("nan"), "backlog": _backlog(ds),
        "built": built, "built_most": built_most, "shadow_price": _shadow_price(ds)}
    if base is not None:
        row["avoided_lost"] = totals(base)["avoided"] - now["avoided"]
        split = boundary_split(ds)
        if split is not None and "emissions_node" in base:
            _, inside, now_in, now_out = split
            was_in, was_out = emissions_split(base, inside)
            row["inside"], row["outside"] = now_in - was_in, now_out - was_out
    return row


def scenario_table(cubes: dict[str, xr.Dataset], base: str | None = None) -> pd.DataFrame:
    """The scenario table of ``cubes`` (name → cube), each against the cube named ``base``."""
    if base is not None and base not in cubes:
        raise KeyError(f"base {base!r} is not among the cubes: {', '.join(cubes)}")
    reference = cubes[base] if base is not None else None
    rows = {name: table_row(ds, reference) for name, ds in cubes.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(COLUMNS)) \
        .rename_axis("scenario")


def _fixed(value: object, scale: float, digits: int, signed: bool = False) -> str:
    if not isinstance(value, (int, float)) or not np.isfinite(value):
        return "–"
    shown = round(float(value) / scale, digits) + 0.0  # no "-0.0"
    return f"{shown:+,.{digits}f}" if signed else f"{shown:,.{digits}f}"


def to_markdown(table: pd.DataFrame) -> str:
    """The table in the units a reader takes in: bn CNY, MtCO2e, kt, kt/yr, CNY/tCO2e."""
    head = ("| scenario | status | net result, bn CNY (PV) | gross, MtCO2e | avoided, MtCO2e "
            "| net, MtCO2e | avoided lost vs base, MtCO2e | inside / outside the boundary vs "
            "base, MtCO2e | backlog at the end, kt | capacity built, kt/yr (most) | carbon "
            "shadow price, CNY/t (max) |")
    lines = [head, "|" + "---|" * 11]
    for name, r in table.iterrows():
        boundary = "–" if not np.isfinite(r["inside"]) else \
            f"{_fixed(r['inside'], 1e6, 2, True)} / {_fixed(r['outside'], 1e6, 2, True)}"
        built = _fixed(r["built"], 1e3, 0) + (f" ({r['built_most']})" if r["built_most"] else "")
        lines.append(" | ".join([
            f"| {name}", str(r["status"]), _fixed(r["net_result"], 1e9, 2),
            _fixed(r["gross"], 1e6, 2), _fixed(r["avoided"], 1e6, 1), _fixed(r["net"], 1e6, 1),
            _fixed(r["avoided_lost"], 1e6, 1, True), boundary, _fixed(r["backlog"], 1e3, 0),
            built, _fixed(r["shadow_price"], 1, 0)]) + " |")
    return "\n".join(lines) + "\n"
