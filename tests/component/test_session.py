"""One HiGHS session: members re-solved by diff equal the same members rebuilt, whole cube.

Every member is compared in every cube variable (money included) with the same member built
and solved from scratch, and each cube's discounted cost - revenue must equal its objective.
The bugs this replaces: one-worker sweeps reported the first member's prices in ``cost`` and
``revenue``, froze the first MILP member's integer decisions, diagnosed an infeasible member
with another member's cap, and a MILP's objective did not equal its own cube.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import model
from model.blocks import build_program
from model.data.scenarios import Override, Scenario
from model.data.sets import build_index_sets
from model.data.supply import with_stock_supply
from model.lp.program import LPArrays
from model.lp.session import HighsSession
from model.lp.solve import SolveResult, solve_program
from model.pipeline import solve_data
from model.results.cube import read_results
from model.studies.sweep import run_sweep
from tests.cubes import assert_same_cube, money_identity

pytestmark = pytest.mark.component

DATA = Path(__file__).resolve().parents[1] / "data"
H = "value,unit,source,confidence"
UNITS = {  # whole 400 t/yr units of the smelter (tests/component/test_units_milp.py)
    "process_invest_cost": f"process,{H}\nsmelt,500,CNY/(t/yr),x,L\n",
    "process_lifetime": f"process,{H}\nsmelt,10,yr,x,L\n",
    "process_unit_size": f"process,{H}\nsmelt,400,t/yr,x,L\n",
}


def _sweep(folder: Path, base: Path, axis: str, integer: bool = False) -> Path:
    solver = "solver: {integer: true}\n" if integer else ""
    (folder / "base.yaml").write_text(f"name: base\ninputs: {base}\n{solver}")
    path = folder / "sweep.yaml"
    path.write_text(f"sweep: s\nbase: base.yaml\ngrid:\n  a: {axis}\n")
    return path


GRIDS = {
    "carbon_price": "{parameter: carbon_price, values: [0, 100, 300], unit: CNY/tCO2e}",
    "market_price": "{parameter: market_price, where: {material: metal}, "
                    "scale: [0.95, 1.2, 0.9]}",
    "supply_cost": "{parameter: supply_cost, scale: [1.0, 1.1, 0.95]}",
    "capacity": "{parameter: process_capacity, scale: [1.0, 0.5, 1.5]}",
    "carbon_cap": "{parameter: carbon_cap, where: {year: 2026}, values: [300, 200, 100], "
                  "unit: tCO2e/yr}",
}


@pytest.mark.parametrize("axis", list(GRIDS))
def test_one_worker_sweep_equals_members_rebuilt(axis: str, tmp_path: Path, package) -> None:  # noqa: ANN001
    base = package(**UNITS)
    path = _sweep(tmp_path, base, GRIDS[axis])
    session = run_sweep(path, tmp_path / "session")
    run_sweep(path, tmp_path / "rebuilt", reuse=False)
    assert {m["method"] for m in session.values()} == {"session"}
    for name in session:
        got = read_results(tmp_path / "session" / f"{name}.nc")
        want = read_results(tmp_path / "rebuilt" / f"{name}.nc")
        assert_same_cube(got, want, name)
        assert money_identity(got) < 1e-9
    loads = [session[n]["lp_load"] for n in session]  # in member order
    assert loads[0] == "built" and all(x.startswith("updated in place") for x in loads[1:])


def test_carbon_price_members_pay_their_own_price(tmp_path: Path, package) -> None:  # noqa: ANN001
    """The reported bug: at 300 CNY/t every member's carbon cost was the first member's (0)."""
    path = _sweep(tmp_path, package(), GRIDS["carbon_price"])
    run_sweep(path, tmp_path / "out")
    for price in (0, 100, 300):
        cube = read_results(tmp_path / "out" / f"s_a-{price}.nc")
        emissions = cube["emissions"].sum("source")
        carbon = cube["cost"].sel(cost_category="carbon") if price else 0 * emissions
        np.testing.assert_allclose(carbon, price * emissions, rtol=1e-12)


def test_milp_sweep_on_one_worker_equals_rebuilding_on_two(tmp_path: Path, package) -> None:  # noqa: ANN001
    """Integer members are re-solved as MILPs, not as LPs with another member's units."""
    base = package(**UNITS)
    path = _sweep(tmp_path, base, "{parameter: market_price, where: {material: metal}, "
                                  "scale: [1.0, 1.5, 0.93]}", integer=True)
    session = run_sweep(path, tmp_path / "session")
    rebuilt = run_sweep(path, tmp_path / "rebuilt", workers=2, reuse=False)
    for name in session:
        got = read_results(tmp_path / "session" / f"{name}.nc")
        want = read_results(tmp_path / "rebuilt" / f"{name}.nc")
        assert_same_cube(got, want, name)
        assert np.isfinite(got.attrs["mip_gap"]) and got.attrs["mip_gap"] <= 1e-4
        assert got.attrs["objective_bound"] == pytest.approx(got.attrs["objective"], rel=1e-4)
        assert money_identity(got) < 1e-9
    assert session["s_a-x1p5"]["objective"] == pytest.approx(rebuilt["s_a-x1p5"]["objective"])
    # at 1.5 x the metal price two whole units pay (hand check: margin 1,105 CNY/t > annuity)
    assert float(read_results(tmp_path / "session" / "s_a-x1p5.nc")["new_capacity"].sum()) == (
        pytest.approx(800))


