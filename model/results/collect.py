"""Combine per-scenario result files into one cube, and export to the IAMC long format."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

__all__ = ["COMBINED", "collect", "to_iamc"]

COMBINED = "combined"  # reserved file stem for the combined cube inside a sweep folder

# Per-scenario variables whose dimension is a list of rows, not a shared coordinate.
RAGGED_DIMS = ("entry", "input_row")


def _prepare(ds: xr.Dataset) -> xr.Dataset:
    """One file -> one slice along ``scenario``: status and objective become variables."""
    ds = ds.drop_dims([d for d in RAGGED_DIMS if d in ds.dims])
    name = str(ds.attrs.get("scenario", ds.encoding.get("source", "?")))
    coords = json.loads(ds.attrs.get("sweep_coords", "{}") or "{}")
    extra = {
        "status": xr.DataArray(str(ds.attrs.get("status", "unknown"))),
        "objective": xr.DataArray(float(ds.attrs.get("objective", np.nan)),
                                  attrs={"units": "CNY", "long_name": "present value of net cost"}),
        **{f"sweep_{k}": xr.DataArray(float(v)) for k, v in coords.items()},
    }
    ds = ds.assign(extra)
    return ds.expand_dims(scenario=[name])


def collect(folder: Path | str, lazy: bool = True) -> xr.Dataset:
    """All ``*.nc`` results in ``folder`` as one dataset with a ``scenario`` dimension.

    With ``lazy`` (needs dask) the files are opened, not loaded: a sweep larger than memory
    can be inspected. Status and objective are data variables along ``scenario``.
    """
    files = sorted(p for p in Path(folder).glob("*.nc")
                   if not p.stem.endswith("_mac") and p.stem != COMBINED)
    if not files:
        raise FileNotFoundError(f"no result files (*.nc) in {folder}")
    if lazy:
        combined = xr.open_mfdataset(files, combine="nested", concat_dim="scenario",
                                     preprocess=_prepare, join="outer", compat="override",
                                     coords="minimal", data_vars="all",
                                     combine_attrs="drop_conflicts", engine="netcdf4")
    else:
        parts = []
        for f in files:
            with xr.open_dataset(f, engine="netcdf4") as ds:
                parts.append(_prepare(ds.load()))
        combined = xr.concat(parts, dim="scenario", join="outer", compat="override",
                             coords="minimal", data_vars="all", combine_attrs="drop_conflicts")
    combined.attrs["title"] = "ziya combined result cube"
    # netCDF stores an empty dimension (no ledger entries) as unlimited; the first file's
    # encoding names it though ``_prepare`` dropped it, and writing would warn
    unlimited = combined.encoding.get("unlimited_dims") or set()
    combined.encoding["unlimited_dims"] = {d for d in unlimited if d in combined.dims}
    return _study_dims(combined)


QUANTILES = (0.05, 0.5, 0.95)


def _study_dims(combined: xr.Dataset) -> xr.Dataset:
    """Pareto fronts get a ``pareto_point`` and Monte Carlo studies a ``sample`` dimension
    (``scenario`` stays as a coordinate), with quantiles of key outputs for samples."""
    for study in ("pareto_point", "sample"):
        name = f"sweep_{study}"
        if name not in combined or combined[name].isnull().any():
            continue
        points = combined[name].values.astype(int)
        combined = combined.drop_vars(name).assign_coords({study: ("scenario", points)})
        combined = combined.swap_dims({"scenario": study})
        if study == "sample":
            combined = combined.assign(_quantiles(combined))
    return combined


def _quantiles(combined: xr.Dataset) -> dict[str, xr.DataArray]:
    out = {}
    for name, long in (("objective", "present value of net cost"),
                       ("ledger_gross", "gross emissions"), ("ledger_net", "net emissions")):
        if name in combined:
            values = combined[name].load()
            out[f"{name}_quantiles"] = values.quantile(list(QUANTILES), dim="sample").assign_attrs(
                units=values.attrs.get("units", ""), long_name=f"{long}: 5%, 50%, 95% of samples")
    return out


_VARIABLES = {
    "ledger_by_scope": ("Emissions|Gross|{scope}", "tCO2e/yr", ["scope"]),
    "cost": ("Cost|{cost_category}", "CNY/yr", ["cost_category"]),
    "revenue": ("Revenue", "CNY/yr", []),
}


def to_iamc(combined: xr.Dataset, model_name: str = "ziya") -> pd.DataFrame:
    """Long IAMC table: model, scenario, region, variable, unit, year, value.

    System totals use region ``System``; sales are reported per market node.
    """
    for study in ("sample", "pareto_point"):
        if study in combined.dims:
            combined = combined.swap_dims({study: "scenario"})
    rows = []
    for name, (template, unit, dims) in _VARIABLES.items():
        if name not in combined:
            continue
        frame = combined[name].to_series().dropna().reset_index()
        for record in frame.itertuples(index=False):
            values = record._asdict()
            rows.append((values["scenario"], "System",
                         template.format(**{d: values[d] for d in dims}), unit,
                         int(values["year"]), float(values[name])))
    if "sales" in combined:
        sales = combined["sales"].to_series().dropna().reset_index()
        for record in sales.itertuples(index=False):
            rows.append((record.scenario, record.node, f"Sales|{record.material}", "t/yr",
                         int(record.year), float(record.sales)))
    table = pd.DataFrame(rows, columns=["scenario", "region", "variable", "unit", "year",
                                        "value"])
    table.insert(0, "model", model_name)
    return table.sort_values(["scenario", "region", "variable", "year"]).reset_index(drop=True)
