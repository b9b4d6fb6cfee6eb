"""The magnitudes in an LP, and a warning when they are numerically dangerous.

HiGHS works in double precision with absolute feasibility and optimality tolerances of about
1e-7. A matrix whose non-zero magnitudes span more than ``RATIO_LIMIT``, or any coefficient,
cost or finite bound or right-hand side of ``VALUE_LIMIT`` or more, leaves too few digits
for those tolerances: the solver may report "optimal" for a wrong answer, or fail. An
infinite cost or coefficient (a price that overflowed) is always reported.

``ranges`` gives the smallest and largest non-zero magnitude of each part of the LP (matrix,
cost, bound, rhs); the result cube stores them (``coefficient_ranges``). Infinite and huge
values are kept, except infinite bounds and right-hand sides, which mean "no bound". Matrix
entries at or below ``RESIDUE`` times the largest entry of their row or column are rounding
residues of a difference (``out - rate * in`` of a process that exactly meets a recovery
rate: 1.4e-17 in the default data) and left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.lp.program import LPArrays, Program

__all__ = [
    "RATIO_LIMIT", "VALUE_LIMIT", "Extent", "check_numerics", "extents", "numerics_warning",
    "ranges",
]

log = logging.getLogger(__name__)

RATIO_LIMIT = 1e9  # largest over smallest non-zero |matrix coefficient|
VALUE_LIMIT = 1e10  # any |coefficient|, |cost|, finite |bound| or |rhs|
RESIDUE = 1e-12  # relative to the largest |coefficient| of the same row or column


@dataclass(frozen=True)
class Extent:
    """Smallest and largest non-zero magnitude of one part of the LP, and where they are."""

    low: float
    high: float
    low_at: str
    high_at: str

    @property
    def ratio(self) -> float:
        """Largest over smallest magnitude."""
        return self.high / self.low


Namer = Callable[[int], str]


def _namer(program: Program | None, positions: np.ndarray | None, kind: str) -> Namer:
    """The family of LP column (``kind='columns'``) or row ``i``, as ``'name'``."""
    if program is None:
        return lambda i: "?"
    if kind == "columns":
        pairs = [(f.name, len(f)) for f in program.columns.values()]
    else:
        pairs = [(f.name, f.n_rows) for f in program.rows.values()]
    ends = np.cumsum([size for _, size in pairs])

    def name(i: int) -> str:
        k = i if positions is None else int(positions[i])
        return f"'{pairs[int(np.searchsorted(ends, k, side='right'))][0]}'" if k >= 0 else (
            "added by a script")

    return name


def _extent(values: np.ndarray, name: Namer, own: bool = False) -> Extent | None:
    """The extent of ``values`` (zeros and NaN left out); ``name(i)`` says where value i is.

    ``own``: ``values`` are magnitudes in an array of the caller's that may be overwritten
    (no copy is made: at L the matrix has 2.3 million entries)."""
    magnitude = values if own else np.abs(np.asarray(values, dtype=float))
    invalid = ~(magnitude > 0)  # True for NaN
    if invalid.all():
        return None
    np.copyto(magnitude, np.inf, where=invalid)
    low = int(np.argmin(magnitude))
    low = low if not invalid[low] else int(np.argmin(invalid))  # every valid one is infinite
    np.copyto(magnitude, -1.0, where=invalid)
    high = int(np.argmax(magnitude))
    return Extent(float(magnitude[low]), float(magnitude[high]), name(low), name(high))


def _residues(data: np.ndarray, row: np.ndarray, col: Callable[[], np.ndarray]) -> np.ndarray:
    """Positions of the entries at or below ``RESIDUE`` times their row's or column's largest.

    Only rows and columns holding a candidate (tiny against the whole matrix) are scanned;
    ``col()`` gives each entry's column (made only when there is a candidate).
    """
    if not data.size:
        return np.empty(0, np.int64)
    tiny = np.flatnonzero(data <= RESIDUE * np.fmax.reduce(data, initial=0.0))  # NaN: not
    if not tiny.size:
        return tiny
    largest = np.zeros(len(tiny))
    for index in (row, col()):
        hit = np.zeros(int(index.max()) + 1, dtype=bool)
        hit[index[tiny]] = True
        scan = np.flatnonzero(hit[index])
        top = np.zeros(len(hit))
        np.maximum.at(top, index[scan], np.fmax(data[scan], 0.0))  # NaN as 0
        largest = np.maximum(largest, top[index[tiny]])
    return tiny[data[tiny] <= RESIDUE * largest]


def _matrix(lp: LPArrays, cols: Namer, rows: Namer) -> Extent | None:
    """The matrix's extent without rounding residues (see the module docstring)."""
    data = np.abs(np.asarray(lp.A.data, dtype=float))
    row = np.asarray(lp.A.indices)
    indptr = np.asarray(lp.A.indptr)

    def col() -> np.ndarray:
        return np.repeat(np.arange(lp.shape[1]), np.diff(indptr))

    data[_residues(data, row, col)] = 0.0

    def name(k: int) -> str:
        column = int(np.searchsorted(indptr, k, side="right")) - 1
        return f"row family {rows(int(row[k]))}, column family {cols(column)}"

    return _extent(data, name, own=True)


