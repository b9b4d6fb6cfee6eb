"""Trade rules on the toy, each solved by hand first.

The toy plant turns 1000 t/yr of scrap into 800 t/yr of metal (0 % discount, two years).
Metal sells at home (``mkt``, CN) for 2000 CNY/t less 100 CNY/t transport: 1900 net. A second
market ``mkt2`` in Kazakhstan pays 2300 less 50 CNY/t transport: 2250 net, 350 CNY/t better,
before any trade rule. Scrap costs 1000 + 50 transport = 1050 CNY/t at the plant.
"""

from __future__ import annotations

import pytest
import xarray as xr

import model
from model.errors import InputError

H = "value,unit,source,confidence"
YEARS = (2025, 2026)

EXPORT = {
    "nodes": lambda t: t + "mkt2,Market 2,R2,KZ,market\n",
    "routes": lambda t: t + "plant-mkt2,plant,mkt2,truck\n",
    "route_materials": lambda t: t + "plant-mkt2,metal\n",
    "route_distance": lambda t: t + "plant-mkt2,100,km,x,H\n",
    "market_price": lambda t: t + "".join(f"mkt2,metal,{y},2300,CNY/t,x,H\n" for y in YEARS),
}


def _lane(name: str, rate: float, material: str = "metal", exporter: str = "CN",
          importer: str = "KZ", unit: str = "1") -> dict[str, str]:
    return {name: f"material,exporter,importer,year,{H}\n" + "".join(
        f"{material},{exporter},{importer},{y},{rate},{unit},x,H\n" for y in YEARS)}


def _value(cny: float, material: str = "metal") -> dict[str, str]:
    return {"customs_value": f"material,year,{H}\n" + "".join(
        f"{material},{y},{cny},CNY/t,x,H\n" for y in YEARS)}


def _solve(package, **edits) -> xr.Dataset:  # noqa: ANN001
    cube = model.solve_data(model.load_data(package(**edits)))
    assert cube.attrs["status"] == "optimal"
    return cube


def _sold(cube, node: str) -> float:  # noqa: ANN001
    return float(cube["sales"].sel(node=node, material="metal").sum())


def _per_year(cube, name: str, route: str = "plant-mkt2", material: str = "metal"):  # noqa: ANN001, ANN202
    return cube[name].sel(route=route, material=material).values.tolist()


def test_an_import_tariff_moves_the_destination(package) -> None:  # noqa: ANN001
    # 20 % of 2000 = 400 CNY/t: 2250 - 400 = 1850 < 1900, so the metal stays at home, 50 short
    high = _solve(package, **EXPORT, **_value(2000), **_lane("import_tariff", 0.20))
    assert _sold(high, "mkt2") == pytest.approx(0, abs=1e-6)
    assert _sold(high, "mkt") == pytest.approx(1600)
    assert _per_year(high, "trade_gap") == pytest.approx([50, 50])
    # 10 % = 200 CNY/t: 2050 > 1900; the crossing could cost 150 CNY/t more before it closes
    low = _solve(package, **EXPORT, **_value(2000), **_lane("import_tariff", 0.10))
    assert _sold(low, "mkt2") == pytest.approx(1600)
    assert float(low["cost"].sel(cost_category="import_duty", year=2025)) == pytest.approx(
        800 * 200)
    assert _per_year(low, "trade_headroom") == pytest.approx([150, 150])


def test_a_specific_duty_adds_to_the_ad_valorem_one(package) -> None:  # noqa: ANN001
    # 10 % of 2000 + 240 CNY/t = 440: 2250 - 440 = 1810, 90 short of home
    specific = _lane("import_tariff_specific", 240, unit="CNY/t")
    cube = _solve(package, **EXPORT, **_value(2000), **_lane("import_tariff", 0.10), **specific)
    assert _sold(cube, "mkt2") == pytest.approx(0, abs=1e-6)
    assert _per_year(cube, "trade_gap") == pytest.approx([90, 90])


def test_the_gap_is_what_it_takes_to_open_the_crossing(package) -> None:  # noqa: ANN001
    rules = {**_value(2000), **_lane("import_tariff", 0.20)}  # gap 50 CNY/t (above)

    def priced(extra: float) -> dict:
        return {**EXPORT, "market_price": lambda t: t + "".join(
            f"mkt2,metal,{y},{2300 + extra},CNY/t,x,H\n" for y in YEARS)}

    assert _sold(_solve(package, **priced(49), **rules), "mkt2") == pytest.approx(0, abs=1e-6)
    assert _sold(_solve(package, **priced(51), **rules), "mkt2") == pytest.approx(1600)


