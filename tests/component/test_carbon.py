"""Carbon ledger and policy instruments, on the toy chain (0.431 tCO2e and 105 CNY per tonne)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import model
from model.studies.mac import mac_curve
from tests.conftest import DATA, ROOT

MARGIN, INTENSITY = 105.0, 0.431
HEAD = "year,value,unit,source,confidence\n"


def solve(data: model.ModelData):  # noqa: ANN201
    cube = model.solve_data(data)
    assert cube.attrs["status"] == "optimal"
    return cube


@pytest.fixture(scope="module")
def toy() -> model.ModelData:
    return model.load_data(DATA / "toy")


@pytest.fixture(scope="module")
def default() -> model.ModelData:
    return model.load_data(ROOT / "inputs")


def _year_series(values: dict[int, float]) -> pd.Series:
    index = pd.MultiIndex.from_tuples([(y,) for y in values], names=["year"])
    return pd.Series(list(values.values()), index=index)


@pytest.mark.parametrize("which", ["toy", "default"])
def test_ledger_total_equals_model_emissions_every_year(which: str, toy, default) -> None:  # noqa: ANN001
    cube = solve(toy if which == "toy" else default)
    in_model = cube["emissions"].sum("source")
    np.testing.assert_allclose(cube["ledger_gross"].values, in_model.values, rtol=1e-6)
    np.testing.assert_allclose(cube["ledger_by_scope"].sum("scope").values,
                               cube["ledger_gross"].values, rtol=1e-9)
    assert float(cube["ledger_entry_emissions"].sum()) == pytest.approx(
        float(in_model.sum()), rel=1e-9)


def test_toy_ledger_by_scope_by_hand(toy) -> None:  # noqa: ANN001
    scope = solve(toy)["ledger_by_scope"].sel(year=2025)
    assert float(scope.sel(scope="scope1")) == pytest.approx(100.0)  # 1000 t x 0.1
    assert float(scope.sel(scope="scope2")) == pytest.approx(300.0)  # 500 MWh x 0.6
    assert float(scope.sel(scope="scope3")) == pytest.approx(31.0)  # 27 transport + 4 disposal


def test_round_off_tonnes_have_no_ledger_entry_nor_intensity(toy) -> None:  # noqa: ANN001
    """The toy's plan shrunk to 1e-12 of itself (a solver's round-off where another optimal
    basis has exactly 0) leaves no ledger entry and no intensity; the plan itself has both."""
    from model.results.ledger import embodied_intensity, ledger_table

    cube = solve(toy)
    shrunk = cube.copy()
    for name in ("supply", "sales", "disposal", "flow", "activity", "process_input",
                 "process_output"):
        shrunk[name] = cube[name] * 1e-12
    table = ledger_table(cube, toy)
    assert len(table) > 0 and (embodied_intensity(cube, toy, table) > 0).any()
    assert ledger_table(shrunk, toy).empty
    assert (embodied_intensity(shrunk, toy, ledger_table(shrunk, toy)) == 0).all()


def test_toy_embodied_intensity_by_hand(toy) -> None:  # noqa: ANN001
    """Mass allocation: a smelted tonne (metal or residue) carries the activity's 0.1 direct
    + 0.5 MWh x 0.6 electricity + 100 km x 0.1 kg/t-km of scrap haulage = 0.41 tCO2e; metal
    adds 200 km x 0.1 kg/t-km on its way to market: 0.43 tCO2e/t, 800 t sold a year."""
    cube = solve(toy)
    at_market = cube["embodied_intensity"].sel(node="mkt", material="metal")
    np.testing.assert_allclose(at_market.values, [0.43, 0.43], rtol=1e-12)
    np.testing.assert_allclose(cube["embodied_emissions"].sel(node="mkt", material="metal"),
                               [0.43 * 800, 0.43 * 800], rtol=1e-12)


def test_ledger_equals_a_binding_cap(toy) -> None:  # noqa: ANN001
    cube = solve(toy.with_params({"carbon_cap": _year_series({2026: 300.0})}))
    assert float(cube["ledger_gross"].sel(year=2026)) == pytest.approx(300.0, rel=1e-6)


def test_cut_off_and_substitution_differ_exactly_by_the_credits(toy) -> None:  # noqa: ANN001
    factor = pd.Series([10.0], index=pd.MultiIndex.from_tuples([("metal",)], names=["material"]))
    data = toy.with_params({"substitution_factor": factor})
    cut = solve(data)
    sub = solve(data.with_accounting("substitution"))
    avoided = sub["ledger_avoided"].sum("material")
    np.testing.assert_allclose(avoided.values, 800 * 10.0)  # 800 t metal sold per year
    np.testing.assert_allclose((cut["ledger_net"] - sub["ledger_net"]).values, avoided.values)
    np.testing.assert_allclose(sub["credits"].values, avoided.values)


def test_substitution_credits_are_paid_by_a_carbon_price(toy) -> None:  # noqa: ANN001
    factor = pd.Series([1.0], index=pd.MultiIndex.from_tuples([("metal",)], names=["material"]))
    price = _year_series({2025: 100.0, 2026: 100.0})
    data = toy.with_params({"substitution_factor": factor, "carbon_price": price})
    cut, sub = solve(data), solve(data.with_accounting("substitution"))
    # same plan (margin 105 - 43.1 > 0); substitution earns 100 CNY x 800 t credits a year
    assert sub.attrs["objective"] == pytest.approx(cut.attrs["objective"] - 2 * 100 * 800)


def _cap_price_identity(data: model.ModelData, year: int, cap: float,
                        nodes: list[str] | None = None) -> None:
    """A cap's shadow price, charged as a carbon price, gives the capped plan (``nodes``: the
    instruments' common boundary, where emissions are compared)."""
    capped = solve(data.with_params({"carbon_cap": _year_series({year: cap})}))
    shadow = float(capped["carbon_shadow_price"].sel(year=year))
    assert shadow > 0
    base = data.lookup("carbon_price", pd.DataFrame({"year": list(data.years)}))
    price = _year_series(dict(zip(data.years, base, strict=True)))
    price.loc[(year,)] += shadow
    priced = solve(data.with_params({"carbon_price": price}))
    discount = dict(zip(data.years, data.discount_factors(), strict=True))[year]
    assert priced.attrs["objective"] == pytest.approx(
        capped.attrs["objective"] + discount * shadow * cap, rel=1e-7)
    # emissions at the price match the cap up to ties: just above the price they are below it,
    # just below the price above it
    for bump, side in ((1.01, "below"), (0.99, "above")):
        nudged = price.copy()
        nudged.loc[(year,)] = (price.loc[(year,)] - shadow) + shadow * bump
        cube = solve(data.with_params({"carbon_price": nudged}))
        emitted = float(cube["emissions"].sel(year=year).sum() if nodes is None else
                        cube["emissions_node"].sel(year=year, node=nodes).sum())
        assert (emitted <= cap * (1 + 1e-6)) if side == "below" else (emitted >= cap * (1 - 1e-6))


