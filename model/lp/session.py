"""One HiGHS session: an LP handed over once, then moved to each new member by a diff.

For a new member the caller builds the member's arrays (``Program.arrays``) and calls
``HighsSession.load``. The session compares them with what HiGHS holds: a different shape
means a rebuild (the reason is returned); otherwise changed costs, column and row bounds,
integrality and matrix coefficients are changed in place and HiGHS re-solves warm from its
last basis. There is no list of "patchable" parameters: whatever the member changes, HiGHS
ends up holding exactly the member's arrays (in a session that re-solves, ``prune``: their
live part, ``model.lp.live``, with what HiGHS returns put back in the whole LP's terms).
Integer members are solved as MILPs; duals of a MILP come from the LP with its integer columns
fixed, after which integrality and bounds are restored, so the next member starts from the
program as stated.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sp

from model.lp.live import Live, complete_duals, live_part, reduce, same_live_part
from model.lp.program import LPArrays

__all__ = ["HighsSession", "Outcome", "SessionOptions"]

#: The one map from HiGHS's model status to ziya's status words.
STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible_or_unbounded",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kIterationLimit: "iteration_limit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
    highspy.HighsModelStatus.kSolveError: "error",
}

_BOUND_SIDE = {2: "lower", 3: "upper", 4: "both"}

#: A cold LP (no basis yet) is solved by the interior point method with crossover, which is
#: several times faster than the dual simplex from a slack basis on these networks (bench M:
#: 2.4 s against 13.9 s); crossover leaves the basis that warm members start from.
_COLD = {"solver": "ipm", "run_crossover": "on"}

#: Statuses after which a cold interior-point run is repeated with the simplex, so that an
#: infeasible or unbounded LP is classified (and diagnosed) as before.
_RETRY = ("infeasible", "unbounded", "infeasible_or_unbounded", "error", "unknown")

#: More changed coefficients than this share of the non-zeros: rebuilding is cheaper.
_COEFFICIENT_SHARE = 0.05


@dataclass(frozen=True)
class SessionOptions:
    """HiGHS settings of one run (set afresh before every run)."""

    time_limit_s: float | None = None
    threads: int | None = None
    mip_gap: float | None = None
    highs_options: dict[str, Any] = field(default_factory=dict)
    ranging: bool = False  # cost ranging of the columns after an optimal LP


@dataclass
class Outcome:
    """What HiGHS returned for the LP it holds (indices are the LP's own)."""

    status: str
    termination_condition: str
    has_solution: bool
    objective: float | None
    bound: float | None
    gap: float | None
    x: np.ndarray | None
    row_dual: np.ndarray | None
    seconds: float
    highs_seconds: float
    version: str
    load: str  # how the LP reached HiGHS: built, rebuilt (reason), updated in place
    mip: bool = False
    iis_rows: list[tuple[int, str]] = field(default_factory=list)
    iis_cols: list[tuple[int, str]] = field(default_factory=list)
    iis_note: str = ""
    cost_up: np.ndarray | None = None  # highest cost of each column keeping the basis optimal


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


def structure_change(held: LPArrays, new: LPArrays) -> str:
    """Why ``new`` cannot be reached from ``held`` in place ('' when it can)."""
    if held.shape != new.shape:
        return (f"the LP changed shape: {held.shape[0]:,} x {held.shape[1]:,} -> "
                f"{new.shape[0]:,} x {new.shape[1]:,} (rows x columns)")
    changed = len(_changed_coefficients(held.A, new.A)[0])
    if changed > _COEFFICIENT_SHARE * max(new.A.nnz, 1) + 100:
        return f"{changed:,} matrix coefficients changed (rebuilding is cheaper)"
    return ""


def _changed_coefficients(held: sp.csc_array, new: sp.csc_array
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, new values) of every matrix entry that differs."""
    if held is new:  # the member reused the held matrix (``Program.arrays(like=...)``)
        return np.empty(0, np.int32), np.empty(0, np.int64), np.empty(0)
    if (np.array_equal(held.indptr, new.indptr) and np.array_equal(held.indices, new.indices)):
        where = np.flatnonzero(held.data != new.data)
        cols = np.searchsorted(new.indptr, where, side="right") - 1
        return new.indices[where], cols, new.data[where]
    delta = sp.coo_array(new - held)
    delta.eliminate_zeros()
    rows, cols = delta.row, delta.col
    values = np.asarray(new.tocsr()[rows, cols]).ravel() if len(rows) else np.empty(0)
    return rows, cols, values


def _changed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.flatnonzero(a != b)


@dataclass(frozen=True)
class _Columns:
    """The column bounds and integrality of the LP HiGHS holds (its live part, if pruned)."""

    col_lower: np.ndarray
    col_upper: np.ndarray
    integrality: np.ndarray

    @classmethod
    def of(cls, lp: LPArrays, live: Live | None) -> _Columns:
        if live is None:
            return cls(lp.col_lower, lp.col_upper, lp.integrality)
        return cls(lp.col_lower[live.cols], lp.col_upper[live.cols],
                   lp.integrality[live.cols])


def _whole(out: Outcome, lp: LPArrays, live: Live) -> None:
    """``out`` of the live part, in the whole LP's terms: dead columns at 0 (and at the top
    of their cost range), the dead rows' duals completed, the IIS renumbered."""
    if out.x is not None:
        x = np.zeros(lp.shape[1])
        x[live.cols] = out.x
        out.x = x
    if out.row_dual is not None:
        out.row_dual = complete_duals(lp, live, out.row_dual)
    if out.cost_up is not None:
        cost_up = np.full(lp.shape[1], np.inf)
        cost_up[live.cols] = out.cost_up
        out.cost_up = cost_up
    out.iis_rows = [(int(live.rows[r]), side) for r, side in out.iis_rows]
    out.iis_cols = [(int(live.cols[c]), side) for c, side in out.iis_cols]


