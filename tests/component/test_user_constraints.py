"""User-defined constraints (issue 18, feature 1), hand-solved on the toy.

The toy smelter earns 105 CNY per tonne of scrap (1,000 t/yr capacity, 1,500 t/yr offered),
turns a tonne of scrap into 0.8 t of metal and emits 0.431 tCO2e; no discounting, two years.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data

H = "value,unit,source,confidence"
YEARS = (2025, 2026)


def _rows(key: str, value: float, unit: str) -> str:
    return "".join(f"{key},{y},{value},{unit},hand,H\n" for y in YEARS)


def _solve(package: Callable[..., Path], **tables: str) -> object:
    path = package(constraints="constraint,label\nk,Test constraint\n", **tables)
    return model.solve_data(load_data(path))


def test_a_cap_on_sales(package: Callable[..., Path]) -> None:
    # metal sold <= 600 t/yr: 750 t of scrap; one more tonne of metal is worth 105 / 0.8
    cube = _solve(package, constraint_sales=f"constraint,node,material,{H}\nk,mkt,metal,1,1,h,H\n",
                  constraint_max=f"constraint,year,{H}\n" + _rows("k", 600, "t/yr"))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [750, 750], rtol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-2 * 750 * 105, rel=1e-9)
    np.testing.assert_allclose(cube["constraint_shadow_price"].sel(constraint="k"),
                               [105 / 0.8] * 2, rtol=1e-9)


def test_a_minimum_throughput_that_costs(package: Callable[..., Path]) -> None:
    # at 500 CNY/tCO2e the smelter loses 105 - 0.431 x 500 = -110.5 CNY/t and would stop;
    # a minimum of 400 t/yr keeps it running at that loss, and raising the minimum costs
    price = f"year,{H}\n" + "".join(f"{y},500,CNY/tCO2e,hand,H\n" for y in YEARS)
    cube = _solve(package, carbon_price=price,
                  constraint_activity=f"constraint,process,{H}\nk,smelt,1,1,h,H\n",
                  constraint_min=f"constraint,year,{H}\n" + _rows("k", 0.4, "kt/yr"))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [400, 400], rtol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(2 * 400 * 110.5, rel=1e-9)
    np.testing.assert_allclose(cube["constraint_shadow_price"].sel(constraint="k"),
                               [-110.5] * 2, rtol=1e-9)


def test_emissions_in_a_constraint(package: Callable[..., Path]) -> None:
    # emissions <= 300 tCO2e/yr (coefficient 1 t/tCO2e): 300 / 0.431 t of scrap
    cube = _solve(package, constraint_emissions=f"constraint,{H}\nk,1,t/tCO2e,h,H\n",
                  constraint_max=f"constraint,year,{H}\n" + _rows("k", 300, "t/yr"))
    assert cube.attrs["objective"] == pytest.approx(-2 * 105 * 300 / 0.431, rel=1e-9)
    np.testing.assert_allclose(cube["constraint_shadow_price"].sel(constraint="k"),
                               [105 / 0.431] * 2, rtol=1e-9)


def test_a_constraint_without_terms_or_bounds_is_an_error(
        package: Callable[..., Path]) -> None:
    path = package(constraints="constraint,label\nk,Test\nempty,Nothing\n",
                   constraint_sales=f"constraint,node,material,{H}\nk,mkt,metal,1,1,h,H\n")
    with pytest.raises(model.InputError) as error:
        load_data(path)
    message = str(error.value)
    assert "constraints.csv" in message and "'empty'" in message and "weighs nothing" in message
    assert "'k'" in message and "no bound" in message


def test_dorian_auto_published_optimum() -> None:
    """Winston, *Operations Research: Applications and Algorithms*, sec. 3.2 (Dorian Auto):
    min 50 x1 + 100 x2 (thousand dollars) s.t. 7 x1 + 2 x2 >= 28 (million high-income women
    reached), 2 x1 + 12 x2 >= 24 (men). Published optimum x1 = 3.6, x2 = 1.4 minutes of comedy
    and football ads, z = 320. Both targets bind; their duals solve 7 y1 + 2 y2 = 50 and
    2 y1 + 12 y2 = 100: y1 = 5, y2 = 7.5 thousand dollars per million people. Here the two
    targets are user-defined minimums on the activities; a dollar is read as a CNY."""
    cube = model.solve_data(load_data(Path(__file__).resolve().parents[1] / "data" / "dorian"))
    activity = cube["activity"].sel(year=2025)
    assert float(activity.sel(process="comedy")) == pytest.approx(3.6)
    assert float(activity.sel(process="football")) == pytest.approx(1.4)
    assert cube.attrs["objective"] == pytest.approx(320_000, rel=1e-12)
    prices = cube["constraint_shadow_price"].sel(year=2025)
    # raising a binding minimum by one million people costs its dual
    assert float(prices.sel(constraint="hiw")) == pytest.approx(-5_000)
    assert float(prices.sel(constraint="him")) == pytest.approx(-7_500)


def test_binding_constraint_is_named_in_the_key_messages(package: Callable[..., Path]) -> None:
    from model.report.messages import key_messages

    cube = _solve(package, constraint_sales=f"constraint,node,material,{H}\nk,mkt,metal,1,1,h,H\n",
                  constraint_max=f"constraint,year,{H}\n" + _rows("k", 600, "t/yr"))
    assert list(cube["constraint_label"].values) == ["Test constraint"]
    binding = {m["key"]: m["text"] for m in key_messages(cube, None, "en")["messages"]}
    assert "the constraint “Test constraint” in 2025–2026" in binding["binding"]
