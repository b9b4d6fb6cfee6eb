"""Whole-cube comparisons shared by the tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from model.results.cells import cells


def money_identity(cube: xr.Dataset) -> float:
    """|objective - sum_y delta_y (cost - revenue)| / |objective| from the cube alone."""
    rate = float(cube.attrs["discount_rate"])
    years = cube["cost"]["year"].to_numpy()
    delta = (1 + rate) ** -(years - int(cube.attrs["first_year"]))
    net = cube["cost"].sum("cost_category").to_numpy() - cube["revenue"].reindex(
        year=years).fillna(0).to_numpy()
    objective = float(cube.attrs["objective"])
    return abs(objective - float((delta * net).sum())) / max(abs(objective), 1.0)


#: Cube variables read from row duals or from the final basis. A degenerate LP has many optimal
#: duals (at the cost-optimal end of a Pareto front the budget row binds at exactly the plan's
#: own emissions, so its price may be 0 or positive), and a warm re-solve may end on another
#: optimal basis than a cold one; these are checked for optimality (strong duality,
#: ``dual_gap``) instead of equality. ``trade_gap`` is a chain of reduced costs and
#: ``trade_headroom`` is HiGHS's cost ranging of the basis.
DUALS = {"material_price", "carbon_shadow_price", "capacity_shadow_price",
         "route_shadow_price", "intensity_shadow_price", "product_intensity_shadow_price",
         "recovery_shadow_price", "budget_shadow_price", "trade_gap", "trade_headroom"}


def assert_same_cube(got: xr.Dataset, want: xr.Dataset, label: str = "") -> None:
    """Every primal and money variable of two cubes equal (NaN where NaN), status, objective."""
    assert got.attrs["status"] == want.attrs["status"], label
    if want.attrs["status"] != "optimal":
        return
    assert got.attrs["objective"] == pytest.approx(want.attrs["objective"], rel=1e-9), label
    assert set(got.data_vars) == set(want.data_vars), label
    for name in set(want.data_vars) - DUALS:
        a, b = got[name], want[name]
        if name in BY_REGION and not _close(a, b):
            pd.testing.assert_series_equal(_by_region(got, name), _by_region(want, name),
                                           rtol=1e-9, atol=1e-6, obj=f"{label} {name}")
        elif a.dtype.kind in "fiu":
            xr.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-6)
        else:
            xr.testing.assert_equal(a, b)


#: Plan variables with a tie the LP does not break: green electricity bought for places of one
#: grid region, at one premium and with one emission factor, may be split among them in any
#: way at the same cost (the default Pareto front's member 6 is such a plan: which split a
#: solver ends on depends on its path). Where two cubes differ in one of these, they must
#: agree per grid region (and the objective, above, to 1e-9).
BY_REGION = {"green_electricity", "emissions_node", "ledger_entry_emissions"}


def _close(a: xr.DataArray, b: xr.DataArray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9,
                                                   atol=1e-6, equal_nan=True))


def _by_region(cube: xr.Dataset, name: str) -> pd.Series:
    """Variable ``name`` summed over the places of each grid region (NaN cells left out)."""
    region = cube["node_region"].to_series()
    if name == "ledger_entry_emissions":
        keys = ["entry_scope", "entry_source", "entry_year"]
        frame = pd.DataFrame({k: cube[k].to_numpy() for k in keys})
        frame["region"] = region.reindex(cube["entry_node"].to_numpy()).fillna("").to_numpy()
        frame["value"] = cube[name].to_numpy()
        return frame.groupby([*keys, "region"])["value"].sum()
    frame = cells(cube, name, value="value")
    frame["node"] = frame["node"].map(region)
    return frame.groupby([c for c in frame.columns if c != "value"])["value"].sum()
