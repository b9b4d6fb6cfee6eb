"""Key messages from two hand-made cubes whose differences are computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from model.report.messages import key_messages, years_text
from model.results.compare import binding_limits, contrast

YEARS = [2030, 2031]


def _cube(name: str, *, cost: list[float], revenue: list[float], gross: list[float],
          avoided: list[float], shred: list[float], cap: list[float],
          shadow: list[float], capacity_price: list[float]) -> xr.Dataset:
    """Two processes (a shredder and a smelter, stages 'shredding' and 'smelting'), one
    material, two years."""
    year = {"year": YEARS}
    process = ["shred", "smelt"]
    ds = xr.Dataset(
        {
            "cost": (("cost_category", "year"), np.array([cost, [0.0, 0.0]])),
            "revenue": ("year", np.array(revenue)),
            "ledger_gross": ("year", np.array(gross)),
            "ledger_avoided": (("material", "year"), np.array([avoided])),
            "sales": (("node", "material", "year"), np.ones((1, 1, 2))),
            "activity": (("process", "year"), np.array([shred, [10.0, 10.0]])),
            "process_input": (("process", "material", "year"),
                              np.array([[shred], [[10.0, 10.0]]])),
            "new_capacity": (("process", "year"), np.zeros((2, 2))),
            "capacity": (("process", "year"), np.array([[1000.0, 1000.0], [50.0, 50.0]])),
            "capacity_shadow_price": (("process", "year"),
                                      np.array([capacity_price, [0.0, 0.0]])),
            "carbon_shadow_price": ("year", np.array(shadow)),
            "carbon_cap": ("year", np.array(cap)),
            "carbon_price": ("year", np.zeros(2)),
            "carbon_price_reference": ("year", np.array([70.0, 80.0])),
        },
        coords={**year, "process": process, "cost_category": ["acquisition", "processing"],
                "material": ["scrap"], "node": ["market"],
                "process_stage": ("process", ["shredding", "smelting"]),
                "process_stage_label": ("process", ["Shredding", "Smelting"]),
                "process_label": ("process", ["Shredder", "Smelter"])},
        attrs={"scenario": name, "objective": -(sum(revenue) - sum(cost)),
               "scenario_description": f"the {name} case"},
    )
    return ds


@pytest.fixture
def pair() -> tuple[xr.Dataset, xr.Dataset]:
    base = _cube("base", cost=[100.0, 100.0], revenue=[300.0, 300.0], gross=[50.0, 50.0],
                 avoided=[200.0, 200.0], shred=[900.0, 900.0], cap=[np.inf, np.inf],
                 shadow=[np.nan, np.nan], capacity_price=[0.0, 0.0])
    capped = _cube("capped", cost=[90.0, 80.0], revenue=[250.0, 200.0], gross=[40.0, 30.0],
                   avoided=[150.0, 100.0], shred=[700.0, 500.0], cap=[40.0, 30.0],
                   shadow=[0.0, 160.0], capacity_price=[10.0, 20.0])
    return capped, base


def test_contrast_numbers_by_hand(pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, base = pair
    c = contrast(capped, base)
    # gross 100 -> 70: 30 t abated; cost - revenue: (200 - 600) -> (170 - 450): +120 CNY
    assert c.abated == pytest.approx(30.0)
    assert c.cost_per_tonne == pytest.approx(120.0 / 30.0)
    # avoided 400 -> 250: 150 t lost, 5x the abatement
    assert c.leakage_ratio == pytest.approx(150.0 / 30.0)
    assert c.change["net_result"] == pytest.approx(-120.0)
    # shredding moved most in 2031 (900 -> 500); smelting did not move
    assert c.year == 2031
    assert c.stages.to_dict("records") == [{"stage": "shredding", "base": 900.0,
                                            "value": 500.0}]


def test_binding_limits_by_hand(pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, _ = pair
    limits = binding_limits(capped)
    # cap binds in 2031 only: 1 % of 30 t x 160 CNY/t = 48 CNY;
    # shredder capacity binds in both years: 1 % x 1000 t/yr x (10 + 20) CNY/t = 300 CNY
    assert [(b.kind, b.key, b.years) for b in limits] == [
        ("capacity", ("shred",), [2030, 2031]), ("carbon_cap", (), [2031])]
    assert [b.relax_value for b in limits] == pytest.approx([300.0, 48.0])
    assert limits[0].shadow_price == pytest.approx(20.0)


def test_messages_name_the_counterfactual_and_cost_per_tonne(
        pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, base = pair
    found = key_messages(capped, base, "en")
    assert "“base”" in found["intro"] and "the base case" in found["intro"]
    by_key = {m["key"]: m["text"] for m in found["messages"]}
    assert "4 CNY/tCO2e" in by_key["cost_per_tonne_abated"]
    assert "5.0×" in by_key["leakage"] and "rise by 120 tCO2e" in by_key["leakage"]
    assert "Shredding 900 t → 500 t" in by_key["stages"]
    # the cap's shadow price against the ETS price of its year: 160 / 80 = 2x
    assert "160 CNY/tCO2e in 2031, 2× the national ETS price" in by_key["carbon_shadow_price"]
    assert by_key["binding"].index("capacity of Shredder") < by_key["binding"].index(
        "the carbon cap")
    zh = {m["key"]: m["text"] for m in key_messages(capped, base, "zh")["messages"]}
    assert "元/吨二氧化碳当量" in zh["cost_per_tonne_abated"]


def test_alone_and_identical(pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, base = pair
    alone = key_messages(capped, None, "en")
    assert [m["key"] for m in alone["messages"]] == ["carbon_shadow_price", "binding"]
    same = key_messages(base, base, "en")
    keys = [m["key"] for m in same["messages"]]
    assert "cost_per_tonne_abated" not in keys and "leakage" not in keys
    assert keys[0] == "unchanged"


def test_years_as_runs() -> None:
    assert years_text([2026, 2027, 2028, 2033, 2035, 2036], "en") == "2026–2028, 2033, 2035–2036"


def test_a_root_scenario_is_described_alone(pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, _ = pair
    root = key_messages(capped, None, "en")["intro"]
    assert root.startswith("This scenario extends no other")
    child = capped.assign_attrs(scenario_resolved='{"parent": "/somewhere/base.yaml"}')
    assert key_messages(child, None, "en")["intro"].startswith("No counterfactual was given")


def _scoped(cap: float, price: float, emissions: list[float]) -> xr.Dataset:
    """Two nodes, a cap scoped to node 'park', one source, one year."""
    return xr.Dataset({
        "instrument_scope": (("instrument", "node"), np.array([[1.0, 0.0], [1.0, 1.0]])),
        "emissions_node": (("source", "node", "year"), np.array([[[e] for e in emissions]])),
        "carbon_cap": ("year", [cap]), "carbon_price": ("year", [price]),
    }, coords={"instrument": ["cap", "price"], "node": ["park", "rest"], "source": ["fuel"],
               "year": [2030]})


def test_boundary_names_the_cap_only_where_a_plan_sets_it() -> None:
    from model.report.messages import _boundary

    base = _scoped(np.inf, 0.0, [100.0, 50.0])
    capped = _scoped(80.0, 0.0, [80.0, 65.0])  # 20 t less inside, 15 t more outside
    said = _boundary(capped, base, "en")[0]["text"]
    assert said.startswith("Inside the boundary of the carbon cap (1 node)")
    assert "-20.0 tCO2e" in said and "+15.0 tCO2e" in said
    priced = _scoped(np.inf, 75.0, [90.0, 45.0])  # a price everywhere, no cap in either plan
    said = _boundary(priced, base, "en")[0]["text"]
    assert said.startswith("Neither plan sets a carbon cap") and "-10.0 tCO2e" in said
    assert "outside it by -5.00 tCO2e" in said
    assert "均未设定碳排放上限" in _boundary(priced, base, "zh")[0]["text"]
