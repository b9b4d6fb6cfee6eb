"""Solve with HiGHS through Pyomo's HiGHS interface (highspy, in-process: no solver binary)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import highspy
import numpy as np
import pyomo.environ as pyo
from pydantic import BaseModel, ConfigDict, Field
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.version import version as pyomo_version

from model.errors import SolveError

__all__ = ["SolveOptions", "SolveResult", "solve"]

log = logging.getLogger(__name__)

_STATUS = {
    TerminationCondition.convergenceCriteriaSatisfied: "optimal",
    TerminationCondition.provenInfeasible: "infeasible",
    TerminationCondition.locallyInfeasible: "infeasible",
    TerminationCondition.unbounded: "unbounded",
    TerminationCondition.infeasibleOrUnbounded: "infeasible_or_unbounded",
    TerminationCondition.maxTimeLimit: "time_limit",
    TerminationCondition.iterationLimit: "iteration_limit",
    TerminationCondition.interrupted: "interrupted",
    TerminationCondition.error: "error",
}


class SolveOptions(BaseModel):
    """Solver settings (also the ``solver:`` section of a scenario file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interface: Literal["stdform", "pyomo"] = "stdform"
    integer: bool = False  # enforce whole plant units (MILP); off: the LP relaxation
    time_limit_s: float | None = Field(default=None, gt=0)
    threads: int | None = Field(default=None, ge=1)
    mip_gap: float | None = Field(default=None, ge=0, le=1)
    highs_options: dict[str, bool | int | float | str] = Field(default_factory=dict)


@dataclass
class SolveResult:
    """What the solver said, and the solution values when there is one."""

    status: str
    termination_condition: str
    has_solution: bool
    objective: float | None
    bound: float | None
    seconds: float
    solver: str
    duals: dict[Any, float] = field(default_factory=dict)
    iis_rows: list[tuple[Any, str]] = field(default_factory=list)
    iis_cols: list[tuple[Any, str]] = field(default_factory=list)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    iis_note: str = ""
    highs_seconds: float = float("nan")
    size: dict[str, int] = field(default_factory=dict)
    gap: float | None = None
    duals_note: str = ""

    @property
    def optimal(self) -> bool:
        """True for a proven optimum."""
        return self.status == "optimal"


def solve(m: pyo.ConcreteModel, options: SolveOptions | None = None) -> SolveResult:
    """Solve ``m`` with HiGHS, load primal values and duals, and report the status honestly.

    ``interface="stdform"`` (default) compiles the whole model to sparse arrays with Pyomo's
    standard-form compiler and hands them to highspy in one call (about 3x faster than the
    persistent interface, see BENCHMARKS.md); ``"pyomo"`` uses Pyomo's HiGHS interface.
    A non-optimal result is returned, not raised; use ``require_optimal`` to raise.
    """
    options = options or SolveOptions()
    if options.interface == "stdform":
        from model.handoff import solve_stdform

        return solve_stdform(m, options)
    opt = SolverFactory("highs")
    if not opt.available():
        raise SolveError("HiGHS (highspy) is not available; reinstall with `make install`")
    config: dict[str, Any] = {
        "load_solutions": False,
        "raise_exception_on_nonoptimal_result": False,
        "solver_options": dict(options.highs_options),
    }
    if options.time_limit_s is not None:
        config["time_limit"] = options.time_limit_s
    if options.threads is not None:
        config["threads"] = options.threads
        # HiGHS keeps one global thread pool per process; a later solve asking for another
        # thread count fails with "unknown" status unless the pool is reset first.
        highspy.Highs.resetGlobalScheduler(True)
    if options.mip_gap is not None:
        config["rel_gap"] = options.mip_gap
    start = time.perf_counter()
    res = opt.solve(m, **config)
    seconds = time.perf_counter() - start
    status = _STATUS.get(res.termination_condition, "unknown")
    has_solution = res.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible)
    duals: dict[Any, float] = {}
    if has_solution:
        res.solution_loader.load_vars()
        if status == "optimal":
            duals = dict(res.solution_loader.get_duals())
    version = ".".join(map(str, opt.version())) if opt.version() else "unknown"
    log.info("HiGHS %s: %s in %.2f s", version, status, seconds)
    extra: dict[str, Any] = {"ranges": coefficient_ranges(opt), **_highs_figures(opt)}
    if status in ("infeasible", "infeasible_or_unbounded"):
        extra.update(irreducible_subsystem(opt))
    return SolveResult(
        status=status,
        termination_condition=str(res.termination_condition.name),
        has_solution=has_solution,
        objective=res.incumbent_objective if has_solution else None,
        bound=res.objective_bound,
        seconds=seconds,
        solver=f"HiGHS {version} via Pyomo {pyomo_version}",
        duals=duals,
        **extra,
    )