def test_an_export_vat_rebate_opens_an_export(package) -> None:  # noqa: ANN001
    vat = {"vat_rate": f"country,year,{H}\n" + "".join(f"CN,{y},0.13,1,x,H\n" for y in YEARS)}

    def rebate(rate: float) -> dict[str, str]:
        return {"export_vat_rebate": f"material,country,year,{H}\n" + "".join(
            f"metal,CN,{y},{rate},1,x,H\n" for y in YEARS)}

    # no rebate: 13 % of 3000 = 390 CNY/t of input VAT lost, 2250 - 390 = 1860 < 1900
    none = _solve(package, **EXPORT, **_value(3000), **vat)
    assert _sold(none, "mkt2") == pytest.approx(0, abs=1e-6)
    assert _per_year(none, "trade_gap") == pytest.approx([40, 40])
    # a full 13 % rebate: nothing lost; a 9 % rebate: 4 % of 3000 = 120 lost, 2130 > 1900
    assert _sold(_solve(package, **EXPORT, **_value(3000), **vat, **rebate(0.13)),
                 "mkt2") == pytest.approx(1600)
    part = _solve(package, **EXPORT, **_value(3000), **vat, **rebate(0.09))
    assert _sold(part, "mkt2") == pytest.approx(1600)
    assert float(part["cost"].sel(cost_category="export_vat", year=2026)) == pytest.approx(
        800 * 120)


def test_an_export_duty_closes_the_export(package) -> None:  # noqa: ANN001
    # 15 % of 3000 = 450: 2250 - 450 = 1800, 100 short of home
    cube = _solve(package, **EXPORT, **_value(3000), **_lane("export_duty", 0.15))
    assert _sold(cube, "mkt2") == pytest.approx(0, abs=1e-6)
    assert _per_year(cube, "trade_gap") == pytest.approx([100, 100])


IMPORT = {  # scrap from Kazakhstan: 800 + 50 transport = 850 CNY/t against 1050 at home
    "nodes": lambda t: t + "src2,Foreign source,R2,KZ,source\n",
    "routes": lambda t: t + "src2-plant,src2,plant,truck\n",
    "route_materials": lambda t: t + "src2-plant,scrap\n",
    "route_distance": lambda t: t + "src2-plant,100,km,x,H\n",
    "supply_max": lambda t: t + "".join(f"src2,scrap,{y},600,t/yr,x,H\n" for y in YEARS),
    "supply_cost": lambda t: t + "".join(f"src2,scrap,{y},800,CNY/t,x,H\n" for y in YEARS),
}


def test_an_origin_export_ban_closes_an_import(package) -> None:  # noqa: ANN001
    free = _solve(package, **IMPORT)
    assert float(free["supply"].sel(node="src2").sum()) == pytest.approx(1200)
    ban = _lane("trade_quota", 0, material="scrap", exporter="KZ", importer="CN", unit="t/yr")
    banned = _solve(package, **IMPORT, **ban)
    assert float(banned["supply"].sel(node="src2").sum()) == pytest.approx(0, abs=1e-6)
    assert float(banned["supply"].sel(node="src").sum()) == pytest.approx(2000)
    # closed by the rule, not by economics: one more tonne allowed would save 200 CNY/t
    assert _per_year(banned, "trade_gap", "src2-plant", "scrap") == pytest.approx([-200, -200])
    quota = _lane("trade_quota", 250, material="scrap", exporter="KZ", importer="CN", unit="t/yr")
    limited = _solve(package, **IMPORT, **quota)
    assert float(limited["supply"].sel(node="src2").sum()) == pytest.approx(500)
    rent = limited["trade_quota_shadow_price"].sel(material="scrap", exporter="KZ",
                                                    importer="CN")
    assert rent.values.tolist() == pytest.approx([200, 200])


def test_capital_in_transit_is_a_cost(package) -> None:  # noqa: ANN001
    # 73 days at 10 %/yr on 3000 CNY/t = 60 CNY/t: 2190 still beats 1900
    transit = {"route_transit_days": f"route,{H}\nplant-mkt2,73,day,x,L\n",
               "transit_interest_rate": f"year,{H}\n" + "".join(
                   f"{y},0.1,1/yr,x,L\n" for y in YEARS)}
    base = _solve(package, **EXPORT)
    cube = _solve(package, **EXPORT, **_value(3000), **transit)
    assert _sold(cube, "mkt2") == pytest.approx(1600)
    assert float(cube["cost"].sel(cost_category="transit_capital", year=2025)) == pytest.approx(
        800 * 60)
    assert cube.attrs["objective"] - base.attrs["objective"] == pytest.approx(2 * 800 * 60)


def test_trade_rules_are_checked(package) -> None:  # noqa: ANN001
    with pytest.raises(InputError) as err:  # an ad valorem duty needs a customs value
        model.load_data(package(**EXPORT, **_lane("import_tariff", 0.1)))
    assert "customs_value.csv" in str(err.value) and "metal" in str(err.value)
    with pytest.raises(InputError) as err:
        model.load_data(package(**EXPORT, **_value(2000),
                                **_lane("export_duty", 0.1, importer="CN")))
    assert "exporter equals importer" in str(err.value)
    with pytest.raises(InputError) as err:
        model.load_data(package(**EXPORT, **_value(2000),
                                **_lane("export_duty", 0.1, importer="XX")))
    assert "unknown importer" in str(err.value)