class HighsSession:
    """One Highs instance that holds one LP at a time and re-solves members of a study."""

    def __init__(self, prune: bool = False) -> None:
        self.highs: highspy.Highs | None = None
        self.held: LPArrays | None = None
        #: With ``prune`` (sessions that re-solve): HiGHS holds only the part of each member's
        #: LP that can carry something (``model.lp.live``); what it returns is put back in the
        #: whole LP's terms. A warm re-solve runs without HiGHS's presolve, which would
        #: otherwise leave that part out itself.
        self.prune = prune
        self.live: Live | None = None  # the held LP's live part (None: HiGHS holds it whole)
        self._threads: int | None = None
        self._cold = True  # the LP held has no basis yet (just built or rebuilt)
        #: What the layers above keep across the members of this session (the block memo).
        self.cache: dict[str, Any] = {}

    def load(self, lp: LPArrays) -> str:
        """Make HiGHS hold ``lp``; return how (built, rebuilt with the reason, in place)."""
        if self.highs is None or self.held is None:
            self._pass(lp)
            return "built"
        reason = structure_change(self.held, lp)
        live = self._live_of(lp) if self.prune and not reason else None
        if live is not None and not live.same(self.live):
            assert self.live is not None
            reason = (f"the part that can carry something changed: {len(self.live.cols):,} -> "
                      f"{len(live.cols):,} columns, {len(self.live.rows):,} -> "
                      f"{len(live.rows):,} rows")
        if reason:
            self._pass(lp)
            return f"rebuilt: {reason}"
        changes = self._update(self.held, lp)
        self.held, self.live = lp, live
        return "updated in place: " + (", ".join(changes) if changes else "nothing changed")

    def _live_of(self, lp: LPArrays) -> Live:
        """The live part of ``lp``: the held one's when nothing it depends on changed."""
        held, live = self.held, self.live
        if held is not None and live is not None and same_live_part(lp, held):
            return live
        return live_part(lp)

    def _pass(self, lp: LPArrays) -> None:
        if self.highs is None:
            with _quiet_stdout():  # the first Highs() of a process prints a banner on fd 1
                self.highs = highspy.Highs()
        self.highs.clearModel()
        self._cold = True
        self.highs.setOptionValue("output_flag", False)
        self.live = live_part(lp) if self.prune else None
        inner = lp if self.live is None else reduce(lp, self.live)
        a = inner.A
        self.highs.passModel(inner.shape[1], inner.shape[0], a.nnz, 1, 1, 0.0, inner.cost,
                             inner.col_lower, inner.col_upper, inner.row_lower,
                             inner.row_upper, np.asarray(a.indptr, dtype=np.int32),
                             np.asarray(a.indices, dtype=np.int32), np.asarray(a.data, float),
                             inner.integrality.astype(np.int32))
        self.held = lp

    def _update(self, held: LPArrays, lp: LPArrays) -> list[str]:
        """Move HiGHS from ``held`` to ``lp`` (whose live part is the held one's); what
        changed in the member's LP (in a pruning session, changes to its dead part need
        nothing from HiGHS)."""
        h = self.highs
        assert h is not None
        changes = []
        idx = _changed(held.cost, lp.cost)
        if len(idx):
            changes.append(f"{len(idx):,} costs")
            at, idx = self._columns(idx)
            h.changeColsCost(len(at), at, lp.cost[idx])
        idx = np.union1d(_changed(held.col_lower, lp.col_lower),
                         _changed(held.col_upper, lp.col_upper))
        if len(idx):
            changes.append(f"{len(idx):,} column bounds")
            at, idx = self._columns(idx)
            h.changeColsBounds(len(at), at, lp.col_lower[idx], lp.col_upper[idx])
        idx = np.union1d(_changed(held.row_lower, lp.row_lower),
                         _changed(held.row_upper, lp.row_upper))
        if len(idx):
            changes.append(f"{len(idx):,} row bounds")
            at, idx = self._rows(idx)
            h.changeRowsBounds(  # type: ignore[attr-defined]
                len(at), at, lp.row_lower[idx], lp.row_upper[idx])
        idx = _changed(held.integrality, lp.integrality)
        if len(idx):
            changes.append(f"{len(idx):,} integrality flags")
            at, idx = self._columns(idx)
            h.changeColsIntegrality(len(at), at, lp.integrality[idx].astype(np.uint8))
        rows, cols, values = _changed_coefficients(held.A, lp.A)
        if len(rows):
            changes.append(f"{len(rows):,} coefficients")
        if len(rows) and self.live is not None:
            live_rows, row_at = self.live.row_positions(rows)
            live_cols, col_at = self.live.col_positions(cols)
            keep = live_rows & live_cols
            rows = row_at[keep[live_rows]]
            cols, values = col_at[keep[live_cols]], values[keep]
        for r, c, v in zip(rows.tolist(), cols.tolist(), values.tolist(), strict=True):
            h.changeCoeff(int(r), int(c), float(v))
        return changes

    def _columns(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of whole-LP columns ``idx``: HiGHS's numbers of the live ones, and those columns."""
        if self.live is None:
            return idx.astype(np.int32), idx
        inside, at = self.live.col_positions(idx)
        return at.astype(np.int32), idx[inside]

    def _rows(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of whole-LP rows ``idx``: HiGHS's numbers of the live ones, and those rows."""
        if self.live is None:
            return idx.astype(np.int32), idx
        inside, at = self.live.row_positions(idx)
        return at.astype(np.int32), idx[inside]

    def _options(self, options: SessionOptions) -> None:
        h = self.highs
        assert h is not None
        h.resetOptions()
        h.setOptionValue("output_flag", False)
        if options.time_limit_s is not None:
            h.setOptionValue("time_limit", float(options.time_limit_s))
        if options.threads is not None:
            if options.threads != self._threads:
                # HiGHS keeps one global thread pool per process; another thread count
                # fails with "unknown" status unless the pool is reset first.
                highspy.Highs.resetGlobalScheduler(True)
                self._threads = options.threads
            h.setOptionValue("threads", int(options.threads))
        elif self._threads is not None:  # keep the pool's thread count
            h.setOptionValue("threads", int(self._threads))
        if options.mip_gap is not None:
            h.setOptionValue("mip_rel_gap", float(options.mip_gap))
        for key, value in options.highs_options.items():
            h.setOptionValue(key, value)

    def _solve(self, options: SessionOptions, mip: bool) -> None:
        """Run HiGHS: a cold LP by the interior point method unless the caller chose a
        solver (the simplex again when it cannot classify the LP), a warm one as set."""
        h = self.highs
        assert h is not None
        cold = self._cold and not mip and "solver" not in options.highs_options
        if cold:
            for key, value in _COLD.items():
                h.setOptionValue(key, value)
        h.run()
        if cold and STATUS.get(h.getModelStatus(), "unknown") in _RETRY:
            self._options(options)
            h.run()
        self._cold = False

    def run(self, options: SessionOptions, load: str = "") -> Outcome:
        """Solve the LP held now; MILP when any column is integer."""
        h, lp = self.highs, self.held
        assert h is not None and lp is not None
        self._options(options)
        live = self.live
        inner = _Columns.of(lp, live)
        mip = bool(inner.integrality.any())
        start = time.perf_counter()
        ran = float(h.getRunTime())  # HiGHS's run clock adds up over the runs of a session
        self._solve(options, mip)
        seconds = time.perf_counter() - start
        model_status = h.getModelStatus()
        status = STATUS.get(model_status, "unknown")
        info = h.getInfo()
        has_solution = int(info.primal_solution_status) == 2
        solution = h.getSolution()
        x = np.array(solution.col_value, dtype=float) if has_solution else None
        objective = float(info.objective_function_value) if has_solution else None
        out = Outcome(status, str(h.modelStatusToString(model_status)), has_solution,
                      objective, None, None, x, None, seconds, float(h.getRunTime()) - ran,
                      str(h.version()), load, mip)
        if mip:
            out.bound, out.gap = float(info.mip_dual_bound), float(info.mip_gap)
            if has_solution and status == "optimal":
                out.row_dual = self._fixed_duals(inner, x)
        elif status == "optimal":
            out.bound = objective
            out.row_dual = np.array(solution.row_dual, dtype=float)
            if options.ranging:
                ranged, ranging = h.getRanging()
                if ranged == highspy.HighsStatus.kOk and ranging.valid:
                    n = len(inner.integrality)  # HiGHS's array may be longer than the columns
                    out.cost_up = np.array(ranging.col_cost_up.value_, dtype=float)[:n]
        if status in ("infeasible", "infeasible_or_unbounded"):
            self._iis(inner, out)
        if live is not None:
            _whole(out, lp, live)
        return out

    def _fixed_duals(self, lp: _Columns, x: np.ndarray | None) -> np.ndarray | None:
        """Duals of the LP with the integer columns fixed at ``x``; the MILP is restored."""
        h = self.highs
        assert h is not None and x is not None
        idx = np.flatnonzero(lp.integrality).astype(np.int32)
        fixed = np.round(x[idx])
        h.changeColsIntegrality(len(idx), idx, np.zeros(len(idx), dtype=np.uint8))
        h.changeColsBounds(len(idx), idx, fixed, fixed)
        h.run()
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        duals = np.array(h.getSolution().row_dual, dtype=float) if ok else None
        h.changeColsBounds(len(idx), idx, lp.col_lower[idx], lp.col_upper[idx])
        h.changeColsIntegrality(len(idx), idx, lp.integrality[idx].astype(np.uint8))
        return duals

    def _iis(self, lp: _Columns, out: Outcome) -> None:
        """An irreducible infeasible subsystem (HiGHS ``iis_strategy=6``) of this LP.

        HiGHS's IIS is for LPs: a MILP is diagnosed through its relaxation, which is
        restored afterwards.
        """
        h = self.highs
        assert h is not None
        idx = np.flatnonzero(lp.integrality).astype(np.int32)
        try:
            if len(idx):
                h.changeColsIntegrality(len(idx), idx, np.zeros(len(idx), dtype=np.uint8))
                h.run()
                if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                    out.iis_note = ("the LP relaxation is feasible: the whole-unit (integer) "
                                    "decisions cause the infeasibility")
                    return
            h.setOptionValue("iis_strategy", 6)
            status, iis = h.getIis()
            if status != highspy.HighsStatus.kOk or not iis.valid_:
                out.iis_note = f"HiGHS could not compute an IIS ({status})"
                return
            out.iis_rows = [(int(r), _BOUND_SIDE.get(int(b), "")) for r, b in
                            zip(iis.row_index_, iis.row_bound_, strict=True)]
            out.iis_cols = [(int(c), _BOUND_SIDE[int(b)]) for c, b in
                            zip(iis.col_index_, iis.col_bound_, strict=True)
                            if int(b) in _BOUND_SIDE]
        finally:
            if len(idx):
                h.changeColsIntegrality(len(idx), idx, lp.integrality[idx].astype(np.uint8))

    @classmethod
    def least(cls, lp: LPArrays) -> Outcome:
        """Solve ``lp`` once in a new session (e.g. the member's LP with another objective)."""
        session = cls()
        session.load(lp)
        return session.run(SessionOptions())

    def held_arrays(self) -> dict[str, np.ndarray]:
        """What HiGHS holds now, as arrays (for tests: it must equal the member's LP, or in a
        pruning session its live part, ``model.lp.live.reduce``)."""
        h = self.highs
        assert h is not None
        held = h.getLp()
        a = held.a_matrix_
        n = int(held.num_col_)
        matrix = sp.csc_array((np.asarray(a.value_), np.asarray(a.index_),
                               np.asarray(a.start_)), shape=(int(held.num_row_), n))
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        matrix.sort_indices()
        integrality = np.asarray(held.integrality_, dtype=np.int32)
        return {"A": matrix, "cost": np.asarray(held.col_cost_),
                "col_lower": np.asarray(held.col_lower_), "col_upper": np.asarray(held.col_upper_),
                "row_lower": np.asarray(held.row_lower_), "row_upper": np.asarray(held.row_upper_),
                "integrality": integrality if len(integrality) else np.zeros(n, np.int32)}