@pytest.mark.parametrize("axis", ["carbon_price", "capacity"])
def test_two_workers_keep_a_session_each_and_equal_members_rebuilt(
        axis: str, tmp_path: Path, package) -> None:  # noqa: ANN001
    """On two local workers each process loads the data once and re-solves in its own session."""
    path = _sweep(tmp_path, package(**UNITS), GRIDS[axis])
    warm = run_sweep(path, tmp_path / "warm", workers=2)
    run_sweep(path, tmp_path / "rebuilt", reuse=False)
    assert {m["method"] for m in warm.values()} == {"session"}
    loads = [m["lp_load"] for m in warm.values()]  # each worker builds its first member only
    assert 1 <= loads.count("built") <= 2
    assert all(x == "built" or x.startswith("updated in place") for x in loads)
    for name in warm:
        got = read_results(tmp_path / "warm" / f"{name}.nc")
        assert_same_cube(got, read_results(tmp_path / "rebuilt" / f"{name}.nc"), name)
        assert money_identity(got) < 1e-9


def test_a_worker_drops_its_session_after_a_failed_member(
        tmp_path: Path, package, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """No half-updated LP reaches the next member: the session is rebuilt after a failure."""
    import model.pipeline
    import model.studies.sweep as sweep_module

    inputs = package()
    digest = model.load_data(inputs).input_hash
    member = Scenario(name="m", inputs=inputs).model_dump_json()
    first = sweep_module.solve_member_in_session(str(inputs), digest, member,
                                                 str(tmp_path / "a.nc"), {})
    assert first["lp_load"] == "built"
    kept = sweep_module._KEPT["session"]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("lost")

    monkeypatch.setattr(model.pipeline, "solve_data", broken)
    with pytest.raises(RuntimeError):
        sweep_module.solve_member_in_session(str(inputs), digest, member,
                                             str(tmp_path / "b.nc"), {})
    assert "session" not in sweep_module._KEPT
    monkeypatch.undo()
    again = sweep_module.solve_member_in_session(str(inputs), digest, member,
                                                 str(tmp_path / "c.nc"), {})
    assert again["lp_load"] == "built" and sweep_module._KEPT["session"] is not kept
    assert again["objective"] == first["objective"]
    sweep_module._KEPT.clear()


def test_milp_objective_equals_its_cube(package) -> None:  # noqa: ANN001
    data = model.load_data(package(**UNITS))
    cube = solve_data(data, model.SolveOptions(integer=True))
    assert cube.attrs["status"] == "optimal"
    assert money_identity(cube) < 1e-9


def test_infeasible_member_is_diagnosed_with_its_own_cap(tmp_path: Path, package) -> None:  # noqa: ANN001
    demand = "node,material,year,value,unit,source,confidence\n" + "".join(
        f"mkt,metal,{y},500,t/yr,x,L\n" for y in (2025, 2026))  # 625 t of scrap to process
    path = _sweep(tmp_path, package(market_min=demand),
                  "{parameter: carbon_cap, values: [1e9, 1], unit: tCO2e/yr}")
    manifest = run_sweep(path, tmp_path / "out")
    assert manifest["s_a-1e09"]["status"] == "optimal"
    assert manifest["s_a-1"]["status"] == "infeasible"
    diagnosis = read_results(tmp_path / "out" / "s_a-1.nc").attrs["diagnosis"]
    assert "at or below 1 tCO2e" in diagnosis and "1e+09" not in diagnosis
    assert "1,000,000,000" not in diagnosis


def dual_gap(lp: LPArrays, x: np.ndarray, y: np.ndarray) -> float:
    """Relative gap between c x and the dual objective of ``y``; inf if ``y`` is infeasible.

    HiGHS's signs: reduced costs z = c - A^T y; y_i > 0 prices a lower row bound, y_i < 0
    an upper one (likewise z_j for column bounds).
    """
    tol = 1e-7 * max(1.0, float(np.abs(lp.cost).max()))
    z = lp.cost - lp.A.T @ y
    terms = []
    for dual, lower, upper in ((y, lp.row_lower, lp.row_upper), (z, lp.col_lower, lp.col_upper)):
        if ((dual > tol) & ~np.isfinite(lower)).any() or ((dual < -tol) & ~np.isfinite(upper)).any():
            return float("inf")
        bound = np.where(dual > 0, lower, upper)
        terms.append(np.where(np.isfinite(bound), dual * np.where(np.isfinite(bound), bound, 0),
                              0.0).sum())
    primal = float(lp.cost @ x)
    return abs(primal - sum(terms)) / max(abs(primal), 1.0)


def _duals_optimal(result: SolveResult, lp: LPArrays) -> float:
    """``dual_gap`` of a result (a MILP's duals: the LP with its integers fixed)."""
    assert result.x is not None and result.row_dual is not None
    fixed = lp.integrality > 0
    lower = np.where(fixed, np.round(result.x), lp.col_lower)
    upper = np.where(fixed, np.round(result.x), lp.col_upper)
    return dual_gap(replace(lp, col_lower=lower, col_upper=upper), result.x, result.row_dual)


# ---------------------------------------------------------------- property: random diffs

def _member(rng: np.random.Generator, base: Scenario, i: int) -> Scenario:
    """A random member: prices, bounds, coefficients, capacities, caps, integers on/off."""
    pick = rng.choice
    overrides = [
        Override(parameter="market_price", scale=float(pick([0.6, 0.9, 1.0, 1.3]))),
        Override(parameter="supply_max", scale=float(pick([0.5, 1.0, 1.4]))),
        Override(parameter="supply_cost", scale=float(pick([0.9, 1.0, 1.2]))),
        Override(parameter="process_electricity", scale=float(pick([0.5, 1.0, 2.0]))),
        Override(parameter="mode_emission_factor", scale=float(pick([0.5, 1.0, 3.0]))),
        Override(parameter="process_capacity", scale=float(pick([0.3, 1.0, 1.2]))),
        Override(parameter="carbon_price", value=float(pick([0, 80, 400])), unit="CNY/tCO2e"),
        Override(parameter="carbon_cap", value=float(pick([1e6, 400, 150])), unit="tCO2e/yr"),
    ]
    solver = base.solver.model_copy(update={"integer": bool(pick([True, False]))})
    return base.model_copy(update={"name": f"m{i}", "overrides": overrides, "solver": solver})


@pytest.mark.parametrize("seed", [0, 1])
def test_random_member_diffs_equal_rebuild(seed: int, package) -> None:  # noqa: ANN001
    base_dir = package(**UNITS)
    raw = model.load_data(base_dir)
    base = Scenario(name="base", inputs=base_dir)
    rng = np.random.default_rng(seed)
    session = HighsSession()
    for i in range(6):
        scenario = _member(rng, base, i)
        data = model.apply_scenario(raw, scenario)
        got = solve_data(data, scenario.solver, session=session)
        held = session.held_arrays()
        full = with_stock_supply(data)
        lp = build_program(full, build_index_sets(full)).arrays(scenario.solver.integer)
        for name in ("cost", "col_lower", "col_upper", "row_lower", "row_upper",
                     "integrality"):
            np.testing.assert_array_equal(held[name], getattr(lp, name), err_msg=name)
        assert (held["A"] != lp.A).nnz == 0
        want = solve_data(data, scenario.solver)
        assert_same_cube(got, want, json.dumps(scenario.resolved()["overrides"]))
        if got.attrs["status"] == "optimal":  # the session's duals are optimal duals
            program = build_program(full, build_index_sets(full))
            result = solve_program(program, scenario.solver, session)
            assert _duals_optimal(result, lp) < 1e-9
