"""What `ziya mac`, `report`, `inspect`, `ledger` and `run --report` print and write (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from model.cli import main
from model.results.cube import read_results, write_results
from model.results.summary import summary_tables
from tests.conftest import DATA, ROOT
from tests.integration.test_network_shapes import NO_EMISSIONS, make_package


def invoke(*args: object) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_mac_on_default_data_prices_a_budget_that_does_not_bind_at_0(tmp_path: Path) -> None:
    # before: point 0 (budget = the unconstrained plan's own emissions: active, not binding)
    # showed HiGHS's degenerate dual, 30 CNY/tCO2e
    out = tmp_path / "baseline_mac.nc"
    result = invoke("mac", ROOT / "scenarios" / "baseline.yaml", "--points", "2", "--out", out)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out.with_suffix(".csv"), index_col="point")
    # the row is active: the plan emits its budget (to round-off in the sums)
    assert table.loc[0, "emissions_tco2e"] == pytest.approx(table.loc[0, "budget_tco2e"],
                                                            rel=1e-12)
    assert table.loc[0, "shadow_price_cny_per_tco2e"] == 0.0
    assert table.loc[1, "shadow_price_cny_per_tco2e"] > 1_000
    assert out.with_suffix(".svg").read_text().count("mac-step-") == 1
    # progress on standard error, one line per step (not a terminal); the table on stdout
    assert "mac: point 2 of 2" in result.stderr and "mac: point" not in result.stdout
    report = invoke("report", out.with_suffix(".csv"), "--out", tmp_path / "rep")
    assert report.exit_code == 0, report.output
    html = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "rep" / "report.pdf").exists() and "Marginal abatement cost" in html


def test_mac_on_a_network_without_emissions_says_nothing_to_abate(tmp_path: Path) -> None:
    package = make_package(tmp_path / "p", NO_EMISSIONS)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: clean\ninputs: {package}\n")
    result = invoke("mac", scenario, "--points", "2", "--out", tmp_path / "clean_mac.nc")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("nothing to abate"), result.stdout
    assert not (tmp_path / "clean_mac.csv").exists()


def _toy_result(tmp_path: Path) -> Path:
    """The toy solved, with its material 'scrap' given the id 'shred_ferrous' (name kept)."""
    scenario = tmp_path / "toy.yaml"
    scenario.write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    out = tmp_path / "toy.nc"
    assert invoke("run", scenario, "--out", out).exit_code == 0
    cube = read_results(out).load()
    ids = ["shred_ferrous" if m == "scrap" else m for m in cube["material"].to_numpy()]
    write_results(cube.assign_coords(material=ids), tmp_path / "named.nc")
    return tmp_path / "named.nc"


def test_inspect_and_summary_show_names_not_ids(tmp_path: Path) -> None:
    path = _toy_result(tmp_path)
    shown = invoke("inspect", path)
    assert shown.exit_code == 0, shown.output
    assert "material Mixed scrap" in shown.output and "Smelter" in shown.output
    assert "shred_ferrous" not in shown.output
    assert "Acquisition of materials" in shown.output  # cost categories in words
    ids = summary_tables(read_results(path), labels=False)["shadow prices [CNY/t, CNY/tCO2e]"]
    assert "material shred_ferrous" in ids.index.get_level_values("item")  # ids for scripts


def test_run_writes_a_summary_with_names(tmp_path: Path) -> None:
    scenario = tmp_path / "toy.yaml"
    scenario.write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    result = invoke("run", scenario, "--out", tmp_path / "toy.nc", "--report", tmp_path / "rep")
    assert result.exit_code == 0, result.output
    assert "material Mixed scrap" in result.output  # the shadow-price table of `ziya run`
    summary = (tmp_path / "rep" / "summary.md").read_text(encoding="utf-8")
    assert "material Mixed scrap" in summary and "Smelter" in summary
    assert "material scrap" not in summary


def test_ledger_is_formatted_and_explains_net(tmp_path: Path) -> None:
    shown = invoke("ledger", _toy_result(tmp_path))
    assert shown.exit_code == 0, shown.output
    assert "[tCO2e/yr]" in shown.output and ".0 " not in shown.output
    assert "horizon total: gross " in shown.output and " tCO2e, avoided " in shown.output
    assert "net = gross: under cut-off accounting avoided emissions are reported" in shown.output
