"""Overrides pass the tables' rules; numerics are checked; paths outside the project are said.

Issue 19, items 2, 8 and 10 (paths): a ``scale`` override used to skip the catalogue's ranges
and the cross-table checks; a value that overflowed to infinity in a unit conversion was
accepted; dangerous LP magnitudes went unreported and the range report dropped infinities.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import model
from model import InputError, ScenarioError, apply_scenario, load_data, load_scenario
from model.studies.sweep import run_sweep
from tests.conftest import DATA, ROOT

TOY = DATA / "toy"


@pytest.fixture(scope="module")
def default() -> model.ModelData:
    return load_data(ROOT / "inputs")


@pytest.fixture(scope="module")
def toy() -> model.ModelData:
    return load_data(TOY)


def _apply(data: model.ModelData, path: Path) -> str:
    """The message of the ScenarioError that applying the scenario file raises."""
    with pytest.raises(ScenarioError) as caught:
        apply_scenario(data, load_scenario(path))
    return str(caught.value)


# --------------------------------------------------------------------------- item 2: scale


@pytest.mark.parametrize(("override", "expected"), [
    ("{parameter: discount_rate, scale: 50}",
     "(discount_rate): column 'value' = 4.0: above the maximum 1 1"),
    ("{parameter: product_collection, where: {product: cars_beijing, year: 2030}, scale: 1.5}",
     "(product_collection: product='cars_beijing', year=2030): column 'value' = 1.35"),
])
def test_scale_override_is_held_to_the_catalogue_range(default, scenario_file, override: str,  # noqa: ANN001
                                                       expected: str) -> None:
    path = scenario_file(f"name: big\ninputs: {ROOT / 'inputs'}\noverrides:\n  - {override}\n")
    text = _apply(default, path)
    assert f"scenario 'big' ({path}) overrides[0]" in text
    assert expected in text and "above the maximum 1 1" in text


def test_scaled_composition_summing_over_one_is_rejected(default, scenario_file) -> None:  # noqa: ANN001
    path = scenario_file(f"name: rich\ninputs: {ROOT / 'inputs'}\noverrides:\n"
                         "  - {parameter: material_composition, where: {material: secondary_al},"
                         " scale: 1.2}\n")
    text = _apply(default, path)
    assert ("overrides[0] (material_composition where {'material': 'secondary_al'} scale x1.2) "
            "(material_composition: material='secondary_al'): column 'value': fractions sum to "
            "1.1436 > 1") in text


def test_scaled_process_io_breaking_mass_closure_is_rejected(toy, scenario_file) -> None:  # noqa: ANN001
    path = scenario_file(f"name: leaky\ninputs: {TOY}\noverrides:\n"
                         "  - {parameter: process_cost, scale: 2}\n"
                         "  - {parameter: process_io, where: {material: metal}, scale: 1.2}\n")
    text = _apply(toy, path)
    # only the override of the table the rule reads is blamed, before any solve
    assert ("overrides[1] (process_io where {'material': 'metal'} scale x1.2) (process_io: "
            "process='smelt'): column 'value': outputs of process 'smelt' sum to 1.16, not 1"
            ) in text
    assert "overrides[0]" not in text


def test_rules_skipped_for_unread_tables_still_catch_a_later_member(scenario_file) -> None:  # noqa: ANN001
    """A member that moves no table a rule reads skips that rule; the next member on the same
    base data that moves one is still checked (the rules' reads are kept per base)."""
    base = load_data(TOY)
    harmless = scenario_file(f"name: cost\ninputs: {TOY}\noverrides:\n"
                             "  - {parameter: process_cost, scale: 2}\n")
    assert apply_scenario(base, load_scenario(harmless)).params["process_cost"].iloc[0] == 200
    leaky = scenario_file(f"name: leaky\ninputs: {TOY}\noverrides:\n"
                          "  - {parameter: process_io, where: {material: metal}, scale: 1.2}\n",
                          "leaky.yaml")
    assert "outputs of process 'smelt' sum to 1.16, not 1" in _apply(base, leaky)


@pytest.mark.component
def test_sweep_member_with_a_bad_scale_is_invalid_before_solving(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(f"name: toy\ninputs: {TOY}\n")
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("sweep: yields\nbase: base.yaml\ngrid:\n"
                     "  y: {parameter: process_io, where: {material: metal}, scale: [1.0, 1.2]}\n")
    manifest = run_sweep(sweep, tmp_path / "out")
    assert manifest["yields_y-x1"]["status"] == "optimal"
    bad = manifest["yields_y-x1p2"]
    assert bad["status"] == "invalid" and "file" not in bad
    assert "scenario 'yields_y-x1p2'" in bad["error"]
    assert "outputs of process 'smelt' sum to 1.16, not 1" in bad["error"]
    assert not (tmp_path / "out" / "yields_y-x1p2.nc").exists()


# --------------------------------------------------------------------------- item 8c: overflow


def test_value_overflowing_in_unit_conversion_is_rejected_in_csv(package) -> None:  # noqa: ANN001
    price = ("year,value,unit,source,confidence\n2025,1e308,CNY/kgCO2e,toy,H\n"
             "2026,0,CNY/tCO2e,toy,H\n")
    with pytest.raises(InputError) as caught:
        load_data(package(carbon_price=price))
    assert ("carbon_price.csv line 2 (year=2025): column 'value' = '1e308': not a finite "
            "number in the canonical unit CNY/tCO2e") in str(caught.value)


@pytest.mark.parametrize("overrides", [
    ["{parameter: carbon_price, value: 1e308, unit: CNY/kgCO2e}"],
    ["{parameter: carbon_price, value: 1e300, unit: CNY/tCO2e}",
     "{parameter: carbon_price, scale: 1e10}"],
])
def test_override_overflowing_to_inf_is_rejected(toy, scenario_file, overrides: list[str]) -> None:  # noqa: ANN001
    lines = "".join(f"  - {o}\n" for o in overrides)
    text = _apply(toy, scenario_file(f"name: inf\ninputs: {TOY}\noverrides:\n{lines}"))
    assert "column 'value' = inf: not a finite number in the canonical unit CNY/tCO2e" in text


# --------------------------------------------------------------------------- item 8a/b: LP


def _price(value: float) -> pd.Series:
    index = pd.MultiIndex.from_tuples([(2025,), (2026,)], names=["year"])
    return pd.Series([value, value], index=index)


@pytest.mark.component
@pytest.mark.parametrize("backend", ["pyomo", "highs"])
def test_dangerous_coefficient_range_is_warned(toy, caplog, backend: str) -> None:  # noqa: ANN001
    factor = pd.Series([1e-11], index=pd.Index(["smelt"], name="process"))
    by_year = pd.Series(1e-11, index=pd.MultiIndex.from_product([["smelt"], toy.years],
                                                                names=["process", "year"]))
    data = toy.with_params({"process_emissions": by_year, "process_cost": factor * 1e22})
    with caplog.at_level(logging.WARNING, logger="model.lp.numerics"):
        model.solve_data(data, model.SolveOptions(backend=backend))  # type: ignore[arg-type]
    text = caplog.text
    assert "numerically dangerous" in text
    assert ("from 1e-11 (row family 'emission_definition', column family 'activity')") in text
    assert "cost |value| 1e+11 (at least 1e+10) in column family 'activity'" in text


@pytest.mark.component
def test_default_data_has_no_numerics_warning(caplog) -> None:  # noqa: ANN001
    with caplog.at_level(logging.WARNING, logger="model.lp.numerics"):
        cube = model.run(ROOT / "scenarios" / "baseline.yaml")
    assert cube.attrs["status"] == "optimal" and "numerically dangerous" not in caplog.text


@pytest.mark.component
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_range_report_shows_an_infinite_price(toy) -> None:  # noqa: ANN001
    # bypassing the checks, as a script could: HiGHS says "optimal" with everything zero, so
    # the stored report and the warning are what tell
    cube = model.solve_data(toy.with_params({"carbon_price": _price(np.inf)}),
                            model.SolveOptions(backend="highs"))
    ranges = json.loads(cube.attrs["coefficient_ranges"])
    assert ranges["cost"][1] == np.inf


# --------------------------------------------------------------------------- item 10: paths


def test_paths_outside_the_project_are_noted(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "parent.yaml").write_text(f"name: parent\ninputs: {TOY}\n")
    project = tmp_path / "project" / "scenarios"
    project.mkdir(parents=True)
    child = project / "child.yaml"
    child.write_text("name: child\nextends: ../../elsewhere/parent.yaml\n")
    scenario = load_scenario(child)
    assert scenario.file == str(child.resolve())
    outside = tmp_path.resolve() / "project"
    assert scenario.notes == [
        f"extends {elsewhere.resolve() / 'parent.yaml'} lies outside the project folder "
        f"{outside}",
        f"inputs {TOY.resolve()} lies outside the project folder {outside}",
    ]
    assert scenario.resolved()["notes"] == scenario.notes


def test_paths_inside_the_project_have_no_note() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "baseline.yaml")
    assert scenario.notes == [] and scenario.file.endswith("scenarios/baseline.yaml")


# --------------------------------------------------------------------------- .inf overrides


def test_an_override_can_write_no_limit(toy, scenario_file) -> None:  # noqa: ANN001
    """``value: .inf`` lifts the source's limit (issue 18, feature 7, in scenarios too);
    the smelter's 1,000 t/yr still binds, so the toy's optimum (-210,000 CNY) stays."""
    path = scenario_file(f"name: open\ninputs: {TOY}\noverrides:\n"
                         "  - {parameter: supply_max, where: {node: src, material: scrap}, "
                         "value: .inf, unit: t/yr}\n")
    data = apply_scenario(toy, load_scenario(path))
    assert np.isposinf(data.params["supply_max"]).all()
    cube = model.solve_data(data)
    assert cube.attrs["objective"] == pytest.approx(-210_000, rel=1e-9)


def test_inf_is_refused_where_a_limit_cannot_be_unlimited(toy, scenario_file) -> None:  # noqa: ANN001
    path = scenario_file(f"name: free\ninputs: {TOY}\noverrides:\n"
                         "  - {parameter: process_cost, value: .inf, unit: CNY/t}\n")
    text = _apply(toy, path)
    assert "'process_cost' cannot be unlimited" in text and "give a number" in text
