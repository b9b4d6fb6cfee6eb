"""The whole pipeline in one call: data → scenario → sets → model → HiGHS → cube → audit."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import xarray as xr

from model.blocks import build_program
from model.blocks.memo import BlockMemo
from model.data.dataset import ModelData
from model.data.provenance import input_provenance
from model.data.scenarios import Scenario, apply_scenario, load_scenario
from model.data.sets import IndexSets, crossing_keys
from model.data.supply import stock_dataset, with_stock_supply
from model.data.validate import load_data
from model.lp.program import Program
from model.lp.session import HighsSession
from model.lp.solve import SolveOptions, SolveResult, solve, solve_program
from model.results.audit import audit
from model.results.cube import extract_results
from model.results.diagnose import diagnose
from model.results.ledger import carbon_ledger

__all__ = ["prepare_data", "result_cube", "run", "solve_data"]

log = logging.getLogger(__name__)


def ranging_if_needed(options: SolveOptions, data: ModelData, sets: IndexSets) -> SolveOptions:
    """``options`` without cost ranging where no route crosses a border: only the headroom of
    a used crossing needs it, and it costs more than a warm re-solve."""
    if options.ranging and not crossing_keys(data, sets.FLOW_rmy)["crossing"].any():
        return options.model_copy(update={"ranging": False})
    return options


def solve_data(
    data: ModelData, options: SolveOptions | None = None, attrs: dict | None = None,
    session: HighsSession | None = None,
) -> xr.Dataset:
    """Build, solve, extract and audit one member from already-loaded data.

    Returns the result cube. A non-optimal solve returns a cube without solution variables
    whose ``status`` attr says what happened; an optimal one is audited (``AuditError``).
    The stock model's end-of-life supply is added first if ``data`` does not have it yet.
    ``options.backend`` picks the Pyomo model (default) or the lean path; with ``session``
    the member is solved warm in that HiGHS session (the lean path, by a diff).
    """
    options = options or SolveOptions()
    start = time.perf_counter()
    data = with_stock_supply(data)
    memo = session.cache.setdefault("blocks", BlockMemo()) if session else BlockMemo(False)
    sets = memo.index_sets(data)
    program = build_program(data, sets, memo)
    options = ranging_if_needed(options, data, sets)
    if options.backend == "pyomo" and session is None:
        from model.lp.pyomo_model import to_pyomo  # the lean path never imports Pyomo

        model = to_pyomo(program)
        build_seconds = time.perf_counter() - start
        result = solve(model, options)
    else:
        build_seconds = time.perf_counter() - start
        result = solve_program(program, options, session)
    return result_cube(program, data, sets, result, {**(attrs or {}),
                                                     "build_seconds": build_seconds})


def result_cube(
    program: Program, data: ModelData, sets: IndexSets, result: SolveResult,
    attrs: dict | None = None,
) -> xr.Dataset:
    """The audited cube with ledger and input provenance (or a status-only cube)."""
    start = time.perf_counter()
    meta = {**(attrs or {}), "solve_seconds": result.seconds,
            "coefficient_ranges": json.dumps(result.ranges), "lp_load": result.load,
            "diagnosis": diagnose(program, data, result),
            "absent_tables": json.dumps(list(data.absent_tables)),
            "input_notes": json.dumps(list(data.notes), ensure_ascii=False)}
    if meta["diagnosis"]:
        log.warning("%s", meta["diagnosis"])
    if not result.has_solution:
        bound = float(result.bound) if result.bound is not None else float("nan")
        return xr.Dataset(attrs={"status": result.status, "objective": float("nan"),
                                 "objective_bound": bound,
                                 "termination_condition": result.termination_condition,
                                 "solver": result.solver, "input_hash": data.input_hash, **meta})
    cube = extract_results(program, data, sets, result, meta)
    cube.attrs["extract_seconds"] = time.perf_counter() - start
    if result.optimal:
        start = time.perf_counter()
        report = audit(cube, data)
        cube.attrs["audit_seconds"] = time.perf_counter() - start
        cube.attrs["audit_max_relative_residual"] = max(report.values())
        attrs_kept = dict(cube.attrs)
        cube = xr.merge([cube, carbon_ledger(cube, data), input_provenance(data),
                         stock_dataset(data)],
                        combine_attrs="override", join="outer")
        cube.attrs.update(attrs_kept)
    log.info("%s: objective %.6g CNY, %d variables", result.status, result.objective or 0,
             cube.attrs.get("n_variables", 0))
    return cube


def prepare_data(inputs: Path | str, scenario: Scenario) -> ModelData:
    """Load a data package, apply the scenario's overrides, add the stock model's supply.

    The stock model runs after the overrides, so scenarios can move its levers (lifetimes,
    NEV shares, collection); a ``supply_max`` override applies to the table's own rows.
    """
    return with_stock_supply(apply_scenario(load_data(inputs), scenario))


def run(
    scenario: Scenario | Path | str, inputs: Path | str | None = None
) -> xr.Dataset:
    """Solve a scenario file (or ``Scenario``) and return its result cube.

    >>> cube = run("scenarios/baseline.yaml")          # doctest: +SKIP
    >>> cube["sales"].sum("node").sel(year=2030)       # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    source = Path(inputs) if inputs is not None else scenario.inputs
    start = time.perf_counter()
    data = prepare_data(source, scenario)
    load_seconds = time.perf_counter() - start
    attrs = {
        "scenario": scenario.name,
        "scenario_description": scenario.description,
        "scenario_description_zh": scenario.description_zh,
        "scenario_resolved": json.dumps(scenario.resolved(), sort_keys=True),
        "scenario_hash": scenario.digest(),
        "load_seconds": load_seconds,
    }
    return solve_data(data, scenario.solver, attrs)
