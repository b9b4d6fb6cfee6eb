"""Sweeps on the toy chain: grids, Pareto fronts, Monte Carlo, resume, failures, collection."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import model
from model.results.collect import collect, to_iamc
from model.studies.sweep import expand, load_sweep, run_sweep
from tests.conftest import DATA


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    return tmp_path


def write(folder: Path, text: str, name: str = "sweep.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


GRID = """sweep: grid
base: base.yaml
grid:
  price: {parameter: carbon_price, values: [0, 100, 300], unit: CNY/tCO2e}
  scrap: {parameter: supply_max, where: {material: scrap}, scale: [0.5, 1.0]}
"""


def test_grid_expands_to_the_cartesian_product(folder: Path) -> None:
    sweep, base = load_sweep(write(folder, GRID))
    members = expand(sweep, base)
    assert [m.name for m in members][:2] == ["grid_price-0_scrap-x0p5",
                                             "grid_price-0_scrap-x1"] and len(members) == 6
    assert members[3].coords == {"price": 100.0, "scrap": 1.0}
    assert members[3].label == "price = 100 CNY/tCO2e, scrap = ×1"
    assert members[3].scenario.overrides[-1].scale == 1.0


def test_zip_pairs_axes(folder: Path) -> None:
    text = GRID.replace("[0, 100, 300]", "[0, 100]") + "combine: zip\n"
    sweep, base = load_sweep(write(folder, text))
    assert [m.coords for m in expand(sweep, base)] == [{"price": 0.0, "scrap": 0.5},
                                                      {"price": 100.0, "scrap": 1.0}]


@pytest.mark.parametrize(("text", "message"), [
    ("sweep: s\nbase: base.yaml\n", "exactly one of"),
    ("sweep: s\nbase: base.yaml\npareto: {points: 3}\ngrid: {a: {parameter: x, scale: [1]}}\n",
     "exactly one of"),
    ("sweep: s\nbase: base.yaml\ngrid: {a: {parameter: carbon_price, values: [1]}}\n",
     "need a `unit`"),
    ("sweep: s\nbase: base.yaml\ncombine: zip\ngrid: {a: {parameter: x, scale: [1, 2]}, "
     "b: {parameter: y, scale: [1]}}\n", "equal length"),
    ("sweep: s\nbase: base.yaml\npareto: {points: 3, colour: red}\n", "Extra inputs"),
    ("sweep: s\nbase: missing.yaml\npareto: {points: 3}\n", "scenario file not found"),
    ("sweep: s\nbase: base.yaml\nmonte_carlo: {samples: 2, parameters: "
     "[{parameter: x, distribution: triangular, low: 1}]}\n", "triangular needs mode, high"),
])
def test_sweep_file_errors(folder: Path, text: str, message: str) -> None:
    with pytest.raises(model.ScenarioError, match=message):
        load_sweep(write(folder, text))


MC = """sweep: mc
base: base.yaml
monte_carlo:
  samples: 6
  seed: {seed}
  parameters:
    - {{parameter: market_price, where: {{material: metal}}, distribution: triangular,
        low: 0.8, mode: 1.0, high: 1.2}}
    - {{parameter: supply_max, distribution: lognormal, mean: 1.0, sd: 0.2}}
