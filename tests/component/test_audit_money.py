"""The audit compares the cube's own money with the inputs, entry by entry, and the objective.

The toy chain (tests/data/toy, see test_hand_solved.py) at a carbon price of 200 CNY/tCO2e:
1000 t of scrap a year is smelted, 0.431 tCO2e per tonne, so per year

============  ====================================  ==============
category      by hand                               CNY/yr
============  ====================================  ==============
acquisition   1000 t x 1000 CNY/t                   1,000,000
transport     (100 + 160 + 10) t-km x 0.5 x 1000    135,000
operation     1000 t x 100 CNY/t                    100,000
electricity   1000 t x 0.5 MWh/t x 500 CNY/MWh      250,000
disposal      200 t x 50 CNY/t                      10,000
carbon        1000 t x 0.431 tCO2e/t x 200 CNY/t    86,200
revenue       800 t x 2000 CNY/t                    1,600,000
============  ====================================  ==============

cost - revenue = 1,581,200 - 1,600,000 = -18,800 CNY/yr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import model
from model.results.audit import RELATIVE_TOLERANCE, audit
from tests.conftest import DATA

pytestmark = pytest.mark.component

PRICE = 200.0
HAND_COST = {"acquisition": 1_000_000.0, "transport": 135_000.0, "operation": 100_000.0,
             "electricity": 250_000.0, "disposal": 10_000.0, "carbon": 86_200.0}
HAND_REVENUE = 1_600_000.0
NET_PER_YEAR = sum(HAND_COST.values()) - HAND_REVENUE  # -18,800 CNY/yr


def _carbon_price(value: float) -> pd.Series:
    index = pd.MultiIndex.from_tuples([(2025,), (2026,)], names=["year"])
    return pd.Series([value, value], index=index)


def _solve(data: model.ModelData) -> xr.Dataset:
    cube = model.solve_data(data)
    assert cube.attrs["status"] == "optimal"
    return cube


@pytest.fixture(scope="module")
def priced() -> tuple[model.ModelData, xr.Dataset]:
    """The toy at a carbon price of 200 CNY/tCO2e in both years, and its solved cube."""
    data = model.load_data(DATA / "toy").with_params({"carbon_price": _carbon_price(PRICE)})
    return data, _solve(data)


def test_uncorrupted_cube_passes_with_money_residuals(priced) -> None:  # noqa: ANN001
    data, cube = priced
    report = audit(cube, data)
    for key in ("cost", "revenue", "objective", "objective_cube"):
        assert report[key] <= RELATIVE_TOLERANCE, key


def test_zero_carbon_cost_under_a_carbon_price_is_caught(priced) -> None:  # noqa: ANN001
    data, cube = priced
    bad = cube.copy(deep=True)
    bad["cost"].loc[{"cost_category": "carbon", "year": 2026}] = 0.0
    with pytest.raises(model.AuditError, match=(
            r"(?s)does not follow the inputs of this scenario.*cost 'carbon' in 2026: "
            r"cube 0\.00 CNY/yr, recomputed .* 86,200\.00 CNY/yr \(off by 1 of the entry, "
            r"2\.29 of \|objective\|\)")):
        audit(bad, data)


def test_revenue_off_by_a_fifth_is_caught(priced) -> None:  # noqa: ANN001
    data, cube = priced
    bad = cube.copy(deep=True)
    bad["revenue"].loc[{"year": 2025}] = 1.2 * float(cube["revenue"].sel(year=2025))
    with pytest.raises(model.AuditError, match=(
            r"revenue in 2025: cube 1,920,000\.00 CNY/yr, recomputed .* 1,600,000\.00 CNY/yr")):
        audit(bad, data)


def test_money_from_another_member_is_caught(priced) -> None:  # noqa: ANN001
    """The sweep bug: right quantities, cost and revenue extracted at another carbon price."""
    data, cube = priced
    other = _solve(data.with_params({"carbon_price": _carbon_price(0.0)}))
    bad = cube.copy(deep=True)
    bad["cost"] = other["cost"]
    bad["revenue"] = other["revenue"]
    with pytest.raises(model.AuditError, match=r"cost 'carbon' in 2025: cube 0\.00 CNY/yr"):
        audit(bad, data)


def test_a_category_missing_from_the_cube_counts_as_zero(priced) -> None:  # noqa: ANN001
    data, cube = priced
    bad = cube.drop_sel(cost_category="carbon")
    with pytest.raises(model.AuditError, match=r"cost 'carbon' in 2025: cube 0\.00 CNY/yr"):
        audit(bad, data)


def test_objective_off_by_1e_4_relative_is_caught(priced) -> None:  # noqa: ANN001
    # 1e-4 of the objective (3.76 CNY) is only 6e-7 of the gross discounted turnover (6.3e6 CNY)
    data, cube = priced
    bad = cube.copy(deep=True)
    bad.attrs["objective"] = cube.attrs["objective"] * (1 + 1e-4)
    with pytest.raises(model.AuditError, match=r"objective recomputed .* -37,603\.76 CNY"):
        audit(bad, data)


def test_cube_without_money_is_not_audited(priced) -> None:  # noqa: ANN001
    data, _ = priced
    status_only = xr.Dataset(attrs={"status": "infeasible", "objective": float("nan")})
    assert audit(status_only, data) == {}


def test_objective_is_discounted_cost_minus_revenue_by_hand(
    package: Callable[..., Path],
) -> None:
    rows = "".join(f"{y},{PRICE},CNY/tCO2e,test,H\n" for y in (2025, 2026))
    path = package(carbon_price="year,value,unit,source,confidence\n" + rows,
                   discount_rate="value,unit,source,confidence\n10,%,test,H\n")
    cube = _solve(model.load_data(path))
    for year in (2025, 2026):
        for category, value in HAND_COST.items():
            assert float(cube["cost"].sel(cost_category=category, year=year)) == (
                pytest.approx(value, rel=1e-9)), (category, year)
        assert float(cube["revenue"].sel(year=year)) == pytest.approx(HAND_REVENUE, rel=1e-9)
    assert cube.attrs["objective"] == pytest.approx(NET_PER_YEAR * (1 + 1 / 1.1), rel=1e-9)
    discount = xr.DataArray([1.0, 1 / 1.1], coords={"year": [2025, 2026]})
    net = cube["cost"].sum("cost_category") - cube["revenue"]
    assert float((discount * net).sum()) == pytest.approx(cube.attrs["objective"], rel=1e-9)
    assert np.isfinite(cube.attrs["audit_max_relative_residual"])