def test_reduced_costs_are_those_of_highs(package) -> None:  # noqa: ANN001
    """``Program.reduced_costs`` (c - A^T y from the program's own rows) equals the column
    duals HiGHS reports, on a network with a binding quota and an unused export."""
    import numpy as np

    from model.blocks import build_program
    from model.data.sets import build_index_sets
    from model.lp.session import HighsSession
    from model.lp.solve import solve_program

    quota = _lane("trade_quota", 250, material="scrap", exporter="KZ", importer="CN", unit="t/yr")
    edits = {**IMPORT, **quota, **{k: v for k, v in EXPORT.items() if k != "nodes"},
             "nodes": lambda t: t + "src2,Foreign source,R2,KZ,source\nmkt2,Market 2,R2,KZ,market\n",
             "routes": lambda t: t + "src2-plant,src2,plant,truck\nplant-mkt2,plant,mkt2,truck\n",
             "route_materials": lambda t: t + "src2-plant,scrap\nplant-mkt2,metal\n",
             "route_distance": lambda t: t + "src2-plant,100,km,x,H\nplant-mkt2,100,km,x,H\n",
             **_value(2000), **_lane("import_tariff", 0.20)}
    data = model.load_data(package(**edits))
    program = build_program(data, build_index_sets(data))
    session = HighsSession()
    result = solve_program(program, session=session)
    assert result.optimal and result.row_dual is not None
    highs = np.asarray(session.highs.getSolution().col_dual)
    ours = program.reduced_costs(result.row_dual)
    assert np.allclose(ours, highs, atol=1e-7 * max(1.0, np.abs(highs).max()))


def test_a_hub_charges_handling_and_limits_throughput(package) -> None:  # noqa: ANN001
    """Metal reaches the home market through its node: 30 CNY/t handling there is a cost of
    each tonne sold; a limit of 500 t/yr on what arrives binds, and one more t/yr of room is
    worth the margin of the last tonne of metal."""
    handling = {"node_handling_cost": f"node,{H}\nmkt,30,CNY/t,x,L\n"}
    base = _solve(package)
    charged = _solve(package, **handling)
    assert float(charged["cost"].sel(cost_category="handling", year=2025)) == pytest.approx(
        800 * 30)
    assert charged.attrs["objective"] - base.attrs["objective"] == pytest.approx(2 * 800 * 30)
    limit = {"node_throughput_max": f"node,year,{H}\n" + "".join(
        f"mkt,{y},500,t/yr,x,L\n" for y in YEARS)}
    capped = _solve(package, **handling, **limit)
    assert _sold(capped, "mkt") == pytest.approx(1000)
    rent = capped["hub_shadow_price"].sel(node="mkt").values
    # a tonne of metal needs 1.25 t of scrap: 1.25 x (1,050 + 100 + 500 kWh x 0.5 CNY/kWh +
    # 0.2 t of residue x (25 transport + 50 landfill)) = 1,768.75 CNY, and it sells for
    # 2,000 - 100 - 30 = 1,870: one more t/yr is worth 101.25
    assert rent.tolist() == pytest.approx([101.25, 101.25])


def test_a_material_below_the_import_standard_may_not_cross(package) -> None:  # noqa: ANN001
    """Scrap with 10 % Cu (composition) meets a 5 % minimum but not a 12 % one: then the
    import lane is shut as by a ban, and its rent is the 200 CNY/t saving forgone."""
    comp = {"material_composition": f"material,element,{H}\nscrap,Cu,0.10,t/t,x,L\n"}

    def standard(minimum: float) -> dict[str, str]:
        return {"import_standard_min": f"material,importer,element,year,{H}\n" + "".join(
            f"scrap,CN,Cu,{y},{minimum},1,x,H\n" for y in YEARS)}

    meets = _solve(package, **IMPORT, **comp, **standard(0.05))
    assert float(meets["supply"].sel(node="src2").sum()) == pytest.approx(1200)
    fails = _solve(package, **IMPORT, **comp, **standard(0.12))
    assert float(fails["supply"].sel(node="src2").sum()) == pytest.approx(0, abs=1e-6)
    assert _per_year(fails, "trade_gap", "src2-plant", "scrap") == pytest.approx([-200, -200])


def test_a_crossing_that_leads_nowhere_is_infinitely_far_from_opening(package) -> None:  # noqa: ANN001
    """Scrap may cross to mkt2, but nobody there uses scrap: no price or cost change on the
    route opens it, and the gap says so (inf), not a large finite number."""
    nowhere = {**EXPORT, "route_materials": lambda t: t + "plant-mkt2,metal\nplant-mkt2,scrap\n"}
    cube = _solve(package, **nowhere)
    assert _per_year(cube, "trade_gap", material="scrap") == [float("inf")] * 2