"""


def test_monte_carlo_is_reproducible_with_a_seed(folder: Path) -> None:
    def factors(seed: int) -> list[dict[str, float]]:
        sweep, base = load_sweep(write(folder, MC.format(seed=seed), f"mc{seed}.yaml"))
        return [m.coords for m in expand(sweep, base)]

    assert factors(7) == factors(7)
    assert factors(7) != factors(8)
    first = np.array([c["factor_0"] for c in factors(7)])
    assert ((first >= 0.8) & (first <= 1.2)).all()


def test_pareto_front_is_monotone(folder: Path) -> None:
    path = write(folder, "sweep: front\nbase: base.yaml\npareto: {points: 4}\n")
    manifest = run_sweep(path, folder / "out")
    assert {m["status"] for m in manifest.values()} == {"optimal"}
    cube = collect(folder / "out", lazy=False).sortby("sweep_budget_tco2e")
    cost = cube["objective"].values
    assert np.all(np.diff(cost) <= 1e-6 * np.abs(cost).max())  # looser budget, lower cost
    # toy: 0.431 tCO2e and 105 CNY per tonne, no discount; full plan 862 tCO2e, -210,000 CNY
    assert cube["sweep_budget_tco2e"].values[-1] == pytest.approx(862.0)
    assert cost[-1] == pytest.approx(-210_000)


def test_sweep_with_two_workers_resumes_and_collects(folder: Path) -> None:
    path = write(folder, GRID)
    out = folder / "out"
    manifest = run_sweep(path, out, workers=2)
    assert [m["status"] for m in manifest.values()] == ["optimal"] * 6
    again = run_sweep(path, out, workers=2)
    assert {m["status"] for m in again.values()} == {"skipped"}
    cube = collect(out)  # small files: loaded; the same cube when opened lazily (dask)
    xr.testing.assert_identical(cube, collect(out, lazy=True).load())
    assert "input_row" not in cube.dims and "entry" not in cube.dims
    assert cube.sizes["scenario"] == 6 and cube["status"].dims == ("scenario",)
    priced = cube.sel(scenario="grid_price-300_scrap-x1")  # 300 CNY/tCO2e: the smelter stops (hand check)
    assert float(priced["activity"].sum()) == pytest.approx(0.0, abs=1e-6)
    assert float(cube["objective"].sel(scenario="grid_price-100_scrap-x1")) == pytest.approx(-2 * 1000 * 61.9)
    table = to_iamc(cube.load())
    assert list(table.columns) == ["model", "scenario", "region", "variable", "unit", "year",
                                   "value"]
    member = cube["scenario"].where((cube["sweep_price"] == 0) & (cube["sweep_scrap"] == 1.0),
                                    drop=True)
    row = table[(table.scenario == str(member.item())) & (table.region == "World")
                & (table.variable == "Sales|Secondary Metal") & (table.year == 2025)]
    assert float(row["value"].iloc[0]) == pytest.approx(800e-6)  # Mt/yr
    assert set(table["region"]) == {"World", "China"}


LOST, BROKEN = "grid_price-100_scrap-x0p5", "grid_price-300_scrap-x0p5"


def test_failures_are_isolated_and_retried(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import model.studies.sweep as sweep_module

    # without reuse every member is rebuilt through solve_member
    text = GRID.replace("{parameter: supply_max, where: {material: scrap}, scale: [0.5, 1.0]}",
                        "{parameter: process_cost, scale: [0.5, 1.0]}") + "retries: 1\n"
    path = write(folder, text)
    real = sweep_module.solve_member
    calls: dict[str, int] = {}

    def flaky(scenario_json: str, target: str, attrs: dict) -> dict:  # noqa: ANN401
        name = json.loads(scenario_json)["name"]
        calls[name] = calls.get(name, 0) + 1
        if name == LOST and calls[name] == 1:
            raise RuntimeError("worker lost")
        if name == BROKEN:
            raise MemoryError("always")
        return real(scenario_json, target, attrs)

    monkeypatch.setattr(sweep_module, "solve_member", flaky)
    manifest = run_sweep(path, folder / "out", reuse=False)
    assert manifest[LOST]["status"] == "optimal" and calls[LOST] == 2
    assert manifest[BROKEN]["status"] == "error" and "MemoryError" in manifest[BROKEN]["error"]
    assert sum(m["status"] == "optimal" for m in manifest.values()) == 5
    assert not (folder / "out" / f"{BROKEN}.nc").exists()
    assert not list((folder / "out").glob("*.part"))
    monkeypatch.setattr(sweep_module, "solve_member", real)  # the rerun solves only what failed
    rerun = run_sweep(path, folder / "out")
    assert rerun[BROKEN]["status"] == "optimal"
    assert sum(m["status"] == "skipped" for m in rerun.values()) == 5


def test_invalid_member_is_recorded_not_retried(folder: Path) -> None:
    text = ("sweep: bad\nbase: base.yaml\ngrid:\n  x: {parameter: market_max, where: "
            "{node: mkt}, scale: [2]}\n")
    manifest = run_sweep(write(folder, text), folder / "out")
    assert manifest["bad_x-x2"]["status"] == "invalid"
    assert "no rows of 'market_max'" in manifest["bad_x-x2"]["error"]


def test_sweep_comparison_report_has_the_front(folder: Path) -> None:
    from model.report.document import write_comparison

    path = write(folder, "sweep: front\nbase: base.yaml\npareto: {points: 3}\n")
    run_sweep(path, folder / "out")
    cubes = {p.stem: model.read_results(p) for p in sorted((folder / "out").glob("front_*.nc"))}
    written = write_comparison(cubes, folder / "report", "en")
    html = written["html"].read_text()
    assert "Pareto front: net result against gross emissions" in html
    assert ">-0<" not in html


def test_monte_carlo_over_input_ranges(folder: Path, package) -> None:  # noqa: ANN001
    path = package(process_cost="process,value,unit,source,confidence,low,high\n"
                                "smelt,100,CNY/t,toy,H,50,150\n")
    (folder / "base.yaml").write_text(f"name: toy\ninputs: {path}\n")
    text = ("sweep: mcr\nbase: base.yaml\nmonte_carlo:\n  samples: 3\n  seed: 1\n  parameters:\n"
            "    - {parameter: process_cost, distribution: input_range}\n")
    sweep, base = load_sweep(write(folder, text))
    members = expand(sweep, base)
    costs = [model.apply_scenario(model.load_data(path), m.scenario).params["process_cost"].iloc[0]
             for m in members]
    assert all(50 <= c <= 150 for c in costs) and len(set(costs)) == 3


def test_carbon_price_grid_is_re_solved_in_place(folder: Path) -> None:
    text = ("sweep: prices\nbase: base.yaml\ngrid:\n"
            "  price: {parameter: carbon_price, values: [0, 100, 200, 300], unit: CNY/tCO2e}\n")
    manifest = run_sweep(write(folder, text), folder / "out")
    assert {m.get("method") for m in manifest.values()} == {"session"}
    objectives = [manifest[f"prices_price-{p}"]["objective"] for p in (0, 100, 200, 300)]
    # margin 105 - 0.431 x price per tonne, 1000 t a year, two years (hand calculation)
    assert objectives == pytest.approx([-210_000, -123_800, -37_600, 0], abs=1e-6)


def test_cap_grid_warm_matches_rebuilding(folder: Path) -> None:
    text = ("sweep: caps\nbase: base.yaml\ngrid:\n"
            "  cap: {parameter: carbon_cap, where: {year: 2026}, values: [300, 200, 100],"
            " unit: tCO2e/yr}\n")
    path = write(folder, text)
    warm = run_sweep(path, folder / "warm")
    cold = run_sweep(path, folder / "cold", workers=2, reuse=False)
    assert {m.get("method") for m in warm.values()} == {"session"}
    for name in warm:
        assert warm[name]["objective"] == pytest.approx(cold[name]["objective"], rel=1e-9)
    # cap 300: activity 300 / 0.431 in 2026 (hand calculation)
    assert warm["caps_cap-300"]["objective"] == pytest.approx(-105 * (1000 + 300 / 0.431))


def test_price_and_supply_grid_warm_matches_rebuilding(folder: Path) -> None:
    text = ("sweep: market\nbase: base.yaml\ngrid:\n"
            "  price: {parameter: market_price, where: {material: metal}, scale: [0.95, 1.0, 1.1]}\n"
            "  supply: {parameter: supply_max, where: {material: scrap}, scale: [0.5, 1.0]}\n")
    path = write(folder, text)
    warm = run_sweep(path, folder / "warm")
    cold = run_sweep(path, folder / "cold", workers=2, reuse=False)
    assert {m.get("method") for m in warm.values()} == {"session"}
    for name in warm:
        assert warm[name]["objective"] == pytest.approx(cold[name]["objective"], rel=1e-9,
                                                        abs=1e-6)
    # metal at 1,900 CNY/t (x0.95): margin 105 - 0.8 x 100 = 25 CNY/t, still at capacity
    assert warm["market_price-x0p95_supply-x0p5"]["objective"] == pytest.approx(-2 * 750 * 25)


def test_studies_get_their_own_dimension_and_quantiles(folder: Path) -> None:
    text = MC.format(seed=3).replace("samples: 6", "samples: 5")
    out = folder / "mc"
    run_sweep(write(folder, text, "mc.yaml"), out)
    cube = collect(out)
    assert cube.sizes["sample"] == 5 and "scenario" in cube.coords
    q = cube["objective_quantiles"]
    assert q.sizes["quantile"] == 3 and float(q.sel(quantile=0.05)) <= float(q.sel(quantile=0.95))
    table = to_iamc(cube.load())
    assert set(table["scenario"]) == {f"mc_{i:03d}" for i in range(5)}


@pytest.mark.parametrize(("study", "rule"), [
    # each was a pydantic ValidationError or a NumPy ValueError out of expand (a fuzz run of
    # 600 random sweep files): now the sweep file is refused, naming the key
    ("grid:\n  x: {parameter: carbon_price, scale: [.inf]}", "finite"),
    ("grid:\n  x: {parameter: carbon_price, scale: [.nan]}", "finite"),
    ("grid:\n  x: {parameter: carbon_price, values: [.nan], unit: CNY/tCO2e}", "a number"),
    ("monte_carlo: {samples: 3, seed: -1, parameters: "
     "[{parameter: carbon_price, distribution: uniform, low: 0.9, high: 1.1}]}",
     "greater than or equal to 0"),
    ("monte_carlo: {samples: 3, parameters: "
     "[{parameter: carbon_price, distribution: triangular, low: .inf, mode: 1, high: 0}]}",
     "finite"),
    ("monte_carlo: {samples: 3, parameters: "
     "[{parameter: carbon_price, distribution: triangular, low: 1.2, mode: 1, high: 0.9}]}",
     "low <= mode <= high"),
    ("monte_carlo: {samples: 3, parameters: "
     "[{parameter: carbon_price, distribution: normal, mean: 1, sd: .inf}]}", "finite"),
])
def test_bad_sweep_points_are_refused_when_read(folder: Path, study: str, rule: str) -> None:
    with pytest.raises(model.ScenarioError, match=rule) as info:
        load_sweep(write(folder, f"sweep: bad\nbase: base.yaml\n{study}\n"))
    assert "sweep.yaml" in str(info.value)
