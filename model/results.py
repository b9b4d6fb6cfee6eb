"""The result cube: one ``xarray.Dataset`` per solved scenario, with units and provenance.

Every variable comes from a sparse family and is unstacked over its own dimensions only;
combinations that do not exist in the network are NaN, not 0. Shadow prices are undiscounted
(divided by the year's discount factor) and signed so that a positive value is what one more
unit of the constrained thing is worth.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import xarray as xr

from model.data import ModelData
from model.io import atomic_write
from model.linear import RowFamily, VarFamily, registry
from model.sets import IndexSets
from model.solve import SolveResult

__all__ = ["extract_results", "read_results", "write_results"]

FORMAT_VERSION = "1"


def _array(keys: pd.DataFrame, values: np.ndarray, attrs: dict[str, str]) -> xr.DataArray:
    series = pd.Series(values, index=pd.MultiIndex.from_frame(keys))
    series = series[~series.index.duplicated()]
    if series.empty:
        coords = {c: np.array([], dtype=int if c == "year" else str) for c in keys.columns}
        shape = tuple(0 for _ in keys.columns)
        return xr.DataArray(np.empty(shape), coords=coords, dims=list(keys.columns), attrs=attrs)
    return xr.DataArray.from_series(series).assign_attrs(attrs)


def _family_array(family: VarFamily, name: str) -> xr.DataArray:
    values = family.values()
    return _array(family.keys, values, {"units": family.units, "long_name": family.long_name})


def _row_duals(rows: RowFamily, duals: dict[object, float]) -> np.ndarray:
    values = np.full(len(rows.keys), np.nan)
    values[rows.kept] = [duals.get(c, np.nan) for c in rows.con.values()]
    return values


def _shadow(
    rows: RowFamily, duals: dict[object, float], data: ModelData, sign: float, units: str,
    long_name: str,
) -> xr.DataArray:
    factor = dict(zip(data.years, data.discount_factors(), strict=True))
    discount = rows.keys["year"].map(factor).to_numpy(dtype=float)
    values = sign * _row_duals(rows, duals) / discount
    return _array(rows.keys, values + 0.0, {"units": units, "long_name": long_name})


def _by_year(terms: list, label: str, attribute: str, years: tuple[int, ...]) -> pd.DataFrame:
    """Sum of term values per (``label`` taken from each term's ``attribute``, year)."""
    records = [pd.DataFrame({label: getattr(t, attribute), "year": t.year,
                             "value": t.family.values()[t.col] * t.coef}) for t in terms]
    if not records:
        return pd.DataFrame(columns=[label, "year", "value"])
    total = pd.concat(records).groupby([label, "year"], as_index=False)["value"].sum()
    return total[total["year"].isin(years)]


def _costs(m: pyo.ConcreteModel, data: ModelData) -> dict[str, xr.DataArray]:
    reg = registry(m)
    table = _by_year(reg.cost_terms, "cost_category", "category", data.years)
    revenue = table[table["cost_category"] == "revenue"]
    costs = table[table["cost_category"] != "revenue"]
    return {
        "cost": _array(costs[["cost_category", "year"]], costs["value"].to_numpy(),
                       {"units": "CNY/yr", "long_name": "cost by category (undiscounted)"}),
        "revenue": _array(revenue[["year"]], -revenue["value"].to_numpy(),
                          {"units": "CNY/yr", "long_name": "sales revenue (undiscounted)"}),
    }


def _process_flows(activity: VarFamily, sets: IndexSets, data: ModelData) -> dict:
    io = sets.IO_pmd.assign(coef=data.lookup("process_io", sets.IO_pmd))
    frame = activity.keys.assign(activity=activity.values()).merge(io, on="process")
    frame["value"] = frame["activity"] * frame["coef"]
    out = {}
    for direction, name in (("in", "process_input"), ("out", "process_output")):
        part = frame[frame["direction"] == direction]
        out[name] = _array(part[["process", "material", "year"]], part["value"].to_numpy(),
                           {"units": "t/yr", "long_name": f"process {direction}put by material"})
    return out


def _capacity(reg: object, data: ModelData) -> xr.DataArray:
    families = reg.families  # type: ignore[attr-defined]
    activity, new = families["activity"], families["new_capacity"]
    keys = activity.keys
    existing = data.lookup("process_capacity", keys)
    built = new.keys.assign(value=new.values(), life=data.lookup("process_lifetime", new.keys))
    service = built.rename(columns={"year": "built"}).merge(keys, on="process")
    service = service[(service["year"] >= service["built"])
                      & (service["year"] < service["built"] + service["life"])]
    added = service.groupby(["process", "year"])["value"].sum()
    total = existing + added.reindex(pd.MultiIndex.from_frame(keys), fill_value=0).to_numpy()
    return _array(keys, total, {"units": "t/yr", "long_name": "available capacity"})


def extract_results(
    m: pyo.ConcreteModel,
    data: ModelData,
    sets: IndexSets,
    result: SolveResult,
    attrs: dict[str, object] | None = None,
) -> xr.Dataset:
    """Turn the solved model into the result cube (see the module docstring)."""
    reg = registry(m)
    fam = reg.families
    cube = {
        "supply": _family_array(fam["supply"], "supply"),
        "sales": _family_array(fam["sales"], "sales"),
        "disposal": _family_array(fam["disposal"], "disposal"),
        "flow": _family_array(fam["flow"], "flow"),
        "activity": _family_array(fam["activity"], "activity"),
        "new_capacity": _family_array(fam["new_capacity"], "new_capacity"),
        "capacity": _capacity(reg, data),
        "emissions": _family_array(fam["emissions"], "emissions"),
        "credits": _family_array(fam["credits"], "credits"),
        **_process_flows(fam["activity"], sets, data),
        **_costs(m, data),
        # discrete decisions (whole plant units, route services), when the data has them
        **{name: _family_array(fam[name], name) for name in ("units_built", "route_open")
           if name in fam and len(fam[name])},
    }
    duals = result.duals
    rows = reg.rows
    if duals:
        cube["material_price"] = _shadow(rows["balance"], duals, data, -1.0, "CNY/t",
                                         "shadow price of the material at the node")
        cube["carbon_shadow_price"] = _shadow(rows["carbon_cap"], duals, data, -1.0,
                                              "CNY/tCO2e", "shadow price of the carbon cap")
        cube["capacity_shadow_price"] = _shadow(rows["process_capacity"], duals, data, -1.0,
                                                "CNY/t", "value of one more t/yr of capacity")
        cube["route_shadow_price"] = _shadow(rows["route_capacity"], duals, data, -1.0,
                                             "CNY/t", "value of one more t/yr on the route")
        cube["intensity_shadow_price"] = _shadow(
            rows["intensity_standard"], duals, data, -1.0, "CNY/tCO2e",
            "shadow price of the throughput intensity standard (per tCO2e of allowance)")
        cube["product_intensity_shadow_price"] = _shadow(
            rows["product_intensity_standard"], duals, data, -1.0, "CNY/tCO2e",
            "shadow price of the product intensity standard (per tCO2e of allowance)")
        cube["recovery_shadow_price"] = _shadow(
            rows["recovery_minimum"], duals, data, 1.0, "CNY/t",
            "cost of the recovery minimum per tonne of element it forces into products")
        budget = _row_duals(rows["carbon_budget"], duals)
        cube["budget_shadow_price"] = xr.DataArray(
            -float(budget[0]) + 0.0 if len(budget) else np.nan,
            attrs={"units": "CNY/tCO2e", "long_name": "shadow price of the cumulative budget "
                   "(CNY of the first model year)"})
    ds = xr.Dataset(cube)
    ds = _label_coords(ds, data)
    ds.attrs.update(_provenance(m, data, result))
    ds.attrs["carbon_accounting"] = data.accounting
    ds.attrs.update(attrs or {})
    return ds


def _label_coords(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    routes = data.sets["route"]
    if "route" in ds.dims:
        labels = routes.reindex(ds["route"].to_numpy())
        ds = ds.assign_coords(
            origin=("route", labels["origin"].to_numpy(dtype=str)),
            destination=("route", labels["destination"].to_numpy(dtype=str)),
            mode=("route", labels["mode"].to_numpy(dtype=str)),
        )
    if "node" in ds.dims:
        nodes = data.sets["node"].reindex(ds["node"].to_numpy())
        ds = ds.assign_coords(
            node_label=("node", nodes["label"].fillna("").to_numpy(dtype=str)),
            node_country=("node", nodes["country"].fillna("").to_numpy(dtype=str)),
        )
    if "process" in ds.dims:
        procs = data.sets["process"].reindex(ds["process"].to_numpy())
        ds = ds.assign_coords(
            process_node=("process", procs["node"].to_numpy(dtype=str)),
            process_stage=("process", procs["stage"].to_numpy(dtype=str)),
        )
    return ds


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _provenance(m: pyo.ConcreteModel, data: ModelData, result: SolveResult) -> dict:
    reg = registry(m)
    n_vars = sum(len(f) for f in reg.families.values())
    n_rows = sum(int(r.kept.sum()) for r in reg.rows.values())
    return {
        "title": "ziya result cube",
        "Conventions": "CF-1.8",
        "format_version": FORMAT_VERSION,
        "status": result.status,
        "termination_condition": result.termination_condition,
        "objective": float(result.objective) if result.objective is not None else np.nan,
        "objective_units": "CNY (present value, discounted to the first model year)",
        "objective_bound": float(result.bound) if result.bound is not None else np.nan,
        "mip_gap": float(result.gap) if result.gap is not None else np.nan,
        "duals_note": result.duals_note or "duals of the LP",
        "solver": result.solver,
        "solve_seconds": result.seconds,
        "n_variables": n_vars,
        "n_constraints": n_rows,
        "input_source": data.source,
        "input_hash": data.input_hash,
        "first_year": int(data.years[0]),
        "discount_rate": data.scalar("discount_rate"),
        "versions": json.dumps({p: _version(p) for p in
                                ("ziya", "pyomo", "highspy", "xarray", "pandas", "numpy")}),
    }


def input_provenance(data: ModelData) -> xr.Dataset:
    """Every input row's table, key, value, unit, source and confidence (for report appendices)."""
    frames = []
    for name, prov in data.provenance.items():
        if prov.empty:
            continue
        dims = [c for c in prov.columns if c not in ("value", "unit", "source", "confidence",
                                                       "low_canonical", "high_canonical")]
        key = prov[dims].astype(str).agg(", ".join, axis=1) if dims else ""
        frames.append(pd.DataFrame({"table": name, "key": key, "value": prov["value"],
                                    "unit": prov["unit"], "source": prov["source"],
                                    "confidence": prov["confidence"]}))
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["table", "key", "value", "unit", "source", "confidence"])
    coords = {f"input_{c}": ("input_row", table[c].astype(str).to_numpy()) for c in table.columns}
    return xr.Dataset(coords=coords)


def write_results(ds: xr.Dataset, path: Path | str) -> Path:
    """Write the cube to netCDF atomically (temporary file, then rename)."""
    return atomic_write(Path(path), lambda tmp: ds.to_netcdf(tmp, engine="netcdf4"))


def read_results(path: Path | str) -> xr.Dataset:
    """Read a cube written by ``write_results`` (loaded into memory, file closed)."""
    with xr.open_dataset(path, engine="netcdf4") as ds:
        return ds.load()
