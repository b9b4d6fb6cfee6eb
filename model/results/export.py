"""Tidy long tables of result-cube variables, for spreadsheets and other tools.

``long_table(cube, "flow")`` has one row per key that exists (NaN combinations are left
out): the variable's dimensions as columns, then every coordinate that describes them (names
in English and Chinese, route ends and mode, a process's place and stage, ...), then ``value``
and ``unit``. Solver round-off (``|value| < 1e-9``) is written as 0.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

import numpy as np
import pandas as pd
import xarray as xr

from model.report.numbers import TINY

__all__ = ["exportable", "long_table"]


def exportable(ds: xr.Dataset) -> list[str]:
    """The names of the cube's variables that ``long_table`` can write."""
    return sorted(str(name) for name in ds.data_vars)


def _describing(ds: xr.Dataset, dims: tuple[Hashable, ...]) -> list[str]:
    """Non-index coordinates that lie along one of ``dims`` (labels, route ends, ...)."""
    return [str(name) for name, coord in ds.coords.items()
            if name not in ds.dims and coord.ndim == 1 and coord.dims[0] in dims]


def _row_units(frame: pd.DataFrame, unit: str) -> pd.Series | str:
    """The unit of each row: a quantity or price of a material counted in its own unit (MWh,
    piece) reads in that unit (``t/yr`` becomes ``MWh/yr``, ``CNY/t`` ``CNY/MWh``)."""
    if "material_unit" not in frame.columns or not re.search(r"\bt\b", unit):
        return unit
    own = frame["material_unit"].astype(str)
    return own.map(lambda u: unit if u == "t" else re.sub(r"\bt\b", u, unit))


def long_table(ds: xr.Dataset, name: str) -> pd.DataFrame:
    """The variable ``name`` as a long table (see the module docstring)."""
    if name not in ds.data_vars:
        raise KeyError(f"the cube has no variable {name!r}; it has: {', '.join(exportable(ds))}")
    array = ds[name]
    unit = str(array.attrs.get("units", ""))
    if array.ndim == 0:
        value = float(array) if np.issubdtype(array.dtype, np.number) else array.item()
        return pd.DataFrame({"value": [value], "unit": [unit]})
    frame = array.reset_coords(drop=True).to_series().dropna().rename("value").reset_index()
    for coord in _describing(ds, array.dims):
        dim = ds[coord].dims[0]
        lookup = pd.Series(ds[coord].to_numpy(), index=ds[dim].to_numpy())
        frame[coord] = frame[dim].map(lookup).to_numpy()
    if pd.api.types.is_numeric_dtype(frame["value"]):
        values = frame["value"].to_numpy(dtype=float)
        frame["value"] = np.where(np.abs(values) < TINY, 0.0, values) + 0.0
    frame["unit"] = _row_units(frame, unit)
    columns = [*map(str, array.dims), *_describing(ds, array.dims), "value", "unit"]
    return frame[columns]
