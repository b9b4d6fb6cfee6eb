"""Green electricity as an abatement option (issue 16, item 3), hand-solved on the toy.

The toy's smelter uses 0.5 MWh per tonne of scrap on a grid of 0.6 tCO2e/MWh: 0.3 tCO2e/t of
its 0.431 tCO2e/t (0.1 direct, 0.027 haulage, 0.004 landfill). At a carbon price of 100
CNY/tCO2e a MWh bought green saves 60 CNY of carbon cost: it pays at a premium below 60
CNY/MWh. The toy earns 105 CNY/t before carbon and runs 1,000 t/yr in both years.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data

PRICE = "year,value,unit,source,confidence\n2025,100,CNY/tCO2e,x,H\n2026,100,CNY/tCO2e,x,H\n"


def _premium(value: float) -> str:
    return ("region,year,value,unit,source,confidence\n"
            f"R1,2025,{value},CNY/MWh,x,H\nR1,2026,{value},CNY/MWh,x,H\n")


def test_green_electricity_is_bought_below_the_carbon_saving(
        package: Callable[..., Path]) -> None:
    # premium 50 < 60: all 500 MWh/yr green; per tonne 105 - 0.131 x 100 - 0.5 x 50 = 66.9 CNY
    cube = model.solve_data(load_data(package(carbon_price=PRICE,
                                              green_electricity_premium=_premium(50))))
    np.testing.assert_allclose(cube["green_electricity"].sel(node="plant"), [500, 500],
                               rtol=1e-9)
    np.testing.assert_allclose(cube["emissions"].sel(source="electricity"), [0, 0], atol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * 66.9, rel=1e-9)
    # the carbon ledger counts it too: no scope 2; scope 1 is 100 t direct, scope 3 the
    # 27 t of haulage and 4 t of landfill per 1,000 t
    np.testing.assert_allclose(cube["ledger_by_scope"].sel(scope="scope2"), [0, 0], atol=1e-9)
    np.testing.assert_allclose(cube["ledger_by_scope"].sel(scope="scope3"), [31, 31], rtol=1e-9)


def test_green_electricity_is_not_bought_above_it(package: Callable[..., Path]) -> None:
    # premium 70 > 60: grey power; per tonne 105 - 0.431 x 100 = 61.9 CNY
    cube = model.solve_data(load_data(package(carbon_price=PRICE,
                                              green_electricity_premium=_premium(70))))
    np.testing.assert_allclose(cube["green_electricity"].sel(node="plant"), [0, 0], atol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * 61.9, rel=1e-9)


def test_green_electricity_on_offer_is_limited(package: Callable[..., Path]) -> None:
    # only 200 MWh/yr on offer: the rest stays grey; each offered MWh is worth 60 - 50 = 10
    limit = ("region,year,value,unit,source,confidence\n"
             "R1,2025,200,MWh/yr,x,H\nR1,2026,0.2,GWh/yr,x,H\n")
    cube = model.solve_data(load_data(package(carbon_price=PRICE,
                                              green_electricity_premium=_premium(50),
                                              green_electricity_max=limit)))
    np.testing.assert_allclose(cube["green_electricity"].sel(node="plant"), [200, 200],
                               rtol=1e-9)
    np.testing.assert_allclose(cube["emissions"].sel(source="electricity"), [180, 180],
                               rtol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(
        -2 * (1000 * 61.9 + 200 * 10), rel=1e-9)
