"""Route services opened or closed each year: cases solved by hand, LP relaxation and MILP.

Toy chain (margin 105 CNY/t of scrap, 1000 t/yr processed, 0% discount, 2 years). A rail
service from the source to the plant (100 km at 0.1 instead of 0.5 CNY/t-km by truck) saves
40 CNY/t, i.e. 40,000 CNY a year on 1000 t; it holds 2000 t/yr and costs G a year to run.
"""

from __future__ import annotations

import pytest

import model

H = "value,unit,source,confidence"


def _rail(package, cost: float, least: float | None = None):  # noqa: ANN001, ANN202
    extra = {"route_min_load": f"route,{H}\nsrc-plant-rail,{least},t/yr,x,L\n"} if least else {}
    return package(
        modes="mode,label\ntruck,Truck\nrail,Rail\n",
        mode_cost=f"mode,{H}\ntruck,0.5,CNY/(t*km),x,H\nrail,0.1,CNY/(t*km),x,H\n",
        mode_emission_factor=f"mode,{H}\ntruck,0.1,kgCO2e/(t*km),x,H\n"
                             "rail,0.02,kgCO2e/(t*km),x,H\n",
        routes=lambda text: text + "src-plant-rail,src,plant,rail\n",
        route_materials=lambda text: text + "src-plant-rail,scrap\n",
        route_distance=lambda text: text + "src-plant-rail,100,km,x,H\n",
        route_capacity=f"route,year,{H}\n" + "".join(
            f"src-plant-rail,{y},2000,t/yr,x,H\n" for y in (2025, 2026)),
        route_service_cost=f"route,{H}\nsrc-plant-rail,{cost},CNY/yr,x,L\n",
        **extra,
    )


def _solve(path, integer: bool):  # noqa: ANN001, ANN202
    cube = model.solve_data(model.load_data(path), model.SolveOptions(integer=integer))
    assert cube.attrs["status"] == "optimal"
    return cube


def test_service_worth_running(package) -> None:  # noqa: ANN001
    path = _rail(package, 30_000)
    milp = _solve(path, True)  # 40,000 - 30,000 = 10,000 a year better than the truck
    assert milp.attrs["objective"] == pytest.approx(-2 * (105_000 + 10_000))
    assert milp["route_open"].sel(route="src-plant-rail").values.tolist() == pytest.approx([1, 1])
    assert float(milp["cost"].sel(cost_category="fixed").sum()) == pytest.approx(60_000)
    assert "integer decisions fixed" in milp.attrs["duals_note"]
    relaxed = _solve(path, False)  # runs half a service: 1000/2000 x 30,000 = 15,000 a year
    assert relaxed.attrs["objective"] == pytest.approx(-2 * (105_000 + 25_000))


def test_service_too_dear_stays_closed(package) -> None:  # noqa: ANN001
    path = _rail(package, 50_000)
    milp = _solve(path, True)  # 40,000 < 50,000: keep the truck
    assert milp.attrs["objective"] == pytest.approx(-2 * 105_000)
    assert float(milp["flow"].sel(route="src-plant-rail").sum()) == pytest.approx(0, abs=1e-6)
    relaxed = _solve(path, False)  # the relaxation still opens half: 40,000 - 25,000
    assert relaxed.attrs["objective"] == pytest.approx(-2 * (105_000 + 15_000))


def test_minimum_load_the_plant_cannot_take(package) -> None:  # noqa: ANN001
    # a running service must carry 1,200 t/yr but the plant can only use 1,000 t/yr
    milp = _solve(_rail(package, 30_000, least=1200), True)
    assert milp.attrs["objective"] == pytest.approx(-2 * 105_000)
    assert float(milp["route_open"].sum()) == pytest.approx(0, abs=1e-6)


def test_service_needs_a_capacity(package) -> None:  # noqa: ANN001
    path = _rail(package, 30_000)
    (path / "route_capacity.csv").unlink()
    with pytest.raises(model.InputError, match="needs a capacity"):
        model.solve_data(model.load_data(path))


def test_fixed_costs_of_units_are_audited(package) -> None:  # noqa: ANN001
    """Whole units with a fixed cost that are built: one unit earns 400 x 105 - 20,000
    (annuity) - 5,000 (fixed) = 17,000 a year; two earn 52,500 - 40,000 - 10,000 = 2,500."""
    path = package(process_invest_cost=f"process,{H}\nsmelt,500,CNY/(t/yr),x,L\n",
                   process_lifetime=f"process,{H}\nsmelt,10,yr,x,L\n",
                   process_unit_size=f"process,{H}\nsmelt,400,t/yr,x,L\n",
                   process_unit_fixed_cost=f"process,{H}\nsmelt,5000,CNY/yr,x,L\n")
    cube = _solve(path, True)
    assert cube.attrs["objective"] == pytest.approx(-2 * (105_000 + 17_000))
    assert float(cube["units_built"].sum()) == pytest.approx(1)
    assert cube.attrs["audit_max_relative_residual"] < 1e-9
