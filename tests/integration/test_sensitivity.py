"""`ziya sensitivity`: one-at-a-time ranges on the toy, every expectation worked out by hand.

The toy (tests/data/toy, see tests/component/test_network_features.py): 1 t of scrap makes
0.8 t of metal and 0.2 t of residue; per tonne of scrap, metal earns 0.8 x 2,000 = 1,600 CNY
against 1,495 CNY of costs (scrap 1,000, process 100, electricity 250, haulage 50 + 80 + 5,
disposal 10): a margin of 105 CNY/t. The smelter runs at its capacity of 1,000 t/yr in both
years, no discounting: a net result of 2 x 1,000 x 105 = 210,000 CNY.

Emissions per tonne of scrap: process 0.1, electricity 0.5 MWh x 0.6 = 0.3, haulage (100 +
0.8 x 200 + 0.2 x 50 = 270 t*km) x 0.1 kg = 0.027, disposal 0.2 x 0.02 = 0.004: 0.431 tCO2e/t,
862 tCO2e over the two years. Metal sold: 0.8 x 1,000 x 2 = 1,600 t.

Ranges added here (all years): market_price 1,800-2,200, supply_cost 900-1,100 CNY/t,
grid_emission_factor 0.5-0.7 tCO2e/MWh, mode_emission_factor 0.05-0.2 kgCO2e/(t*km).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from model.cli import main
from model.data.validate import load_data
from model.studies.sensitivity import NoInputsError, sensitivity, sensitivity_inputs

YEARS, CAPACITY, MARGIN = 2, 1000.0, 105.0
BASE = YEARS * CAPACITY * MARGIN  # 210,000 CNY
EMISSIONS = YEARS * CAPACITY * 0.431  # 862 tCO2e
SOLD = YEARS * CAPACITY * 0.8  # 1,600 t


def _with_range(low: str, high: str) -> Callable[[str], str]:
    """An edit adding ``low`` and ``high`` columns with these values to every row."""

    def edit(text: str) -> str:
        head, *rows = text.strip().splitlines()
        return "\n".join([head + ",low,high", *(f"{row},{low},{high}" for row in rows)]) + "\n"

    return edit


RANGES = {"market_price": _with_range("1800", "2200"),
          "supply_cost": _with_range("900", "1100"),
          "grid_emission_factor": _with_range("0.5", "0.7"),
          "mode_emission_factor": _with_range("0.05", "0.2")}


@pytest.fixture
def ranged(package: Callable[..., Path]) -> Path:
    """The toy with the four ranges above."""
    return package(**RANGES)


def _by_parameter(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("parameter")


def test_net_result_and_emission_swings_by_hand_and_their_ranking(ranged: Path) -> None:
    table = sensitivity(load_data(ranged))
    rows = _by_parameter(table)
    # price 1,800: metal earns 0.8 x 1,800 = 1,440 < 1,495 of costs (margin -55): the smelter
    # stops, nothing is sold or emitted. Price 2,200: margin 105 + 0.8 x 200 = 265 CNY/t.
    price = rows.loc["market_price"]
    assert price["net_result_low_cny"] == pytest.approx(0.0, abs=1e-6)
    assert price["net_result_high_cny"] == pytest.approx(YEARS * CAPACITY * 265, rel=1e-9)
    assert price["net_result_swing_cny"] == pytest.approx(530_000, rel=1e-9)
    assert price["emissions_low_tco2e"] == pytest.approx(0.0, abs=1e-6)
    assert price["emissions_high_tco2e"] == pytest.approx(EMISSIONS, rel=1e-9)
    assert (price["sold_low_t"], price["sold_high_t"]) == pytest.approx((0.0, SOLD))
    assert (price["stage"], price["stage_at"]) == ("refining", "low")
    assert price["stage_change_t"] == pytest.approx(-YEARS * CAPACITY, rel=1e-9)
    # scrap at 900 / 1,100 CNY/t: margins 205 and 5 CNY/t; the plan does not change
    cost = rows.loc["supply_cost"]
    assert cost["net_result_low_cny"] == pytest.approx(YEARS * CAPACITY * 205, rel=1e-9)
    assert cost["net_result_high_cny"] == pytest.approx(YEARS * CAPACITY * 5, rel=1e-9)
    assert cost["emissions_swing_tco2e"] == pytest.approx(0.0, abs=1e-6)
    assert cost["sold_low_t"] == pytest.approx(SOLD) and cost["stage"] == ""
    # no carbon price: emission factors move emissions only. Grid: 0.5 MWh x 2,000 t x 0.2;
    # haulage: 270 t*km x 2,000 t x 0.15 kg
    grid, truck = rows.loc["grid_emission_factor"], rows.loc["mode_emission_factor"]
    assert grid["emissions_swing_tco2e"] == pytest.approx(1000 * 0.2, rel=1e-9)
    assert truck["emissions_swing_tco2e"] == pytest.approx(540_000 * 0.15e-3, rel=1e-9)
    assert grid["net_result_swing_cny"] == pytest.approx(0.0, abs=1e-6)
    # ranked by the net-result swing, the two ties (0 CNY) by the emissions swing
    assert list(table["parameter"]) == ["market_price", "supply_cost", "grid_emission_factor",
                                        "mode_emission_factor"]
    assert table["net_result_base_cny"].to_list() == pytest.approx([BASE] * 4, rel=1e-9)
    assert table["emissions_base_tco2e"].to_list() == pytest.approx([EMISSIONS] * 4, rel=1e-9)
    assert table["sold_base_t"].to_list() == pytest.approx([SOLD] * 4, rel=1e-9)
    assert (table[["status_low", "status_high"]] == "optimal").all().all()


def test_each_input_is_one_key_with_its_years_and_described(ranged: Path) -> None:
    table = _by_parameter(sensitivity(load_data(ranged), parameters=["market_price"]))
    row = table.loc["market_price"]
    assert (row["key"], row["label"]) == ("node=mkt, material=metal", "Market, Secondary metal")
    assert (row["unit"], row["base"], row["low"], row["high"]) == ("CNY/t", 2000, 1800, 2200)
    assert (row["source"], row["confidence"]) == ("toy", "H")
    mode = sensitivity_inputs(load_data(ranged), parameters=["mode_emission_factor"])
    assert [(i.parameter, i.key_text, len(i.rows)) for i in mode] == [
        ("mode_emission_factor", "mode=truck", 1)]
    grid = sensitivity_inputs(load_data(ranged), parameters=["grid_emission_factor"])
    assert [(i.key_text, len(i.rows)) for i in grid] == [("region=R1", 2)]  # both years


def test_parameters_without_ranges_are_not_inputs_and_filters_apply(ranged: Path) -> None:
    data = load_data(ranged)
    names = {i.parameter for i in sensitivity_inputs(data)}
    assert names == set(RANGES)  # process_cost, disposal_cost, ... have no ranges
    assert {i.parameter for i in sensitivity_inputs(data, parameters=["supply_cost"])} == {
        "supply_cost"}
    left = {i.parameter for i in sensitivity_inputs(data, exclude=["market_price",
                                                                   "supply_cost"])}
    assert left == {"grid_emission_factor", "mode_emission_factor"}
    with pytest.raises(NoInputsError, match="unknown parameter.*market_prise"):
        sensitivity_inputs(data, parameters=["market_prise"])
    with pytest.raises(NoInputsError, match="no low/high ranges in parameter.*process_cost"):
        sensitivity_inputs(data, parameters=["process_cost"])
    with pytest.raises(NoInputsError, match="nothing|no parameter"):
        sensitivity_inputs(data, parameters=["supply_cost"], exclude=["supply_cost"])


def test_a_member_that_turns_infeasible_is_recorded(package: Callable[..., Path]) -> None:
    # 900 t/yr of metal must be sold in 2025 at the high end: 1,125 t of scrap, above the
    # smelter's 1,000 t/yr. The low end (0) is the base plan.
    path = package(market_min="node,material,year,value,unit,source,confidence,low,high\n"
                              "mkt,metal,2025,0,t/yr,toy,H,0,900\n")
    table = sensitivity(load_data(path))
    row = _by_parameter(table).loc["market_min"]
    assert row["status_low"] == "optimal" and row["status_high"] == "infeasible"
    assert row["net_result_low_cny"] == pytest.approx(BASE, rel=1e-9)
    assert np.isnan(row["net_result_high_cny"]) and np.isnan(row["net_result_swing_cny"])


def _scenario(scenario_file: Callable[..., Path], inputs: Path) -> Path:
    return scenario_file(f"name: toy_sens\ninputs: {inputs}\n")


def test_cli_writes_the_table_and_the_report(ranged: Path, scenario_file: Callable[..., Path],
                                             tmp_path: Path) -> None:
    out, folder = tmp_path / "sens.csv", tmp_path / "report"
    result = CliRunner().invoke(main, [
        "sensitivity", str(_scenario(scenario_file, ranged)), "--out", str(out),
        "--parameter", "market_price", "--parameter", "supply_cost", "--top", "1",
        "--report", str(folder)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert list(table["parameter"]) == ["market_price", "supply_cost"]
    assert table["net_result_swing_cny"].to_list() == pytest.approx([530_000, 400_000])
    assert "market_price: Market, Secondary metal" in result.output
    assert "supply_cost: Source" not in result.output  # --top 1
    html = (folder / "report.html").read_text("utf-8")
    assert 'id="tornado-chart"' in html and "tornado-1-low" in html and "tornado-1-high" in html
    assert "tornado-2-" not in html  # the chart shows the --top inputs, the table all
    assert "One-at-a-time sensitivity" in html and "Source, Mixed scrap" in html
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")


def test_cli_in_chinese_with_exclude(ranged: Path, scenario_file: Callable[..., Path],
                                     tmp_path: Path) -> None:
    out, folder = tmp_path / "sens.csv", tmp_path / "report_zh"
    result = CliRunner().invoke(main, [
        "sensitivity", str(_scenario(scenario_file, ranged)), "--out", str(out), "--lang", "zh",
        "--exclude", "market_price", "--exclude", "grid_emission_factor",
        "--exclude", "mode_emission_factor", "--report", str(folder)])
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(out)["parameter"]) == ["supply_cost"]
    html = (folder / "report.html").read_text("utf-8")
    assert 'lang="zh"' in html and "单因素敏感性分析" in html and "区间下限" in html
    assert (folder / "report.pdf").exists()


def test_cli_refuses_a_selection_without_ranges(package: Callable[..., Path],
                                                scenario_file: Callable[..., Path],
                                                tmp_path: Path) -> None:
    path = _scenario(scenario_file, package())
    out = tmp_path / "sens.csv"
    result = CliRunner().invoke(main, ["sensitivity", str(path), "--out", str(out)])
    assert result.exit_code == 1 and "no parameter with low/high ranges" in result.output
    result = CliRunner().invoke(main, ["sensitivity", str(path), "--out", str(out),
                                       "--parameter", "nonsense"])
    assert result.exit_code == 1 and "unknown parameter(s): nonsense" in result.output
    assert not out.exists()
