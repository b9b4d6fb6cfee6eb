"""Blending to a quality limit and delayed returns (second life), solved by hand first."""

from __future__ import annotations

import pytest

import model

H = "value,unit,source,confidence"


def _clean_lot(package, **extra):  # noqa: ANN001, ANN003, ANN202
    """Toy plus 200 t/yr of 'clean' metal (Cu 0.1%) bought at mkt for 1500, sold there at 2000;
    the smelter's metal carries Cu 0.4%."""
    years = (2025, 2026)
    return package(
        materials=lambda t: t + "clean,Clean metal,secondary\n",
        supply_max=lambda t: t + "".join(f"mkt,clean,{y},200,t/yr,x,H\n" for y in years),
        supply_cost=lambda t: t + "".join(f"mkt,clean,{y},1500,CNY/t,x,H\n" for y in years),
        market_price=lambda t: t + "".join(f"mkt,clean,{y},2000,CNY/t,x,H\n" for y in years),
        material_composition=f"material,element,{H}\nmetal,Cu,0.4,%,x,L\nclean,Cu,0.1,%,x,L\n",
        **extra,
    )


def test_blending_two_lots_to_meet_a_copper_limit(package) -> None:  # noqa: ANN001
    free = model.solve_data(model.load_data(_clean_lot(package)))
    # without a limit: smelter at capacity (105 x 1000) + clean lot (500 x 200) a year
    assert free.attrs["objective"] == pytest.approx(-2 * (105_000 + 100_000))
    limit = f"node,element,{H}\nmkt,Cu,0.3,%,x,L\n"
    cube = model.solve_data(model.load_data(_clean_lot(package, market_quality_max=limit)))
    # Cu <= 0.3%: 0.001 q_metal <= 0.002 q_clean -> metal <= 400 t, smelter at 500 t of scrap
    assert float(cube["sales"].sel(node="mkt", material="metal", year=2025)) == pytest.approx(400)
    assert float(cube["sales"].sel(node="mkt", material="clean", year=2025)) == pytest.approx(200)
    assert cube.attrs["objective"] == pytest.approx(-2 * (105 * 500 + 500 * 200))


def test_minimum_content_excludes_a_lot(package) -> None:  # noqa: ANN001
    floor = f"node,element,{H}\nmkt,Cu,0.35,%,x,L\n"  # clean (0.1%) can only dilute the metal
    cube = model.solve_data(model.load_data(_clean_lot(package, market_quality_min=floor)))
    # 0.0005 q_metal >= 0.0025 q_clean -> clean <= 800 / 5 = 160 t next to 800 t of metal
    assert float(cube["sales"].sel(node="mkt", material="clean", year=2026)) == pytest.approx(160)


def _storage(package, share: str | None = None):  # noqa: ANN001, ANN202
    """Toy plus market 'store' (200 km, pays 2100 for metal) whose metal comes back one year
    later as residue at the landfill (fee 50 CNY/t)."""
    years = (2025, 2026)
    extra = {"return_share": f"node,material,{H}\nstore,metal,{share},t/t,x,L\n"} if share else {}
    return package(
        nodes=lambda t: t + "store,Storage buyer,R1,CN,market\n",
        routes=lambda t: t + "plant-store,plant,store,truck\n",
        route_materials=lambda t: t + "plant-store,metal\n",
        route_distance=lambda t: t + "plant-store,200,km,x,H\n",
        market_price=lambda t: t + "".join(f"store,metal,{y},2100,CNY/t,x,H\n" for y in years),
        market_returns="node,material,return_node,return_material\n"
                       "store,metal,landfill,residue\n",
        return_delay=f"node,material,{H}\nstore,metal,1,yr,x,L\n",
        **extra,
    )


@pytest.mark.parametrize(("share", "returned"), [(None, 800.0), ("0.5", 400.0)])
def test_delayed_return_by_hand(package, share: str | None, returned: float) -> None:  # noqa: ANN001
    # store pays 100 more per tonne of metal; 2025 sales return in 2026 and cost 50 each at the
    # landfill (+50 net), 2026 returns fall after the horizon (+100): all metal goes to store
    cube = model.solve_data(model.load_data(_storage(package, share)))
    assert float(cube["sales"].sel(node="store", material="metal").sum()) == pytest.approx(1600)
    disposed = float(cube["disposal"].sel(node="landfill", material="residue", year=2026))
    assert disposed == pytest.approx(200 + returned)  # smelter residue + returned metal
    expected = -2 * 1000 * 105 - 2 * 800 * 100 + 50 * returned
    assert cube.attrs["objective"] == pytest.approx(expected)