def _finite(lower: np.ndarray, upper: np.ndarray, family: str, name: Namer) -> Extent | None:
    """The extent of finite bounds (an infinite one means no bound)."""
    values = np.abs(np.concatenate([lower, upper]).astype(float))
    np.copyto(values, 0.0, where=np.isinf(values))
    return _extent(values, lambda k: f"{family} {name(k % len(lower))}", own=True)


def extents(
    lp: LPArrays, program: Program | None = None, col_of: np.ndarray | None = None,
    row_of: np.ndarray | None = None, matrix: Extent | None = None,
) -> dict[str, Extent]:
    """The extent of the matrix, cost, bound and rhs of ``lp``, named by family.

    ``program`` names the families; ``col_of``/``row_of`` map the LP's columns and rows to
    the program's when they differ (a Pyomo model a script edited, ``model.lp.compile``).
    ``matrix``: the matrix's extent when known (the same matrix as the last member's).
    """
    cols = _namer(program, col_of, "columns")
    rows = _namer(program, row_of, "rows")
    parts = {"matrix": matrix or _matrix(lp, cols, rows),
             "cost": _extent(lp.cost, lambda j: f"column family {cols(j)}"),
             "bound": _finite(lp.col_lower, lp.col_upper, "column family", cols),
             "rhs": _finite(lp.row_lower, lp.row_upper, "row family", rows)}
    return {name: extent for name, extent in parts.items() if extent is not None}


def ranges(lp: LPArrays) -> dict[str, tuple[float, float]]:
    """Smallest and largest non-zero magnitude of each part (infinite costs included)."""
    return {name: (e.low, e.high) for name, e in extents(lp).items()}


def numerics_warning(found: dict[str, Extent]) -> str:
    """The text of the warning about ``found`` ('' when every range is safe)."""
    lines = []
    matrix = found.get("matrix")
    if matrix is not None and matrix.ratio > RATIO_LIMIT:
        lines.append(f"matrix |coefficients| span {matrix.ratio:.3g} (over {RATIO_LIMIT:g}): "
                     f"from {matrix.low:.3g} ({matrix.low_at}) to {matrix.high:.3g} "
                     f"({matrix.high_at})")
    for name, extent in found.items():
        if extent.high >= VALUE_LIMIT:
            lines.append(f"{name} |value| {extent.high:.3g} (at least {VALUE_LIMIT:g}) in "
                         f"{extent.high_at}")
    if not lines:
        return ""
    return ("The LP's magnitudes are numerically dangerous; HiGHS may return a wrong "
            "'optimal' or fail:\n" + "\n".join(f"  - {line}" for line in lines)
            + "\nCheck the units of the tables behind these families, or rescale (masses in "
              "kt, money in MCNY).")


def check_numerics(
    lp: LPArrays, program: Program, col_of: np.ndarray | None = None,
    row_of: np.ndarray | None = None, matrix: Extent | None = None,
) -> dict[str, Extent]:
    """Log a warning when the LP's magnitudes are dangerous; return the extents found
    (``matrix``: the matrix's, when known)."""
    found = extents(lp, program, col_of, row_of, matrix)
    text = numerics_warning(found)
    if text:
        log.warning("%s", text)
    return found
