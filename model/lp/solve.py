"""Solve with HiGHS (highspy, in-process: no solver binary), from a Pyomo model or a program.

Two backends give the same LP (``model.lp``): ``solve(m)`` takes the Pyomo model that
``build_model`` returns (and that scripts may have extended), ``solve_program(p)`` takes the
program directly and never creates Pyomo objects (the lean path, ``solver: {backend:
highs}``). Both run in a ``HighsSession``; pass the same session again to re-solve another
member warm. The result is mapped back to program columns and rows, so the result cube,
the diagnosis and the studies read the solution by (family, position), never by Pyomo
component.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from importlib.metadata import version as _version
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from model.errors import SolveError
from model.lp.numerics import Extent, check_numerics
from model.lp.program import LPArrays, Program
from model.lp.session import HighsSession, Outcome, SessionOptions

if TYPE_CHECKING:
    import pyomo.environ as pyo

    from model.lp.compile import Compiled

__all__ = ["SolveOptions", "SolveResult", "require_optimal", "solve", "solve_program"]

log = logging.getLogger(__name__)

_MATRIX = "matrix extent"  # the session's cache: the extent of the matrix HiGHS holds


class SolveOptions(BaseModel):
    """Solver settings (also the ``solver:`` section of a scenario file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["pyomo", "highs"] = "pyomo"  # highs: the lean path, no Pyomo objects
    integer: bool = False  # enforce whole plant units (MILP); off: the LP relaxation
    time_limit_s: float | None = Field(default=None, gt=0)
    threads: int | None = Field(default=None, ge=1)
    mip_gap: float | None = Field(default=None, ge=0, le=1)
    highs_options: dict[str, bool | int | float | str] = Field(default_factory=dict)
    ranging: bool = True  # cost ranging of an optimal LP with border crossings (headroom)

    def session_options(self) -> SessionOptions:
        """The HiGHS settings of one run."""
        return SessionOptions(self.time_limit_s, self.threads, self.mip_gap,
                              dict(self.highs_options), self.ranging)


@dataclass
class SolveResult:
    """What the solver said, and the solution in program order when there is one."""

    status: str
    termination_condition: str
    has_solution: bool
    objective: float | None
    bound: float | None
    seconds: float
    solver: str
    x: np.ndarray | None = None  # value of every program column
    row_dual: np.ndarray | None = None  # dual of every program row (NaN: not in the LP)
    cost_up: np.ndarray | None = None  # cost ranging: highest cost keeping the basis (program)
    iis_rows: list[tuple[int, str]] = field(default_factory=list)  # (program row, side)
    iis_cols: list[tuple[int, str]] = field(default_factory=list)  # (program column, side)
    iis_other: list[str] = field(default_factory=list)  # rows or columns a script added
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    iis_note: str = ""
    highs_seconds: float = float("nan")
    size: dict[str, int] = field(default_factory=dict)
    gap: float | None = None
    duals_note: str = ""
    load: str = ""  # how the LP reached HiGHS (built, rebuilt with reason, updated in place)
    load_seconds: float = 0.0  # compiling the arrays and handing them to HiGHS

    @property
    def optimal(self) -> bool:
        """True for a proven optimum."""
        return self.status == "optimal"


def _result(out: Outcome, lp: LPArrays, via: str, load_seconds: float,
            found: dict[str, Extent]) -> SolveResult:
    log.info("HiGHS %s: %s in %.2f s (%s)", out.version, out.status, out.seconds, out.load)
    note = ("duals from the LP with the integer decisions fixed at the MILP solution"
            if out.mip and out.row_dual is not None else "")
    return SolveResult(
        status=out.status, termination_condition=out.termination_condition,
        has_solution=out.has_solution, objective=out.objective, bound=out.bound,
        seconds=out.seconds + load_seconds, solver=f"HiGHS {out.version} ({via})", x=out.x,
        row_dual=out.row_dual, cost_up=out.cost_up, iis_rows=out.iis_rows, iis_cols=out.iis_cols,
        iis_note=out.iis_note, ranges={k: (e.low, e.high) for k, e in found.items()},
        highs_seconds=out.highs_seconds,
        size={"columns": lp.shape[1], "rows": lp.shape[0], "nonzeros": int(lp.A.nnz)},
        gap=out.gap, duals_note=note, load=out.load, load_seconds=load_seconds)


def solve_program(
    program: Program, options: SolveOptions | None = None, session: HighsSession | None = None
) -> SolveResult:
    """Solve a program on the lean path (no Pyomo objects); warm in ``session`` if given."""
    options = options or SolveOptions()
    session = session or HighsSession()
    start = time.perf_counter()
    held = session.held
    lp = program.arrays(options.integer, like=held)
    same_matrix = held is not None and lp.A is held.A
    found = check_numerics(lp, program,
                           matrix=session.cache.get(_MATRIX) if same_matrix else None)
    session.cache[_MATRIX] = found.get("matrix")
    load = session.load(lp)
    load_seconds = time.perf_counter() - start
    out = session.run(options.session_options(), load)
    return _result(out, lp, "lean hand-off of the program's arrays", load_seconds, found)


def solve(
    m: pyo.ConcreteModel, options: SolveOptions | None = None,
    session: HighsSession | None = None,
) -> SolveResult:
    """Solve the Pyomo model ``m`` made by ``build_model`` (edits by scripts included).

    Values are loaded into the Pyomo variables; the result carries them in program order.
    A non-optimal result is returned, not raised; use ``require_optimal`` to raise.
    """
    from model.lp.compile import compile_model  # the lean path never imports Pyomo
    from model.lp.pyomo_model import link_of

    options = options or SolveOptions()
    start = time.perf_counter()
    compiled = compile_model(m, options.integer)
    found = check_numerics(compiled.lp, link_of(m).program, compiled.col_of, compiled.row_of)
    session = session or HighsSession()
    load = session.load(compiled.lp)
    load_seconds = time.perf_counter() - start
    out = session.run(options.session_options(), load)
    if out.objective is not None:
        out.objective += compiled.offset
        out.bound = None if out.bound is None else out.bound + compiled.offset
    result = _result(out, compiled.lp, f"Pyomo {_version('pyomo')}, {compiled.path} hand-off",
                     load_seconds, found)
    _map_back(result, compiled, out, link_of(m).program)
    return result


def _in_program(values: np.ndarray, position: np.ndarray, fill: np.ndarray) -> np.ndarray:
    """LP ``values`` placed at their program ``position`` (-1: not in the program) in
    ``fill``, which holds what the program entries missing from the LP take."""
    inside = position >= 0
    fill[position[inside]] = values[inside]
    return fill


def _map_back(result: SolveResult, compiled: Compiled, out: Outcome, program: Program) -> None:
    """Values into the Pyomo variables; values, duals and IIS in program order."""
    if out.x is not None:
        for var, value in zip(compiled.columns, out.x.tolist(), strict=True):
            var.set_value(value, skip_validation=True)
        if compiled.path == "arrays":
            result.x = out.x
        else:  # columns Pyomo left out sit at their lower bound (or 0)
            result.x = _in_program(out.x, compiled.col_of,
                                   np.maximum(0.0, program.column_bounds()[0]))
    if out.cost_up is not None and compiled.path != "arrays":
        result.cost_up = _in_program(out.cost_up, compiled.col_of,
                                     np.full(program.n_columns, np.nan))
    if out.row_dual is not None and compiled.path != "arrays":
        result.row_dual = _in_program(out.row_dual, compiled.row_of,
                                      np.full(program.n_rows, np.nan))
    if compiled.path != "arrays":
        result.iis_rows = [(int(compiled.row_of[i]), s) for i, s in out.iis_rows
                           if compiled.row_of[i] >= 0]
        result.iis_cols = [(int(compiled.col_of[j]), s) for j, s in out.iis_cols
                           if compiled.col_of[j] >= 0]
        result.iis_other = [
            *(f"{compiled.rows[i].name} ({s} side)" for i, s in out.iis_rows
              if compiled.row_of[i] < 0),
            *(f"{compiled.columns[j].name} ({s} bound)" for j, s in out.iis_cols
              if compiled.col_of[j] < 0)]


def require_optimal(result: SolveResult) -> None:
    """Raise ``SolveError`` unless the result is a proven optimum."""
    if not result.optimal:
        raise SolveError(
            f"solver finished with status '{result.status}' "
            f"(termination condition {result.termination_condition})",
            termination=result.status,
        )
