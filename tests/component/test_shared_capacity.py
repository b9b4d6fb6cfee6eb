"""Shared capacity (issue 18, feature 2), hand-solved on the toy with a second smelter.

Smelter 1 earns 105 CNY per tonne of scrap (the toy's margin), smelter 2 the same less 20 CNY
of extra process cost: 85 CNY/t. Each may run 1,000 t/yr; 1,500 t/yr of scrap is offered.
Both draw on one furnace of 1,200 t/yr: smelter 1 uses it fully (weight 1), smelter 2 half
(weight 0.5). Per tonne of furnace, smelter 2 earns 170 CNY, smelter 1 105.

    max 105 x1 + 85 x2   s.t.  x1 + x2 <= 1500 (scrap),  x1 + 0.5 x2 <= 1200 (furnace),
                               x1 <= 1000, x2 <= 1000

The optimum is where scrap and furnace bind: x2 = 600, x1 = 900, 145,500 CNY a year. Their
duals solve 105 = s + f and 85 = s + 0.5 f: the furnace is worth f = 40 CNY/t, scrap s = 65.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data


def _second_smelter(text: str) -> str:
    lines = text.splitlines()
    copies = [line.replace("smelt,", "smelt2,", 1) for line in lines if line.startswith("smelt,")]
    return "\n".join(lines + copies) + "\n"


FURNACE = ("group,year,value,unit,source,confidence\n"
           "furnace,2025,1200,t/yr,toy,H\nfurnace,2026,1.2,kt/yr,toy,H\n")
USE = ("group,process,value,unit,source,confidence\n"
       "furnace,smelt,1,1,toy,H\nfurnace,smelt2,0.5,1,toy,H\n")


@pytest.fixture
def shared(package: Callable[..., Path]) -> Path:
    return package(
        processes=_second_smelter, process_io=_second_smelter,
        process_capacity=_second_smelter, process_electricity=_second_smelter,
        process_emissions=_second_smelter,
        process_cost=lambda t: t + "smelt2,120,CNY/t,toy,H\n",
        shared_capacity=FURNACE, shared_capacity_use=USE)


def test_shared_furnace_by_hand(shared: Path) -> None:
    cube = model.solve_data(load_data(shared))
    assert cube.attrs["status"] == "optimal"
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [900, 900], atol=1e-6)
    np.testing.assert_allclose(cube["activity"].sel(process="smelt2"), [600, 600], atol=1e-6)
    assert cube.attrs["objective"] == pytest.approx(-2 * 145_500, rel=1e-9)
    np.testing.assert_allclose(cube["shared_capacity_shadow_price"].sel(group="furnace"),
                               [40, 40], rtol=1e-9)


def test_without_the_group_each_smelter_runs_to_its_own_capacity(
        package: Callable[..., Path]) -> None:
    # no shared furnace: scrap (1,500 t) goes to the better smelter first: 1,000 + 500
    alone = package(processes=_second_smelter, process_io=_second_smelter,
                    process_capacity=_second_smelter, process_electricity=_second_smelter,
                    process_emissions=_second_smelter,
                    process_cost=lambda t: t + "smelt2,120,CNY/t,toy,H\n")
    cube = model.solve_data(load_data(alone))
    assert cube.attrs["objective"] == pytest.approx(-2 * (105_000 + 500 * 85), rel=1e-9)
    assert "shared_capacity_shadow_price" not in cube or \
        cube["shared_capacity_shadow_price"].size == 0


def test_a_weight_on_an_unknown_process_is_an_error(package: Callable[..., Path]) -> None:
    bad = package(shared_capacity=FURNACE,
                  shared_capacity_use=USE.replace("smelt2", "furnace_oven"))
    with pytest.raises(model.InputError) as error:
        load_data(bad)
    assert "shared_capacity_use.csv" in str(error.value) and "furnace_oven" in str(error.value)


def test_wyndor_glass_published_optimum() -> None:
    """Hillier & Lieberman, *Introduction to Operations Research*, sec. 3.1 (Wyndor Glass Co.):
    max 3 x1 + 5 x2 (thousand dollars a week) s.t. x1 <= 4 (plant 1), 2 x2 <= 12 (plant 2),
    3 x1 + 2 x2 <= 18 (plant 3). Published optimum x1 = 2, x2 = 6, Z = 36; shadow prices of
    the plants' hours (sec. 4.7) 0, 3/2 and 1 thousand dollars. Plants 2 and 3 are shared
    capacities here, plant 1 the door process's own capacity; a dollar is read as a CNY."""
    cube = model.solve_data(load_data(Path(__file__).resolve().parents[1] / "data" / "wyndor"))
    assert float(cube["activity"].sel(process="door", year=2025)) == pytest.approx(2)
    assert float(cube["activity"].sel(process="window", year=2025)) == pytest.approx(6)
    assert cube.attrs["objective"] == pytest.approx(-36_000, rel=1e-12)
    prices = cube["shared_capacity_shadow_price"].sel(year=2025)
    assert float(prices.sel(group="plant2")) == pytest.approx(1_500)
    assert float(prices.sel(group="plant3")) == pytest.approx(1_000)
    assert float(cube["capacity_shadow_price"].sel(process="door", year=2025)) == \
        pytest.approx(0, abs=1e-9)
