"""Fast hand-off: the LP as arrays (``model.compiled``) -> one ``highspy.passModel``.

The persistent Pyomo interface walks every constraint in Python; here the model's own COO
arrays are stacked into one CSC matrix (or, when a script edited the Pyomo model, Pyomo's
standard-form compiler makes it, ``../shared/reference/performance.md`` idiom 1). Rows and
columns keep their Pyomo components, so values, duals and IIS rows map straight back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.version import version as pyomo_version

from model.compiled import Compiled, compile_model
from model.solve import SolveOptions, SolveResult, highs_iis, value_ranges

__all__ = ["solve_stdform"]

log = logging.getLogger(__name__)

_MODEL_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible_or_unbounded",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kIterationLimit: "iteration_limit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
    highspy.HighsModelStatus.kSolveError: "error",
}


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence C-level writes to standard output (fd 1) inside the block."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


def _to_highs(m: pyo.ConcreteModel, integer: bool = False) -> tuple[highspy.Highs, Compiled]:
    """Compile ``m`` and pass it to a new Highs instance; return it and the compiled form."""
    lp = compile_model(m)
    matrix = lp.A
    with _quiet_stdout():  # the first Highs() of a process prints a banner on fd 1
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
    highs.passModel(len(lp.columns), len(lp.rows), matrix.nnz, 1, 1, lp.offset, lp.cost,
                    lp.col_lower, lp.col_upper, lp.row_lower, lp.row_upper,
                    matrix.indptr.astype(np.int32), matrix.indices.astype(np.int32),
                    matrix.data.astype(float), _integrality(lp.columns, integer))
    return highs, lp


def _integrality(cols: list, integer: bool) -> np.ndarray:
    """1 for integer columns when integers are enforced, else all 0 (the LP relaxation)."""
    if not integer:
        return np.zeros(len(cols), dtype=np.int32)
    return np.array([1 if v.is_integer() else 0 for v in cols], dtype=np.int32)


def _set_options(highs: highspy.Highs, options: SolveOptions) -> None:
    if options.time_limit_s is not None:
        highs.setOptionValue("time_limit", float(options.time_limit_s))
    if options.threads is not None:
        highspy.Highs.resetGlobalScheduler(True)
        highs.setOptionValue("threads", int(options.threads))
    if options.mip_gap is not None:
        highs.setOptionValue("mip_rel_gap", float(options.mip_gap))
    for key, value in options.highs_options.items():
        highs.setOptionValue(key, value)


def _ranges(info: Any, highs: highspy.Highs) -> dict[str, tuple[float, float]]:
    lp = highs.getLp()
    return value_ranges({"matrix": np.asarray(info.A.data), "cost": np.asarray(lp.col_cost_),
                         "bound": np.concatenate([lp.col_lower_, lp.col_upper_]),
                         "rhs": np.concatenate([lp.row_lower_, lp.row_upper_])})


def _iis(highs: highspy.Highs, info: Any, mip: bool = False) -> dict[str, Any]:
    if mip:  # HiGHS's IIS is LP-only: diagnose the relaxation
        idx = np.array([j for j, v in enumerate(info.columns) if v.is_integer()], dtype=np.int32)
        highs.changeColsIntegrality(len(idx), idx, np.zeros(len(idx), dtype=np.uint8))
        highs.run()
        if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return {"iis_note": "the LP relaxation is feasible: the whole-unit (integer) "
                                "decisions cause the infeasibility"}
    return highs_iis(highs, info.rows, info.columns)


def _fix_integers(highs: highspy.Highs, info: Any) -> None:
    """Fix integer columns at their MILP values and re-solve the LP (for duals)."""
    values = np.asarray(highs.getSolution().col_value)
    idx = np.array([j for j, v in enumerate(info.columns) if v.is_integer()], dtype=np.int32)
    fixed = np.round(values[idx])
    highs.changeColsIntegrality(len(idx), idx, np.zeros(len(idx), dtype=np.uint8))
    highs.changeColsBounds(len(idx), idx, fixed, fixed)
    highs.run()


def solve_stdform(m: pyo.ConcreteModel, options: SolveOptions) -> SolveResult:
    """Solve through the standard-form hand-off (see the module docstring)."""
    return Resolver(m, options).solve()


class Resolver:
    """A model handed to HiGHS once, re-solved after changing row bounds in place.

    HiGHS keeps its basis between runs, so a re-solve after a small change (a tighter carbon
    budget, another cap) warm-starts from the previous optimum instead of rebuilding the
    Pyomo model and the LP (``model.mac`` and Pareto sweeps use this).
    """

    def __init__(self, m: pyo.ConcreteModel, options: SolveOptions) -> None:
        start = time.perf_counter()
        self.options = options
        self.highs, self.info = _to_highs(m, options.integer)
        _set_options(self.highs, options)
        self.row_of = {id(row): i for i, row in enumerate(self.info.rows)}
        self.handoff_seconds = time.perf_counter() - start

    def set_row_upper(self, constraint: Any, upper: float) -> None:
        """Change the upper bound of one constraint row (e.g. a budget or cap)."""
        self.set_rows_upper([constraint], np.array([upper], dtype=float))

    def set_rows_upper(self, constraints: list, upper: np.ndarray) -> None:
        """Change the upper bounds of several rows in one call (lower bounds kept)."""
        if not constraints:
            return
        lower = np.asarray(self.highs.getLp().row_lower_)  # one copy of the LP, not one per row
        for con, value in zip(constraints, np.asarray(upper, dtype=float).tolist(), strict=True):
            i = self.row_of[id(con)]
            self.highs.changeRowBounds(i, float(lower[i]), value)

    def solve(self) -> SolveResult:
        """Run HiGHS (warm from the last basis), load values and duals into the model."""
        highs, info, options = self.highs, self.info, self.options
        start = time.perf_counter()
        highs.run()
        seconds = time.perf_counter() - start + self.handoff_seconds
        self.handoff_seconds = 0.0
        status = _MODEL_STATUS.get(highs.getModelStatus(), "unknown")
        model_info = highs.getInfo()
        has_solution = int(model_info.primal_solution_status) == 2
        mip = bool(options.integer and any(v.is_integer() for v in info.columns))
        bound, gap, note = None, None, ""
        if mip:
            bound, gap = float(model_info.mip_dual_bound), float(model_info.mip_gap)
            if has_solution:
                _fix_integers(highs, info)
                note = "duals from the LP with the integer decisions fixed at the MILP solution"
        duals, objective = self._load(has_solution, status, model_info)
        version = str(highs.version())
        extra: dict[str, Any] = {"ranges": _ranges(info, highs)}
        if status in ("infeasible", "infeasible_or_unbounded"):
            extra.update(_iis(highs, info, mip))
        log.info("HiGHS %s: %s in %.2f s", version, status, seconds)
        return SolveResult(
            status=status,
            termination_condition=str(highs.modelStatusToString(highs.getModelStatus())),
            has_solution=has_solution,
            objective=objective,
            bound=bound if mip else (objective if status == "optimal" else None),
            gap=gap,
            duals_note=note,
            seconds=seconds,
            solver=f"HiGHS {version} via Pyomo {pyomo_version} ({info.path} hand-off)",
            duals=duals,
            highs_seconds=float(highs.getRunTime()),
            size={"columns": len(info.columns), "rows": len(info.rows),
                  "nonzeros": int(info.A.nnz)},
            **extra,
        )

    def _load(self, has_solution: bool, status: str, model_info: Any
              ) -> tuple[dict[Any, float], float | None]:
        if not has_solution:
            return {}, None
        solution = self.highs.getSolution()
        for var, value in zip(self.info.columns, solution.col_value, strict=True):
            var.set_value(value, skip_validation=True)
        objective = float(model_info.objective_function_value)
        if status != "optimal":
            return {}, objective
        duals = {row: float(d) for row, d in
                 zip(self.info.rows, solution.row_dual, strict=True)}
        return duals, objective
