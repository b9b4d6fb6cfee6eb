"""Discrete plant units: a facility-sizing case solved by hand, as LP relaxation and MILP.

Toy chain (margin 105 CNY/t, capacity 1000 t/yr, supply 1500 t/yr, 0% discount, 2 years);
new units of 400 t/yr at 500 CNY per t/yr over 10 years (annuity 50 CNY per t/yr a year).
"""

from __future__ import annotations

import pytest

import model

H = "value,unit,source,confidence"


def _units(package, **extra):  # noqa: ANN001, ANN003, ANN202
    return package(
        process_invest_cost=f"process,{H}\nsmelt,500,CNY/(t/yr),x,L\n",
        process_lifetime=f"process,{H}\nsmelt,10,yr,x,L\n",
        process_unit_size=f"process,{H}\nsmelt,400,t/yr,x,L\n",
        **extra,
    )


def test_relaxation_builds_fractional_units(package) -> None:  # noqa: ANN001
    cube = model.solve_data(model.load_data(_units(package)))
    assert float(cube["new_capacity"].sel(year=2025).sum()) == pytest.approx(500)  # 1.25 units
    assert cube.attrs["objective"] == pytest.approx(-2 * (105_000 + 500 * 105 - 500 * 50))


def test_milp_builds_one_whole_unit(package) -> None:  # noqa: ANN001
    # one unit: +400 x 105 - 20,000 = 22,000 a year; two: +500 x 105 - 40,000 = 12,500
    data = model.load_data(_units(package))
    cube = model.solve_data(data, model.SolveOptions(integer=True))
    assert cube.attrs["status"] == "optimal"
    assert float(cube["new_capacity"].sum()) == pytest.approx(400)
    assert cube.attrs["objective"] == pytest.approx(-2 * (105_000 + 22_000))
    assert "integer decisions fixed" in cube.attrs["duals_note"]
    assert cube.attrs["mip_gap"] <= 1e-4
    # the capacity constraint binds, so its shadow price is still the margin
    assert float(cube["capacity_shadow_price"].sel(process="smelt", year=2026)) == (
        pytest.approx(105))


def test_fixed_cost_and_minimum_use_can_stop_the_build(package) -> None:  # noqa: ANN001
    extra = {"process_unit_fixed_cost": f"process,{H}\nsmelt,30000,CNY/yr,x,L\n",
             "process_min_utilisation": f"process,{H}\nsmelt,0.9,1,x,L\n"}
    data = model.load_data(_units(package, **extra))
    cube = model.solve_data(data, model.SolveOptions(integer=True))
    # one unit now earns 42,000 - 20,000 - 30,000 < 0: nothing is built
    assert float(cube["new_capacity"].sum()) == pytest.approx(0, abs=1e-6)
    assert cube.attrs["objective"] == pytest.approx(-2 * 105_000)


def test_infeasible_only_with_whole_units(package) -> None:  # noqa: ANN001
    # A greenfield smelter (no existing capacity) must process the 300 t/yr that are supplied
    # (supply_min = supply_max = 300). The relaxation builds 0.75 of a 400 t/yr unit; a whole
    # unit must run at 100% (400 t/yr), more than the supply: infeasible only with integers.
    supply = "".join(f"src,scrap,{y},300,t/yr,x,L\n" for y in (2025, 2026))
    head = "node,material,year,value,unit,source,confidence\n"
    extra = {
        "supply_min": head + supply,
        "supply_max": head + supply,
        "process_capacity": f"process,year,{H}\nsmelt,2025,0,t/yr,x,L\nsmelt,2026,0,t/yr,x,L\n",
        "process_min_utilisation": f"process,{H}\nsmelt,1,1,x,L\n",
    }
    data = model.load_data(_units(package, **extra))
    assert model.solve_data(data).attrs["status"] == "optimal"
    cube = model.solve_data(data, model.SolveOptions(integer=True))
    assert cube.attrs["status"] == "infeasible"
    assert "relaxation is feasible" in cube.attrs["diagnosis"]