def test_cap_price_equivalence_toy(toy) -> None:  # noqa: ANN001
    _cap_price_identity(toy, 2026, 300.0)


def test_cap_price_equivalence_default_data(tmp_path: Path) -> None:
    """The default cap covers the park's nodes; a price on the same nodes is its dual."""
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    (inputs / "instrument_nodes.csv").write_text(
        "instrument,node\ncap,ziya\ncap,ziya_hub\nprice,ziya\nprice,ziya_hub\n")
    data = model.load_data(inputs)
    park = ["ziya", "ziya_hub"]
    free = solve(data)
    cap = 0.8 * float(free["emissions_node"].sel(year=2030, node=park).sum())
    _cap_price_identity(data, 2030, cap, park)


def test_cumulative_budget(toy) -> None:  # noqa: ANN001
    budget = pd.Series([700.0], index=pd.RangeIndex(1))
    cube = solve(toy.with_params({"carbon_budget": budget}))
    assert float(cube["activity"].sum()) == pytest.approx(700 / INTENSITY)
    assert float(cube["budget_shadow_price"]) == pytest.approx(MARGIN / INTENSITY)


def test_intensity_standard_and_scope_coverage(toy) -> None:  # noqa: ANN001
    standard = _year_series({2025: 0.3, 2026: 0.3})
    strict = solve(toy.with_params({"intensity_standard": standard}))
    assert float(strict["activity"].sum()) == pytest.approx(0.0, abs=1e-6)  # 0.431 > 0.3
    # without scope 2 (0.3 t/t from electricity) the covered intensity is 0.131 <= 0.3
    no_scope2 = pd.Series([0.0], index=pd.MultiIndex.from_tuples(
        [("intensity", "scope2")], names=["instrument", "scope"]))
    relaxed = solve(toy.with_params({"intensity_standard": standard, "scope_coverage": no_scope2}))
    assert float(relaxed["activity"].sum()) == pytest.approx(2000.0)


def test_product_intensity_standard_by_hand(toy) -> None:  # noqa: ANN001
    """Covered emissions of a year <= the standard x the product's tonnes sold that year. The
    toy emits 0.431 t per tonne smelted and sells 0.8 t of metal per tonne: 0.539 tCO2e per
    tonne of metal. 0.5 t/t in 2025 stops the smelter; 0.6 t/t in 2026 lets it run at its
    1000 t capacity. A standard on residue, of which none is sold, allows no covered emission
    at all: with one in 2026 the smelter stops that year too (two rows in one year)."""
    index = pd.MultiIndex.from_tuples([("metal", 2025), ("metal", 2026)],
                                      names=["material", "year"])
    metal = pd.Series([0.5, 0.6], index=index)
    cube = solve(toy.with_params({"product_intensity_standard": metal}))
    np.testing.assert_allclose(cube["activity"].sum("process").values, [0.0, 1000.0], atol=1e-6)
    both = pd.concat([metal, pd.Series([10.0], index=pd.MultiIndex.from_tuples(
        [("residue", 2026)], names=["material", "year"]))])
    cube = solve(toy.with_params({"product_intensity_standard": both}))
    np.testing.assert_allclose(cube["activity"].sum("process").values, [0.0, 0.0], atol=1e-6)


