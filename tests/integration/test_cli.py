"""The ziya command line, as a user runs it."""

from __future__ import annotations

from click.testing import CliRunner

from model.cli import main
from tests.conftest import DATA


def test_validate_ok_and_problems(package) -> None:  # noqa: ANN001
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(DATA / "toy")])
    assert ok.exit_code == 0 and "valid data package" in ok.output
    bad = package(process_cost="process,value,unit,source,confidence\nsmelt,-1,CNY/t,x,Z\n")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "below the minimum" in result.output and "must be H, M or L" in result.output


def test_run_and_inspect(scenario_file, tmp_path) -> None:  # noqa: ANN001
    path = scenario_file(f"name: toy_run\ninputs: {DATA / 'toy'}\n")
    out = tmp_path / "r.nc"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(path), "--out", str(out),
                                  "--report", str(tmp_path / "rep")])
    assert result.exit_code == 0, result.output
    assert "status      optimal" in result.output and "+210,000 CNY" in result.output
    assert out.exists() and (tmp_path / "rep" / "summary.md").exists()
    shown = runner.invoke(main, ["inspect", str(out)])
    assert shown.exit_code == 0
    assert "throughput by stage" in shown.output and "emissions by source" in shown.output


def test_run_with_other_inputs_and_nonoptimal_exit_code(package, scenario_file, tmp_path) -> None:  # noqa: ANN001
    must = "node,material,year,value,unit,source,confidence\nmkt,metal,2025,5000,t/yr,x,H\n"
    bad = package(market_min=must)
    path = scenario_file("name: toy_bad\n")
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(path), "--inputs", str(bad),
                                  "--out", str(tmp_path / "bad.nc")])
    assert result.exit_code == 2 and "infeasible" in result.output
    assert (tmp_path / "bad.nc").exists()
    allowed = runner.invoke(main, ["run", str(path), "--inputs", str(bad), "--allow-nonoptimal",
                                   "--out", str(tmp_path / "bad2.nc")])
    assert allowed.exit_code == 0


def test_bad_scenario_exits_1_with_message(scenario_file) -> None:  # noqa: ANN001
    result = CliRunner().invoke(main, ["run", str(scenario_file("name: s\ncolour: red\n"))])
    assert result.exit_code == 1 and "Extra inputs are not permitted" in result.output


def test_ledger_and_mac_commands(scenario_file, tmp_path) -> None:  # noqa: ANN001
    path = scenario_file(f"name: toy_mac\ninputs: {DATA / 'toy'}\n")
    runner = CliRunner()
    out = tmp_path / "toy.nc"
    assert runner.invoke(main, ["run", str(path), "--out", str(out)]).exit_code == 0
    shown = runner.invoke(main, ["ledger", str(out), "--csv", str(tmp_path / "ledger.csv")])
    assert shown.exit_code == 0, shown.output
    assert "scope1" in shown.output and "net" in shown.output
    assert (tmp_path / "ledger.csv").read_text().startswith("scope,source,node")
    curve = runner.invoke(main, ["mac", str(path), "--points", "3", "--out",
                                 str(tmp_path / "mac.nc")])
    assert curve.exit_code == 0, curve.output
    assert (tmp_path / "mac.csv").exists() and "shadow_price" in curve.output


def test_commands_refuse_files_that_are_not_one_scenario(tmp_path) -> None:  # noqa: ANN001
    import xarray as xr

    combined = xr.Dataset({"objective": ("scenario", [1.0, 2.0])},
                          coords={"scenario": ["a", "b"]})
    combined.to_netcdf(tmp_path / "combined.nc")
    runner = CliRunner()
    for command in ("inspect", "ledger"):
        result = runner.invoke(main, [command, str(tmp_path / "combined.nc")])
        assert result.exit_code == 1 and "combines 2 scenarios" in result.output