_BOUND_SIDE = {2: "lower", 3: "upper", 4: "both"}


def irreducible_subsystem(opt: Any) -> dict[str, Any]:
    """An irreducible infeasible subsystem (IIS) of the last LP, as Pyomo components.

    Uses HiGHS ``getIis`` with ``iis_strategy=6`` (elasticity filter, then reduce to
    irreducible; the default strategy returned an empty IIS in our checks). Rows and columns
    are mapped back through the Pyomo interface's maps (private attributes; Pyomo is pinned).
    """
    highs = getattr(opt, "_solver_model", None)
    if highs is None:
        return {"iis_note": "no HiGHS model to analyse"}
    highs.setOptionValue("output_flag", False)
    return highs_iis(highs, opt._solver_con_to_pyomo_con_map, _column_map(opt))


def highs_iis(highs: highspy.Highs, rows: Any, columns: Any) -> dict[str, Any]:
    """HiGHS's IIS (``iis_strategy=6``) as (Pyomo component, bound side) pairs; ``rows`` and
    ``columns`` map HiGHS row and column indices to Pyomo constraints and variables."""
    highs.setOptionValue("iis_strategy", 6)
    status, iis = highs.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return {"iis_note": f"HiGHS could not compute an IIS ({status})"}
    return {"iis_rows": [(rows[r], _BOUND_SIDE.get(int(b), "")) for r, b in
                         zip(iis.row_index_, iis.row_bound_, strict=True)],
            "iis_cols": [(columns[c], _BOUND_SIDE[int(b)]) for c, b in
                         zip(iis.col_index_, iis.col_bound_, strict=True)
                         if int(b) in _BOUND_SIDE]}


def _column_map(opt: Any) -> dict[int, Any]:
    """HiGHS column index -> Pyomo VarData."""
    return {col: opt._vars[key][0] for key, col in opt._pyomo_var_to_solver_var_map.items()}


def _highs_figures(opt: Any) -> dict[str, Any]:
    """HiGHS's own run time and the LP size it held."""
    highs = getattr(opt, "_solver_model", None)
    if highs is None:
        return {}
    size = {"columns": int(highs.getNumCol()), "rows": int(highs.getNumRow()),
            "nonzeros": int(highs.getNumNz())}
    return {"highs_seconds": float(highs.getRunTime()), "size": size}


def coefficient_ranges(opt: Any) -> dict[str, tuple[float, float]]:
    """Smallest and largest non-zero absolute matrix, cost, bound and RHS values of the LP."""
    highs = getattr(opt, "_solver_model", None)
    if highs is None:
        return {}
    lp = highs.getLp()
    parts = {
        "matrix": np.asarray(lp.a_matrix_.value_),
        "cost": np.asarray(lp.col_cost_),
        "bound": np.concatenate([np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)]),
        "rhs": np.concatenate([np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)]),
    }
    return value_ranges(parts)


def value_ranges(parts: dict[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """Smallest and largest finite non-zero magnitude of each array (infinities left out)."""
    ranges = {}
    for name, values in parts.items():
        values = np.asarray(values, dtype=float)
        values = np.abs(values[np.isfinite(values) & (values != 0) & (np.abs(values) < 1e30)])
        if values.size:
            ranges[name] = (float(values.min()), float(values.max()))
    return ranges


def require_optimal(result: SolveResult) -> None:
    """Raise ``SolveError`` unless the result is a proven optimum."""
    if not result.optimal:
        raise SolveError(
            f"solver finished with status '{result.status}' "
            f"(termination condition {result.termination_condition})",
            termination=result.status,
        )
