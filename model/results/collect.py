"""Combine per-scenario result files into one cube (the IAMC export, ``to_iamc``, lives in
``model.results.iamc`` and is re-exported here)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr

from model.results.iamc import to_iamc

__all__ = ["COMBINED", "collect", "to_iamc"]

COMBINED = "combined"  # reserved file stem for the combined cube inside a sweep folder

# Per-scenario variables whose dimension is a list of rows, not a shared coordinate.
RAGGED_DIMS = ("entry", "input_row")


#: Result files adding up to more bytes than this are combined lazily (dask), not loaded.
LAZY_ABOVE = 2_000_000_000


def _ragged(path: Path) -> list[str]:
    """The variables of a result file on a ``RAGGED_DIMS`` dimension (read from its header:
    decoding their strings is most of the time it takes to open a file)."""
    import netCDF4

    with netCDF4.Dataset(path) as nc:
        return [name for name, var in nc.variables.items()
                if set(var.dimensions) & set(RAGGED_DIMS)]


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


def collect(folder: Path | str, lazy: bool | None = None) -> xr.Dataset:
    """All ``*.nc`` results in ``folder`` as one dataset with a ``scenario`` dimension.

    With ``lazy`` (needs dask) the files are opened, not loaded: a sweep larger than memory
    can be inspected. By default the files are opened lazily only when they add up to more
    than ``LAZY_ABOVE`` bytes (loading 20 default-data members: 2.2 s; opening them lazily
    and computing: 5-6 s). Status and objective are data variables along ``scenario``; the
    per-scenario rows (ledger entries, input appendix) are left out, and never read.
    """
    files = sorted(p for p in Path(folder).glob("*.nc")
                   if not p.stem.endswith("_mac") and p.stem != COMBINED)
    if not files:
        raise FileNotFoundError(f"no result files (*.nc) in {folder}")
    if lazy is None:
        lazy = sum(f.stat().st_size for f in files) > LAZY_ABOVE
    if lazy:
        combined = xr.open_mfdataset(files, combine="nested", concat_dim="scenario",
                                     preprocess=_prepare, join="outer", compat="override",
                                     coords="minimal", data_vars="all",
                                     combine_attrs="drop_conflicts", engine="netcdf4",
                                     drop_variables=sorted(set().union(
                                         *(_ragged(f) for f in files))))
    else:
        parts = []
        for f in files:
            with xr.open_dataset(f, engine="netcdf4", drop_variables=_ragged(f)) as ds:
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
