"""Materials that fill a vehicle less cost and emit more per tonne-km (issue 16, item 7: whole
cars on car carriers), hand-solved on the toy.

The toy hauls its scrap 100 km by truck at 0.5 CNY and 0.1 kgCO2e per t-km, and earns 105 CNY
per tonne of scrap smelted (1,000 t/yr in two years). A haulage factor of 3 for the scrap
makes its haulage 150 CNY/t instead of 50: 5 CNY/t is left. At 4 it is 200 CNY/t, a loss of 45.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data


def _factor(value: float) -> str:
    return f"material,mode,value,unit,source,confidence\nscrap,truck,{value},1,x,H\n"


def test_a_haulage_factor_of_three_by_hand(package: Callable[..., Path]) -> None:
    cube = model.solve_data(load_data(package(haulage_factor=_factor(3))))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [1000, 1000], atol=1e-6)
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * 5, rel=1e-9)
    # transport: 0.03 (scrap, x3) + 0.016 (metal) + 0.001 (residue) t per tonne of scrap
    np.testing.assert_allclose(cube["emissions"].sel(source="transport"), [47, 47], rtol=1e-9)
    np.testing.assert_allclose(cube["cost"].sel(cost_category="transport"),
                               [1000 * (150 + 80 + 5)] * 2, rtol=1e-9)


def test_a_haulage_factor_of_four_stops_the_smelter(package: Callable[..., Path]) -> None:
    cube = model.solve_data(load_data(package(haulage_factor=_factor(4))))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [0, 0], atol=1e-6)
    assert cube.attrs["objective"] == pytest.approx(0, abs=1e-6)
