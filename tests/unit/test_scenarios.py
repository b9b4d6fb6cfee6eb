"""Scenario files: safe YAML, overrides with units, extends, and clear errors."""

from __future__ import annotations

import pytest

from model import ScenarioError, apply_scenario, load_data, load_scenario
from tests.conftest import DATA

TOY = str(DATA / "toy")


def test_overrides_set_scale_and_add_rows(scenario_file) -> None:  # noqa: ANN001
    path = scenario_file(f"""
name: s1
inputs: {TOY}
overrides:
  - {{parameter: carbon_price, where: {{year: 2026}}, value: 0.15, unit: kCNY/tCO2e}}
  - {{parameter: supply_max, where: {{material: scrap}}, scale: 2}}
  - {{parameter: process_cost, value: 120, unit: CNY/t}}
""")
    data = apply_scenario(load_data(TOY), load_scenario(path))
    assert data.params["carbon_price"].loc[(2026,)] == pytest.approx(150)
    assert data.params["supply_max"].tolist() == [3000, 3000]
    assert data.params["process_cost"].tolist() == [120]


def test_where_lists_select_any_of_their_keys(scenario_file) -> None:  # noqa: ANN001
    path = scenario_file(f"""
name: s1
inputs: {TOY}
overrides:
  - {{parameter: supply_max, where: {{year: [2026], material: [scrap, metal]}}, scale: 2}}
""")
    after = apply_scenario(load_data(TOY), load_scenario(path)).params["supply_max"]
    assert after.tolist() == [1500, 3000]
    # a value for a list of years adds or sets one row per listed year
    path = scenario_file(f"""
name: s2
inputs: {TOY}
overrides:
  - {{parameter: carbon_price, where: {{year: [2025, 2026]}}, value: 7, unit: CNY/tCO2e}}
""")
    after = apply_scenario(load_data(TOY), load_scenario(path)).params["carbon_price"]
    assert after.loc[(2025,)] == after.loc[(2026,)] == pytest.approx(7)


def test_extends_merges_overrides_in_order(scenario_file) -> None:  # noqa: ANN001
    scenario_file(f"name: parent\ninputs: {TOY}\noverrides:\n"
                  "  - {parameter: process_cost, value: 1, unit: CNY/t}\n", "parent.yaml")
    child = scenario_file("name: child\nextends: parent.yaml\noverrides:\n"
                          "  - {parameter: process_cost, scale: 3}\n", "child.yaml")
    scenario = load_scenario(child)
    assert scenario.name == "child" and str(scenario.inputs) == TOY
    assert apply_scenario(load_data(TOY), scenario).params["process_cost"].tolist() == [3]


