"""A scenario that extends another is compared with it: found, solved or refused as stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from model.cli import main
from model.results.counterfactual import read_counterfactual
from model.results.cube import read_results, write_results

TOY = Path(__file__).resolve().parents[1] / "data" / "toy"

CAPPED = """name: toy_capped
description: The toy with a carbon price.
extends: base.yaml
overrides:
  - {parameter: carbon_price, value: 500, unit: CNY/tCO2e}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(TOY, tmp_path / "toy")
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "base.yaml").write_text("name: toy_base\ndescription: The toy as it is.\n"
                                         "inputs: ../toy\n")
    (scenarios / "capped.yaml").write_text(CAPPED)
    return tmp_path


def test_run_solves_the_parent_and_reports_against_it(folder: Path) -> None:
    out = folder / "results" / "capped.nc"
    result = CliRunner().invoke(main, ["run", str(folder / "scenarios" / "capped.yaml"),
                                       "--out", str(out), "--report", str(folder / "rep")])
    assert result.exit_code == 0, result.output
    assert "solving the counterfactual 'toy_base'" in result.output
    parent = folder / "results" / "toy_base.nc"
    assert parent.is_file()
    html = (folder / "rep" / "report.html").read_text()
    assert 'id="key-messages"' in html and "“toy_base”" in html
    # a second run reads the parent's result instead of solving it again
    again = CliRunner().invoke(main, ["run", str(folder / "scenarios" / "capped.yaml"),
                                      "--out", str(out)])
    assert again.exit_code == 0 and "solving the counterfactual" not in again.output
    assert "key messages" in again.output


def test_a_stale_parent_result_is_not_used(folder: Path) -> None:
    base = folder / "scenarios" / "base.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(base), "--out",
                                str(folder / "results" / "toy_base.nc")]).exit_code == 0
    capped_out = folder / "results" / "capped.nc"
    assert runner.invoke(main, ["run", str(folder / "scenarios" / "capped.yaml"), "--out",
                                str(capped_out)]).exit_code == 0
    capped = read_results(capped_out)
    found, note = read_counterfactual(capped, capped_out)
    assert found is not None and found.attrs["scenario"] == "toy_base" and note == ""
    # the parent scenario changes after its result was written: the result is stale
    base.write_text(base.read_text() + "overrides:\n  - {parameter: carbon_price, value: 1, "
                    "unit: CNY/tCO2e}\n")
    found, note = read_counterfactual(capped, capped_out)
    assert found is None and "not the counterfactual 'toy_base' as it reads now" in note
    report = runner.invoke(main, ["report", str(capped_out), "--out", str(folder / "r")])
    assert report.exit_code == 0 and "describe this scenario alone" in report.output


def test_against_none_and_against_a_file(folder: Path) -> None:
    runner = CliRunner()
    capped_out = folder / "results" / "capped.nc"
    assert runner.invoke(main, ["run", str(folder / "scenarios" / "capped.yaml"), "--out",
                                str(capped_out), "--report", str(folder / "r0")]).exit_code == 0
    parent = read_results(folder / "results" / "toy_base.nc")
    other = folder / "elsewhere.nc"
    write_results(parent, other)
    alone = runner.invoke(main, ["report", str(capped_out), "--out", str(folder / "r1"),
                                 "--against", "none"])
    assert alone.exit_code == 0
    assert "No counterfactual was given" in (folder / "r1" / "report.html").read_text()
    explicit = runner.invoke(main, ["report", str(capped_out), "--out", str(folder / "r2"),
                                    "--against", str(other)])
    assert explicit.exit_code == 0
    assert "“toy_base”" in (folder / "r2" / "report.html").read_text()
