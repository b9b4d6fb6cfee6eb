"""Small networks whose optimum is worked out by hand (or published) before solving.

The toy network (tests/data/toy): 1 t of scrap bought at 1000 CNY, trucked 100 km at
0.5 CNY/t-km (50), smelted at 100 CNY/t plus 0.5 MWh x 500 CNY/MWh (250), gives 0.8 t of metal
(trucked 200 km: 0.8 x 100 = 80, sold at 2000: 1600) and 0.2 t of residue (trucked 50 km: 5,
landfilled at 50 CNY/t: 10). Margin per tonne of scrap: 1600 - 1495 = 105 CNY.
Emissions per tonne of scrap: process 0.1 + electricity 0.5 x 0.6 = 0.3 + transport
(100 + 160 + 10) t-km x 0.0001 = 0.027 + disposal 0.2 x 0.02 = 0.004, total 0.431 tCO2e.
Capacity 1000 t/yr, supply 1500 t/yr, two years at 0% discount.
"""

from __future__ import annotations

import pytest

import model

MARGIN = 105.0
INTENSITY = 0.431


def solve(path):  # noqa: ANN001, ANN201
    cube = model.solve_data(model.load_data(path))
    assert cube.attrs["status"] == "optimal"
    return cube


def test_toy_optimum_flows_and_prices(package) -> None:  # noqa: ANN001
    cube = solve(package())
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * MARGIN, rel=1e-9)
    assert cube["activity"].sel(process="smelt").values.tolist() == pytest.approx([1000, 1000])
    assert float(cube["sales"].sel(node="mkt", material="metal", year=2025)) == pytest.approx(800)
    assert float(cube["disposal"].sum()) == pytest.approx(2 * 200)
    assert float(cube["emissions"].sel(year=2026).sum()) == pytest.approx(1000 * INTENSITY)
    price = cube["material_price"].sel(year=2025)
    assert float(price.sel(node="mkt", material="metal")) == pytest.approx(2000)
    assert float(price.sel(node="plant", material="metal")) == pytest.approx(1900)
    assert float(price.sel(node="src", material="scrap")) == pytest.approx(1000)
    assert float(price.sel(node="plant", material="scrap")) == pytest.approx(1050)
    assert float(price.sel(node="plant", material="residue")) == pytest.approx(-75)
    assert float(cube["capacity_shadow_price"].sel(process="smelt", year=2026)) == (
        pytest.approx(MARGIN))


def test_costs_by_category_add_up(package) -> None:  # noqa: ANN001
    cost = solve(package())["cost"].sel(year=2025)
    assert float(cost.sel(cost_category="acquisition")) == pytest.approx(1_000_000)
    assert float(cost.sel(cost_category="transport")) == pytest.approx(135_000)
    assert float(cost.sel(cost_category="electricity")) == pytest.approx(250_000)
    assert float(cost.sel(cost_category="disposal")) == pytest.approx(10_000)


def test_discounting_and_undiscounted_shadow_prices(package) -> None:  # noqa: ANN001
    cube = solve(package(discount_rate="value,unit,source,confidence\n10,%,test,H\n"))
    assert cube.attrs["objective"] == pytest.approx(-1000 * MARGIN * (1 + 1 / 1.1), rel=1e-9)
    assert float(cube["capacity_shadow_price"].sel(process="smelt", year=2026)) == (
        pytest.approx(MARGIN))


def test_binding_carbon_cap_and_its_shadow_price(package) -> None:  # noqa: ANN001
    cap = "year,value,unit,source,confidence\n2025,inf,tCO2e/yr,test,H\n2026,300,tCO2e/yr,test,H\n"
    cube = solve(package(carbon_cap=cap))
    activity = 300 / INTENSITY
    assert float(cube["activity"].sel(process="smelt", year=2026)) == pytest.approx(activity)
    assert float(cube["emissions"].sel(year=2026).sum()) == pytest.approx(300)
    assert float(cube["carbon_shadow_price"].sel(year=2026)) == pytest.approx(MARGIN / INTENSITY)
    assert cube["carbon_shadow_price"].sel(year=2025).isnull()
    assert cube.attrs["objective"] == pytest.approx(-MARGIN * (1000 + activity), rel=1e-9)


