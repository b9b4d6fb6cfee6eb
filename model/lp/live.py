r"""The part of an LP that can carry something, and the duals of the rest.

A balance-like row :math:`\sum_j a_{ij} x_j = 0` whose live columns all have bounds
:math:`0 \le x_j` (lower bound exactly 0) and coefficients of one sign forces each of them
to 0: a material that reaches a node but can never leave it, or leaves it but can never reach
it. Fixing those columns can make more rows forcing; the rounds repeat until none is found
(HiGHS's presolve calls the rule "forcing row"). Columns fixed at 0 by their bounds are dead
from the start; a row all of whose columns are dead is dead.

A cold solve does not need this (HiGHS presolves), but a warm re-solve from a basis runs
without presolve; a session that re-solves hands HiGHS only the live part (``reduce``), puts
the dead columns back at 0 and completes the dead rows' duals (``complete_duals``) so that
every row has an optimal dual of the whole LP:

.. math::

   d_j = c_j - \sum_i a_{ij} y_i \ge 0 \quad \text{for every forced column } j

Row by row, in the reverse order of the rounds, a forcing row's dual is the tightest value
that keeps the reduced costs of the columns it forced non-negative (with :math:`a > 0`:
:math:`y_i = \min_j (c_j - \sum_{k \ne i} a_{kj} y_k) / a_{ij}`; with :math:`a < 0` the
maximum): the value at which the best of them breaks even, which is what one more unit at
that row would be worth. Dead rows that forced nothing get 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from model.lp.program import LPArrays

__all__ = ["Live", "complete_duals", "live_part", "reduce", "same_live_part"]


@dataclass(frozen=True)
class Live:
    """The live columns and rows of an LP, and when each dead one was found."""

    cols: np.ndarray  # live columns, increasing
    rows: np.ndarray  # live rows, increasing
    round_of_row: np.ndarray  # per row: the round it forced its columns in (-1: none)
    forced_in: np.ndarray  # per column: the round it was forced to 0 in (-1: not forced)
    shape: tuple[int, int]  # of the whole LP (rows, columns)
    #: (row, column, coefficient) of each entry by which a row forced a column, by round
    forcing: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...] = ()

    @property
    def whole(self) -> bool:
        """Whether nothing is dead."""
        return len(self.cols) == self.shape[1] and len(self.rows) == self.shape[0]

    def same(self, other: Live | None) -> bool:
        """Whether ``other`` has the same live part (and so the same reduced LP shape)."""
        return (other is not None and self.shape == other.shape
                and np.array_equal(self.cols, other.cols)
                and np.array_equal(self.rows, other.rows))

    def col_positions(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of whole-LP columns ``idx``: which are live, and their positions in the live part."""
        return _positions(self.cols, idx)

    def row_positions(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of whole-LP rows ``idx``: which are live, and their positions in the live part."""
        return _positions(self.rows, idx)


def _positions(kept: np.ndarray, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.asarray(idx, np.int64)
    at = np.searchsorted(kept, idx)
    inside = at < len(kept)
    inside[inside] = kept[at[inside]] == idx[inside]
    return inside, at[inside]


def _entries(lp: LPArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, coefficient) of every stored entry of ``lp.A`` (CSC order)."""
    a = lp.A
    col = np.repeat(np.arange(a.shape[1]), np.diff(a.indptr))
    return np.asarray(a.indices, np.int64), col, np.asarray(a.data, float)


def _depends_on(lp: LPArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the live part reads besides the matrix: the columns fixed at 0, those bounded
    below by exactly 0 (x >= 0: its sign is its coefficient's) and the rows ``= 0``."""
    return ((lp.col_lower == 0) & (lp.col_upper == 0), lp.col_lower == 0,
            (lp.row_lower == 0) & (lp.row_upper == 0))


def same_live_part(lp: LPArrays, other: LPArrays) -> bool:
    """Whether ``lp`` has the live part of ``other`` without finding it again: the same
    matrix (object) and the same of everything else ``live_part`` reads."""
    return lp.A is other.A and all(np.array_equal(a, b) for a, b in
                                   zip(_depends_on(lp), _depends_on(other), strict=True))


def live_part(lp: LPArrays) -> Live:
    """The columns and rows of ``lp`` that can carry something (see the module docstring)."""
    n_rows, n_cols = lp.shape
    row, col, coef = _entries(lp)
    fixed, one_sided, zero_rhs = _depends_on(lp)
    live = ~fixed
    round_of_row = np.full(n_rows, -1, np.int64)
    forced_in = np.full(n_cols, -1, np.int64)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    rounds = 0
    while True:
        on = live[col] & (coef != 0)
        plus = np.bincount(row[on & (coef > 0)], minlength=n_rows) > 0
        minus = np.bincount(row[on & (coef < 0)], minlength=n_rows) > 0
        either = np.bincount(row[on & ~one_sided[col]], minlength=n_rows) > 0
        forcing = zero_rhs & (plus ^ minus) & ~either
        forced = np.zeros(n_cols, bool)
        forced[col[on & forcing[row]]] = True
        if not forced.any():
            break
        round_of_row[forcing] = rounds
        forced_in[forced] = rounds
        pick = on & forcing[row]
        entries.append((row[pick], col[pick], coef[pick]))
        live &= ~forced
        rounds += 1
    on = live[col] & (coef != 0)
    rows = np.flatnonzero(np.bincount(row[on], minlength=n_rows) > 0)
    return Live(np.flatnonzero(live), rows, round_of_row, forced_in, (n_rows, n_cols),
                tuple(entries))


def reduce(lp: LPArrays, live: Live) -> LPArrays:
    """The live part of ``lp`` as an LP of its own (columns and rows renumbered in order)."""
    if live.whole:
        return lp
    matrix = sp.csc_array(lp.A[:, live.cols][live.rows, :])
    matrix.sort_indices()
    return LPArrays(matrix, lp.cost[live.cols], lp.col_lower[live.cols],
                    lp.col_upper[live.cols], lp.row_lower[live.rows], lp.row_upper[live.rows],
                    lp.integrality[live.cols])


def complete_duals(lp: LPArrays, live: Live, live_duals: np.ndarray) -> np.ndarray:
    """Row duals of the whole ``lp`` (HiGHS's sign: ``d = c - A^T y``) from those of its live
    part: the dead rows' completed as the module docstring says (``live`` must be of ``lp``'s
    matrix: its forcing entries are read, not found again)."""
    y = np.zeros(live.shape[0])
    y[live.rows] = live_duals
    for round_ in range(len(live.forcing) - 1, -1, -1):
        r, c, a = live.forcing[round_]
        in_round = live.round_of_row == round_
        base = lp.cost - lp.A.T @ np.where(in_round, 0.0, y)  # without this round's rows
        _tightest(y, r, a, base[c] / a)
        shared = np.bincount(c, minlength=live.shape[1])[c] > 1
        for i in np.unique(r[shared]):  # a column two rows of the round forced: in turn
            mine = r == i
            others = (lp.cost - lp.A.T @ y)[c[mine]] + a[mine] * y[i]
            _tightest(y, np.full(int(mine.sum()), i), a[mine], others / a[mine])
    return y


def _tightest(y: np.ndarray, rows: np.ndarray, coef: np.ndarray, ratio: np.ndarray) -> None:
    """``y[i]``: the least ratio of row ``i``'s entries with ``a > 0``, the greatest with
    ``a < 0`` (a forcing row's entries all have one sign)."""
    low = np.full(len(y), np.inf)
    np.minimum.at(low, rows[coef > 0], ratio[coef > 0])
    high = np.full(len(y), -np.inf)
    np.maximum.at(high, rows[coef < 0], ratio[coef < 0])
    y[np.isfinite(low)] = low[np.isfinite(low)]
    y[np.isfinite(high)] = high[np.isfinite(high)]