def test_border_adjustment_changes_the_export_destination(package) -> None:  # noqa: ANN001
    """mkt2 pays 2300 (net 2250 after 100 km) vs mkt 2000 (net 1900): metal goes to mkt2,
    unless mkt2 charges 1.0 tCO2e/t x 600 CNY/tCO2e = 600 CNY/t at its border (net 1650)."""
    extra = {
        "nodes": lambda t: t + "mkt2,Market 2,R2,KZ,market\n",
        "routes": lambda t: t + "plant-mkt2,plant,mkt2,truck\n",
        "route_materials": lambda t: t + "plant-mkt2,metal\n",
        "route_distance": lambda t: t + "plant-mkt2,100,km,x,H\n",
        "market_price": lambda t: t + "mkt2,metal,2025,2300,CNY/t,x,H\nmkt2,metal,2026,2300,CNY/t,x,H\n",
    }
    free = solve(model.load_data(package(**extra)))
    assert float(free["sales"].sel(node="mkt2").sum()) == pytest.approx(1600)
    bca = {
        "embodied_emission_factor": "material,value,unit,source,confidence\nmetal,1.0,tCO2e/t,x,L\n",
        "border_carbon_price": "node,year,value,unit,source,confidence\n"
                               "mkt2,2025,600,CNY/tCO2e,x,L\nmkt2,2026,600,CNY/tCO2e,x,L\n",
    }
    charged = solve(model.load_data(package(**extra, **bca)))
    assert float(charged["sales"].sel(node="mkt2").sum()) == pytest.approx(0, abs=1e-6)
    assert float(charged["sales"].sel(node="mkt").sum()) == pytest.approx(1600)
    phased = {**bca, "border_phase_in": "node,year,value,unit,source,confidence\n"
                                        "mkt2,2025,0.25,1,x,L\nmkt2,2026,0.25,1,x,L\n"}
    half = solve(model.load_data(package(**extra, **phased)))  # 150 CNY/t: mkt2 still wins
    assert float(half["sales"].sel(node="mkt2").sum()) == pytest.approx(1600)
    assert float(half["border_adjustment"].sel(node="mkt2", year=2025)) == pytest.approx(800 * 150)


def test_recovery_minimum_decides_whether_a_process_may_run(package) -> None:  # noqa: ANN001
    comp = ("material,element,value,unit,source,confidence\n"
            "scrap,Cu,0.10,t/t,x,L\nmetal,Cu,0.11,t/t,x,L\n")  # recovers 0.8 x 0.11 / 0.1 = 88%
    for rate, activity in ((0.85, 2000.0), (0.90, 0.0)):
        rule = f"stage,element,value,unit,source,confidence\nrefining,Cu,{rate},1,x,H\n"
        cube = solve(model.load_data(package(material_composition=comp, recovery_minimum=rule)))
        assert float(cube["activity"].sum()) == pytest.approx(activity, abs=1e-6)


@pytest.mark.parametrize("which", ["toy", "default"])
def test_mac_curve_is_monotone(which: str, toy, default) -> None:  # noqa: ANN001
    curve = mac_curve(toy if which == "toy" else default, points=5)
    assert (curve["status"] == "optimal").all()
    cost = curve["objective_cny"].values
    price = curve["shadow_price_cny_per_tco2e"].values
    scale = 1e-7 * np.abs(cost).max()
    assert np.all(np.diff(cost) >= -scale), cost
    assert np.all(np.diff(price[1:]) >= -1e-6 * np.abs(price).max()), price
    assert curve["budget_tco2e"].values[0] == pytest.approx(curve.attrs["unconstrained_emissions_tco2e"])


def test_mac_warm_resolve_matches_rebuilding(toy) -> None:  # noqa: ANN001
    rebuilt = mac_curve(toy, points=4, reuse=False)
    resolved = mac_curve(toy, points=4, reuse=True)
    np.testing.assert_allclose(resolved["objective_cny"], rebuilt["objective_cny"], rtol=1e-9,
                               atol=1e-6)
    np.testing.assert_allclose(resolved["emissions_tco2e"], rebuilt["emissions_tco2e"],
                               rtol=1e-9, atol=1e-6)
    assert resolved.attrs["method"] == "one HiGHS session, re-solved by diff"