@pytest.mark.parametrize(("price", "activity"), [(200.0, 1000.0), (300.0, 0.0)])
def test_carbon_price_in_the_objective(package, price: float, activity: float) -> None:  # noqa: ANN001
    rows = "".join(f"{y},{price},CNY/tCO2e,test,H\n" for y in (2025, 2026))
    cube = solve(package(carbon_price="year,value,unit,source,confidence\n" + rows))
    assert float(cube["activity"].sel(process="smelt", year=2025)) == pytest.approx(activity)
    margin = MARGIN - INTENSITY * price
    assert cube.attrs["objective"] == pytest.approx(-2 * activity * margin, abs=1e-6)
    assert float(cube["cost"].sel(cost_category="carbon", year=2025)) == pytest.approx(
        activity * INTENSITY * price)


INVEST = "process,value,unit,source,confidence\nsmelt,500,CNY/(t/yr),test,H\n"


def test_capacity_expansion_up_to_supply(package) -> None:  # noqa: ANN001
    life = "process,value,unit,source,confidence\nsmelt,10,yr,test,H\n"
    cube = solve(package(process_invest_cost=INVEST, process_lifetime=life))
    # annuity at 0%: 500 / 10 = 50 CNY per t/yr and year < margin 105: build 500 t/yr in 2025
    assert float(cube["new_capacity"].sel(process="smelt", year=2025)) == pytest.approx(500)
    assert float(cube["capacity"].sel(process="smelt", year=2026)) == pytest.approx(1500)
    assert cube.attrs["objective"] == pytest.approx(-2 * (1500 * MARGIN - 500 * 50), rel=1e-9)


def test_capacity_expansion_limited_per_year(package) -> None:  # noqa: ANN001
    life = "process,value,unit,source,confidence\nsmelt,10,yr,test,H\n"
    most = ("process,year,value,unit,source,confidence\nsmelt,2025,200,t/yr,test,H\n"
            "smelt,2026,inf,t/yr,test,H\n")
    cube = solve(package(process_invest_cost=INVEST, process_lifetime=life,
                         process_max_new_capacity=most))
    assert cube["new_capacity"].sel(process="smelt").values.tolist() == pytest.approx([200, 300])
    expected = (1200 * MARGIN - 200 * 50) + (1500 * MARGIN - 500 * 50)
    assert cube.attrs["objective"] == pytest.approx(-expected, rel=1e-9)


def test_short_lifetime_makes_expansion_unprofitable(package) -> None:  # noqa: ANN001
    life = "process,value,unit,source,confidence\nsmelt,1,yr,test,H\n"
    cube = solve(package(process_invest_cost=INVEST, process_lifetime=life))
    assert float(cube["new_capacity"].sum()) == pytest.approx(0)  # annuity 500 > margin 105
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * MARGIN, rel=1e-9)


def _second_market(package, **extra):  # noqa: ANN001, ANN003, ANN202
    """Add market mkt2 for metal at 1500 CNY/t, 100 km from the plant."""
    return package(
        nodes=lambda t: t + "mkt2,Market 2,R1,CN,market\n",
        routes=lambda t: t + "plant-mkt2,plant,mkt2,truck\n",
        route_materials=lambda t: t + "plant-mkt2,metal\n",
        route_distance=lambda t: t + "plant-mkt2,100,km,test,H\n",
        market_price=lambda t: t + "mkt2,metal,2025,1500,CNY/t,test,H\n"
                                   "mkt2,metal,2026,1500,CNY/t,test,H\n",
        **extra,
    )


def test_must_serve_market(package) -> None:  # noqa: ANN001
    # 300 t of metal must go to mkt2, netting 1500 - 50 = 1450 instead of 2000 - 100 = 1900.
    must = "node,material,year,value,unit,source,confidence\n" + "".join(
        f"mkt2,metal,{y},300,t/yr,test,H\n" for y in (2025, 2026))
    cube = solve(_second_market(package, market_min=must))
    assert float(cube["sales"].sel(node="mkt2", material="metal", year=2025)) == pytest.approx(300)
    assert float(cube["sales"].sel(node="mkt", material="metal", year=2025)) == pytest.approx(500)
    assert cube.attrs["objective"] == pytest.approx(2 * (-1000 * MARGIN + 300 * 450), rel=1e-9)


