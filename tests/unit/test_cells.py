"""``results.cells``: the non-NaN cells of a cube variable, as ``to_series`` would give them."""

import numpy as np
import pandas as pd
import xarray as xr

from model.results.cells import cells


def _cube() -> xr.Dataset:
    values = np.array([[[1.0, np.nan], [np.nan, np.nan], [2.5, 0.0]],
                       [[np.nan, -3.0], [4.0, np.nan], [np.nan, np.nan]]])
    return xr.Dataset({"flow": (("route", "material", "year"), values),
                       "empty": (("route",), [np.nan, np.nan])},
                      coords={"route": ["r2", "r1"], "material": ["cu", "al", "fe"],
                              "year": [2025, 2030], "route_label": ("route", ["b", "a"])})


def test_cells_are_the_non_nan_cells_in_series_order() -> None:
    ds = _cube()
    expected = ds["flow"].to_series().dropna().rename("q").reset_index()
    found = cells(ds, "flow")
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    # by hand: five cells, zero kept, in row-major order of (route, material, year)
    assert found["q"].tolist() == [1.0, 2.5, 0.0, -3.0, 4.0]
    assert found["route"].tolist() == ["r2", "r2", "r2", "r1", "r1"]
    assert found["year"].tolist() == [2025, 2025, 2030, 2030, 2025]


def test_cells_take_the_columns_in_the_order_asked_and_a_value_name() -> None:
    found = cells(_cube(), "flow", ["year", "route"], "t")
    assert list(found.columns) == ["year", "route", "t"]
    assert found["t"].tolist() == [1.0, 2.5, 0.0, -3.0, 4.0]


def test_cells_of_an_all_nan_variable_are_none() -> None:
    found = cells(_cube(), "empty")
    assert list(found.columns) == ["route", "q"] and found.empty
