"""Collected supply that must be taken, and the stockpile that holds what cannot be treated.

Hand solution on the toy chain (tests/data/toy): the source offers 1,500 t/yr of scrap at
1,000 CNY/t, the smelter treats at most 1,000 t/yr and earns 105 CNY per tonne treated net
of everything (1,600 revenue - 1,000 - 50 - 100 - 250 - 80 - 15), discount rate 0.

* Without an obligation: 1,000 t/yr treated, 500 t/yr left at the source; objective
  -2 x 105,000 = -210,000 CNY.
* Obligation 1 at the source and a stockpile there (capacity 2,000 t, 10 CNY per t-yr): all
  1,500 t/yr must be bought; 500 t/yr cannot be treated and go into stock, so the stock is
  500 t at the end of 2025 and 1,000 t at the end of 2026 (the backlog). Storage costs
  5,000 and 10,000 CNY; the 500 t/yr bought untreated cost 500,000 CNY a year. Objective
  -210,000 + 2 x 500,000 + 15,000 = 805,000 CNY.
* Same with a 700 t stockpile: the 2026 stock cannot reach 1,000 t, so the member is
  infeasible, and the diagnosis names the obligation and the stockpile's capacity.
"""

from __future__ import annotations

import numpy as np
import pytest

import model
from model.pipeline import solve_data

pytestmark = pytest.mark.component

H = "value,unit,source,confidence"
OBLIGED = {"supply_obligation": f"node,material,{H}\nsrc,scrap,1,1,law,H\n"}


def _stockpile(tonnes: float) -> dict[str, str]:
    return {"stockpile_capacity": f"node,material,{H}\nsrc,scrap,{tonnes},t,yard,H\n",
            "stockpile_cost": f"node,material,{H}\nsrc,scrap,10,CNY/(t*yr),yard,H\n"}


def test_without_obligation_the_surplus_stays_at_the_source(package) -> None:  # noqa: ANN001
    cube = solve_data(model.load_data(package(**_stockpile(2000))))
    assert cube.attrs["objective"] == pytest.approx(-210_000, rel=1e-9)
    np.testing.assert_allclose(cube["stockpile"].sel(node="src", material="scrap"), [0, 0],
                               atol=1e-6)


def test_obliged_supply_is_taken_and_the_surplus_stocked(package) -> None:  # noqa: ANN001
    cube = solve_data(model.load_data(package(**OBLIGED, **_stockpile(2000))))
    assert cube.attrs["status"] == "optimal"
    assert cube.attrs["objective"] == pytest.approx(805_000, rel=1e-9)
    np.testing.assert_allclose(cube["supply"].sel(node="src", material="scrap"), [1500, 1500])
    np.testing.assert_allclose(cube["stockpile"].sel(node="src", material="scrap"),
                               [500, 1000])
    np.testing.assert_allclose(cube["cost"].sel(cost_category="storage"), [5_000, 10_000])
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [1000, 1000])


def test_too_small_a_stockpile_is_infeasible_and_diagnosed(package) -> None:  # noqa: ANN001
    cube = solve_data(model.load_data(package(**OBLIGED, **_stockpile(700))))
    assert cube.attrs["status"] == "infeasible"
    diagnosis = cube.attrs["diagnosis"]
    assert "supply_obligation" in diagnosis