def test_extends_cycle(scenario_file) -> None:  # noqa: ANN001
    scenario_file("name: a\nextends: b.yaml\n", "a.yaml")
    path = scenario_file("name: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(ScenarioError, match="cycle"):
        load_scenario(path)


def test_norway_stays_a_string(scenario_file) -> None:  # noqa: ANN001
    path = scenario_file("name: s\ndescription: NO\n")
    assert load_scenario(path).description == "NO"


@pytest.mark.parametrize(("text", "message"), [
    ("name: s\ncarbn_price: 3\n", "Extra inputs are not permitted"),
    ("name: s\nname: t\n", "not valid YAML"),
    ("name: s\ndescription: &a x\nsolver: *a\n", "aliases"),
    ("name: ../evil\n", "String should match pattern"),
    ("name: s\nsolver: {threads: ten}\n", "valid integer"),
    ("name: s\noverrides:\n  - {parameter: carbon_price, value: 3}\n", "needs a `unit`"),
    ("!!python/object:os.system {}\n", "not valid YAML"),
])
def test_malformed_scenarios(scenario_file, text: str, message: str) -> None:  # noqa: ANN001
    with pytest.raises(ScenarioError, match=message):
        load_scenario(scenario_file(text))


@pytest.mark.parametrize(("override", "message"), [
    ("{parameter: carbon_prize, value: 3, unit: CNY/tCO2e}", "unknown parameter 'carbon_prize'"),
    ("{parameter: carbon_price, where: {year: 2099}, value: 3, unit: CNY/tCO2e}",
     "unknown year 2099"),
    ("{parameter: carbon_price, where: {year: [2025, 2099]}, scale: 2}", "unknown year 2099"),
    ("{parameter: carbon_price, where: {colour: red}, value: 3, unit: CNY/tCO2e}",
     "has no dimension 'colour'"),
    ("{parameter: carbon_price, where: {year: 2025}, value: 3, unit: kt}", "cannot be converted"),
    ("{parameter: process_cost, value: -3, unit: CNY/t}", "below the minimum 0 CNY/t"),
    ("{parameter: market_max, where: {node: mkt}, scale: 2}", "no rows of 'market_max'"),
])
def test_overrides_that_cannot_apply(scenario_file, override: str, message: str) -> None:  # noqa: ANN001
    path = scenario_file(f"name: s\ninputs: {TOY}\noverrides:\n  - {override}\n")
    with pytest.raises(ScenarioError, match=message):
        apply_scenario(load_data(TOY), load_scenario(path))


def test_alias_bomb_is_rejected_fast(scenario_file) -> None:  # noqa: ANN001
    import time

    lines = ["name: s", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    path = scenario_file("\n".join(lines) + "\n")
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match="aliases"):
        load_scenario(path)
    assert time.perf_counter() - start < 1.0


def test_huge_scenario_file_is_rejected(scenario_file) -> None:  # noqa: ANN001
    path = scenario_file("name: s\ndescription: " + "x" * 1_100_000 + "\n")
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario(path)


def test_missing_scenario_file(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_quantile_override_uses_the_inputs_ranges(package, scenario_file) -> None:  # noqa: ANN001
    cost = ("process,value,unit,source,confidence,low,high\n"
            "smelt,100,CNY/t,toy,H,80,0.16\n")  # 0.16 kCNY/t: ranges share the row's unit
    path = package(process_cost=cost.replace("0.16", "160"))
    data = load_data(path)
    assert data.ranges("process_cost").loc[("smelt",)].tolist() == [80.0, 160.0]
    for q, expected in ((0.0, 80.0), (0.25, 100.0), (1.0, 160.0)):
        scenario = load_scenario(scenario_file(
            f"name: s\ninputs: {path}\noverrides:\n  - {{parameter: process_cost, quantile: {q}}}\n"))
        assert apply_scenario(data, scenario).params["process_cost"].tolist() == [expected]


def test_ranges_are_checked(package) -> None:  # noqa: ANN001
    from model import InputError

    bad = "process,value,unit,source,confidence,low,high\nsmelt,100,CNY/t,toy,H,120,160\n"
    with pytest.raises(InputError, match="outside its own low-high range"):
        load_data(package(process_cost=bad))


@pytest.mark.parametrize("package_dir", ["toy", "multi", "odym_alloying", "../../inputs"])
def test_rule_reads_kept_by_load_data_are_the_reads_found_afresh(package_dir: str) -> None:
    # load_data keeps what each cross-table rule read, so that a scenario need not run every
    # rule again to find out; a copy starts with nothing kept and finds them by running each
    import copy

    from model.data.reads import reads_of
    from model.data.validate import CROSS_CHECKS

    data = load_data(DATA / package_dir)
    fresh = copy.deepcopy(data)
    assert fresh.derived is not data.derived
    for rule in CROSS_CHECKS:
        assert reads_of(data, rule) == reads_of(fresh, rule), rule.__name__
    process_io_rule = next(r for r in CROSS_CHECKS if r.__name__ == "check_process_io")
    assert "process_io" in reads_of(data, process_io_rule)


INPUTS = str(DATA.parent.parent / "inputs")


@pytest.mark.parametrize(("where", "rule"), [
    ("{product: cars_beijing, cohort: 2025}", None),  # a cohort: was a KeyError
    ("{cohort: [2024, 2025]}", None),
    ("{cohort: 'x'}", "cohort must be a whole number"),
])
def test_where_on_a_cohort(scenario_file, where: str, rule: str | None) -> None:  # noqa: ANN001
    # found by a fuzz run of 600 random scenarios: every failure is a ScenarioError
    path = scenario_file(f"""
name: s1
inputs: {INPUTS}
overrides:
  - {{parameter: product_stock, where: {where}, scale: 2}}
""")
    raw = load_data(INPUTS)
    if rule is None:
        data = apply_scenario(raw, load_scenario(path))
        moved = data.params["product_stock"] != raw.params["product_stock"]
        assert moved.any() and (moved.index.get_level_values("cohort")[moved] >= 2024).all()
        return
    with pytest.raises(ScenarioError, match=rule):
        apply_scenario(raw, load_scenario(path))


@pytest.mark.parametrize(("stage", "rule"), [("smelting", None), ("nope", "unknown stage 'nope'")])
def test_where_on_a_stage(scenario_file, stage: str, rule: str | None) -> None:  # noqa: ANN001
    # a process stage (processes.csv) keys recovery_minimum: was a KeyError
    path = scenario_file(f"""
name: s1
inputs: {INPUTS}
overrides:
  - {{parameter: recovery_minimum, where: {{stage: {stage}}}, scale: 0.5}}
""")
    raw = load_data(INPUTS)
    if rule is None:
        data = apply_scenario(raw, load_scenario(path))
        assert (data.params["recovery_minimum"] <= raw.params["recovery_minimum"]).all()
        return
    with pytest.raises(ScenarioError, match=rule):
        apply_scenario(raw, load_scenario(path))
