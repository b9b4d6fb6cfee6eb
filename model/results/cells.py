"""The non-NaN cells of a result-cube variable as a frame: one column per dimension, one for
the value. What ``ds[name].to_series().dropna().reset_index()`` gives, in the same order, without
first making an index over every cell of the variable (most cells of a cube are NaN)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
import xarray as xr

__all__ = ["cells"]


def cells(ds: xr.Dataset, name: str, dims: Sequence[Hashable] | None = None,
          value: str = "q") -> pd.DataFrame:
    """The non-NaN cells of ``ds[name]`` as columns ``dims`` (dimensions of the variable, in
    the order given; all of them, in its order, by default) and ``value``; the variable must
    be in ``ds``."""
    variable = ds.variables[name]
    dims = variable.dims if dims is None else dims
    values = variable.to_numpy()
    at = dict(zip(variable.dims, np.nonzero(~np.isnan(values)), strict=True))
    return pd.DataFrame({**{dim: ds.get_index(dim).take(at[dim]) for dim in dims},
                         value: values[tuple(at.values())]})