def test_capped_market(package) -> None:  # noqa: ANN001
    # mkt buys at most 600 t; selling at mkt2 loses money (margin 0.8 x 1450 - 1415 < 0), so the
    # smelter runs at 600 / 0.8 = 750 t of scrap.
    cap = "node,material,year,value,unit,source,confidence\n" + "".join(
        f"mkt,metal,{y},0.6,kt/yr,test,H\n" for y in (2025, 2026))
    cube = solve(_second_market(package, market_max=cap))
    assert float(cube["activity"].sel(process="smelt", year=2025)) == pytest.approx(750)
    assert float(cube["sales"].sel(node="mkt2").sum()) == pytest.approx(0, abs=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-2 * 750 * MARGIN, rel=1e-9)


def test_route_capacity_and_its_shadow_price(package) -> None:  # noqa: ANN001
    cap = ("route,year,value,unit,source,confidence\nsrc-plant,2025,400,t/yr,test,H\n"
           "src-plant,2026,inf,t/yr,test,H\n")
    cube = solve(package(route_capacity=cap))
    assert float(cube["flow"].sel(route="src-plant", material="scrap", year=2025)) == (
        pytest.approx(400))
    assert float(cube["route_shadow_price"].sel(route="src-plant", year=2025)) == (
        pytest.approx(MARGIN))


def test_multi_input_multi_output_process() -> None:
    """0.4 t A (10 CNY/t) + 0.6 t B (20) + 5 CNY -> 0.5 t X (100) + 0.5 t Y (30): margin 44.

    A is limited to 100 t, so activity is 250 t; A's shadow price is (65 - 12 - 5) / 0.4 = 120.
    """
    from tests.conftest import DATA

    cube = solve(DATA / "multi")
    assert float(cube["activity"].sum()) == pytest.approx(250)
    assert cube.attrs["objective"] == pytest.approx(-250 * 44, rel=1e-9)
    assert float(cube["supply"].sel(material="mat_b").sum()) == pytest.approx(150)
    assert float(cube["sales"].sel(material="prod_x").sum()) == pytest.approx(125)
    assert float(cube["material_price"].sel(node="site", material="mat_a", year=2030)) == (
        pytest.approx(120))
    assert str(cube["process_node"].sel(process="mix").values) == "site"


def test_textbook_transport_problem() -> None:
    """Dantzig's transport problem (GAMS model library `trnsport`): optimum 153.675."""
    from tests.conftest import DATA

    cube = solve(DATA / "trnsport")
    assert cube.attrs["objective"] == pytest.approx(153.675, rel=1e-9)
    flow = cube["flow"].sel(material="cases", year=2025)
    assert float(flow.sel(route="sea-chi")) == pytest.approx(300)
    assert float(flow.sel(route="sd-top")) == pytest.approx(275)
    price = cube["material_price"].sel(material="cases", year=2025)
    assert float(price.sel(node="new-york")) == pytest.approx(0.225)  # GAMS demand marginals
    assert float(price.sel(node="topeka")) == pytest.approx(0.126)


def test_infeasible_must_serve_is_reported_not_raised(package) -> None:  # noqa: ANN001
    must = "node,material,year,value,unit,source,confidence\nmkt,metal,2025,5000,t/yr,test,H\n"
    cube = model.solve_data(model.load_data(package(market_min=must)))
    assert cube.attrs["status"] in {"infeasible", "infeasible_or_unbounded"}
    assert "flow" not in cube


def test_thread_count_can_change_between_solves(package) -> None:  # noqa: ANN001
    """HiGHS keeps a global thread pool; a second solve with threads=1 must still be optimal."""
    data = model.load_data(package())
    assert model.solve_data(data).attrs["status"] == "optimal"
    for threads in (1, 2, 1):
        cube = model.solve_data(data, model.SolveOptions(threads=threads))
        assert cube.attrs["status"] == "optimal"
