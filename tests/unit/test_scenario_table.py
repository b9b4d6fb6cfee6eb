"""The scenario table from two hand-made cubes whose rows are worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner

from model.cli import main
from model.results.table import scenario_table, to_markdown

YEARS = [2030, 2031]


def _cube(name: str, *, objective: float, gross: list[float], avoided: list[float],
          park: list[float], outside: list[float], yard_end: float, built: list[float],
          shadow: list[float], budget: float = float("nan")) -> xr.Dataset:
    """Two nodes (the park, covered by the cap, and a dismantler outside), one emission
    source, two processes of two stages, a yard at the park, two years."""
    return xr.Dataset(
        {
            "cost": (("cost_category", "year"), np.zeros((1, 2))),
            "revenue": ("year", np.zeros(2)),
            "sales": (("node", "material", "year"), np.zeros((2, 1, 2))),
            "ledger_gross": ("year", np.array(gross)),
            "ledger_avoided": (("material", "year"), np.array([avoided])),
            "emissions_node": (("source", "node", "year"), np.array([[park, outside]])),
            "instrument_scope": (("instrument", "node"), np.array([[1.0, 0.0], [1.0, 1.0]])),
            "stockpile": (("node", "material", "year"), np.array([[[5.0, yard_end]],
                                                                  [[0.0, 0.0]]])),
            "new_capacity": (("process", "year"), np.array([built, [0.0, 0.0]])),
            "carbon_shadow_price": ("year", np.array(shadow)),
            "budget_shadow_price": ((), budget),
        },
        coords={"year": YEARS, "node": ["park", "outside"], "material": ["elv"],
                "source": ["process"], "instrument": ["cap", "price"],
                "cost_category": ["processing"], "process": ["dismantle", "smelt"],
                "process_stage": ("process", ["dismantling", "smelting"])},
        attrs={"scenario": name, "objective": objective, "status": "optimal"},
    )


@pytest.fixture
def cubes() -> dict[str, xr.Dataset]:
    base = _cube("base", objective=-1e9, gross=[30.0, 30.0], avoided=[100.0, 100.0],
                 park=[20.0, 20.0], outside=[10.0, 10.0], yard_end=0.0, built=[0.0, 0.0],
                 shadow=[np.nan, np.nan])
    capped = _cube("capped", objective=-0.8e9, gross=[25.0, 22.0], avoided=[90.0, 70.0],
                   park=[12.0, 8.0], outside=[13.0, 14.0], yard_end=40.0,
                   built=[300.0, 200.0], shadow=[0.0, 160.0], budget=-250.0)
    return {"base": base, "capped": capped}


def test_each_column_worked_by_hand(cubes: dict[str, xr.Dataset]) -> None:
    table = scenario_table(cubes, "base")
    capped, base = table.loc["capped"], table.loc["base"]
    assert capped["net_result"] == 0.8e9  # revenue - cost = -objective
    assert capped["gross"] == 47.0 and capped["avoided"] == 160.0 and capped["net"] == -113.0
    assert capped["avoided_lost"] == 200.0 - 160.0
    # the cap covers the park only: 20 (12 + 8) against 40 inside, 27 against 20 outside
    assert capped["inside"] == -20.0 and capped["outside"] == 7.0
    assert capped["backlog"] == 40.0  # the yard at the end of the last year
    assert capped["built"] == 500.0 and capped["built_most"] == "dismantling"
    assert capped["shadow_price"] == 250.0  # the budget's, above every year's cap price
    assert base["avoided_lost"] == 0.0 and base["inside"] == 0.0 and base["outside"] == 0.0
    assert math.isnan(base["shadow_price"]) and base["built"] == 0.0 and base["built_most"] == ""


def test_without_a_base_the_comparisons_are_empty(cubes: dict[str, xr.Dataset]) -> None:
    row = scenario_table(cubes).loc["capped"]
    assert math.isnan(row["avoided_lost"]) and math.isnan(row["inside"])
    with pytest.raises(KeyError, match="'nothing' is not among the cubes: base, capped"):
        scenario_table(cubes, "nothing")


def test_markdown_in_reader_units(cubes: dict[str, xr.Dataset]) -> None:
    tonnes = ["ledger_gross", "ledger_avoided", "emissions_node", "stockpile", "new_capacity"]
    scaled = {name: ds.assign({v: ds[v] * 1e5 for v in tonnes}) for name, ds in cubes.items()}
    lines = to_markdown(scenario_table(scaled, "base")).splitlines()
    assert len(lines) == 4 and lines[0].count("|") == lines[3].count("|") == 12
    assert lines[3] == ("| capped | optimal | 0.80 | 4.70 | 16.0 | -11.3 | +4.0 | -2.00 / +0.70 "
                        "| 4,000 | 50,000 (dismantling) | 250 |")
    assert lines[1] == "|" + "---|" * 11


def test_command_reads_files_and_folders(cubes: dict[str, xr.Dataset], tmp_path) -> None:
    for name, ds in cubes.items():
        ds.to_netcdf(tmp_path / f"{name}.nc")
    out = CliRunner().invoke(main, ["table", str(tmp_path), "--base", "base",
                                    "--csv", str(tmp_path / "t.csv")])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[3].startswith("| capped | optimal | 0.80 |")
    assert (tmp_path / "t.csv").read_text().splitlines()[0].startswith("scenario,status,")
    wrong = CliRunner().invoke(main, ["table", str(tmp_path), "--base", "nothing"])
    assert wrong.exit_code == 1 and "'nothing' is not among the cubes" in wrong.output
