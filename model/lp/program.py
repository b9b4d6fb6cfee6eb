"""One program object: column families and row families as arrays, with their keys.

A *column family* (``Columns``) is one flat block of variables ``0..n-1`` with a DataFrame of
keys (the sparse index set), bounds and integrality. A *row family* (``Rows``) is one block of
rows built from (row, column, coefficient) arrays, stored as CSR over all columns. Blocks add
families and declare their cost, emission and balance terms here; they return the families
as typed handles that later blocks receive as arguments (no lookup by name). The objective is
the discounted sum of the cost terms. Both backends (Pyomo and the lean HiGHS path) and the
result cube read this one object, so every coefficient has one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from model.data.codes import by_runs, factorize, numbered

__all__ = [
    "BalanceTerm",
    "Columns",
    "CostTerm",
    "EmissionTerm",
    "LPArrays",
    "Program",
    "Rows",
    "Terms",
    "distinct",
    "groups",
    "kept_groups",
    "positions",
    "year_codes",
    "year_numbers",
]


@dataclass(frozen=True)
class Columns:
    """A family of columns: keys, integrality and display metadata (its bounds are data of
    the program, ``Program.bounds``: the handle is structure only, the same for members that
    differ in values)."""

    name: str
    block: str
    keys: pd.DataFrame
    integer: bool
    units: str
    long_name: str
    offset: int  # first column of the family in the program

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def span(self) -> slice:
        """The family's columns in the program."""
        return slice(self.offset, self.offset + len(self.keys))


@dataclass(frozen=True)
class Rows:
    """A family of rows ``lower <= A x <= upper``; ``kept`` marks keys that became rows."""

    name: str
    block: str
    keys: pd.DataFrame
    kept: np.ndarray
    indptr: np.ndarray  # CSR of the kept rows over all program columns
    columns: np.ndarray
    coefs: np.ndarray
    lower: np.ndarray  # of the kept rows
    upper: np.ndarray
    dual_units: str
    long_name: str
    offset: int  # first row of the family in the program

    @property
    def n_rows(self) -> int:
        """Number of kept rows."""
        return len(self.indptr) - 1

    @property
    def span(self) -> slice:
        """The family's rows in the program."""
        return slice(self.offset, self.offset + self.n_rows)

    def per_key(self, values: np.ndarray) -> np.ndarray:
        """Values of the kept rows spread over all keys (NaN where no row was kept)."""
        out = np.full(len(self.keys), np.nan)
        out[self.kept] = values
        return out


@dataclass(frozen=True)
class Terms:
    """Coefficients of ``family`` columns ``col`` in rows ``row`` of the family being added."""

    family: Columns
    row: np.ndarray
    col: np.ndarray
    coef: np.ndarray


@dataclass(frozen=True)
class CostTerm:
    """Undiscounted cost (CNY) of ``coef * family[col]`` in model year ``year``; revenue < 0."""

    category: str
    family: Columns
    col: np.ndarray
    coef: np.ndarray
    year: np.ndarray


@dataclass(frozen=True)
class EmissionTerm:
    """Emissions (tCO2e) of ``coef * family[col]`` in ``year``, of type ``source``, at
    ``node`` (where they are counted: a process's node, a route's origin, a disposal site);
    ``node_rows``: those nodes' rows in the node set, when known (-1: not in it)."""

    source: str
    family: Columns
    col: np.ndarray
    coef: np.ndarray
    year: np.ndarray
    node: np.ndarray
    node_rows: np.ndarray | None = None


@dataclass(frozen=True)
class BalanceTerm:
    """Contribution ``coef * family[col]`` to the balance of (node, material, year) rows.

    Positive ``coef`` is a use of the material at the node, negative a source.
    """

    family: Columns
    col: np.ndarray
    coef: np.ndarray
    at: pd.DataFrame  # columns node, material, year; one row per entry of col


@dataclass(frozen=True)
class LPArrays:
    """``row_lower <= A x <= row_upper``, ``col_lower <= x <= col_upper``, min ``cost x``."""

    A: sp.csc_array
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integrality: np.ndarray  # 1 for integer columns (when integers are enforced), else 0
    families: tuple[Rows, ...] = ()  # the row families ``A`` was made from (for reuse)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return int(self.A.shape[0]), int(self.A.shape[1])


def positions(index_keys: pd.DataFrame, wanted: pd.DataFrame | list[pd.DataFrame],
              labels: dict[str, pd.Index] | None = None) -> np.ndarray:
    """Row numbers in ``index_keys`` of each row of ``wanted`` (same columns); -1 if absent.

    ``wanted`` may be a list of frames (their rows in order, not joined first). A column
    named in ``labels`` is coded by that index (a dimension's set, whose hash table is built
    once), others are factorized.
    """
    columns = list(index_keys.columns)
    parts = wanted if isinstance(wanted, list) else [wanted]
    n, total = len(index_keys), sum(len(w) for w in parts)
    if n == 0 or total == 0:
        return np.full(total, -1, dtype=np.int64)
    have, want = np.zeros(n, np.int64), np.zeros(total, np.int64)
    room = 1
    for column in columns:  # each key as one integer: the codes of its columns, mixed radix
        codes, size = _codes([index_keys[column], *(w[column] for w in parts)],
                             (labels or {}).get(column))
        room *= max(size, 1)
        if room >= 2**62:  # too many combinations for one integer: pandas' MultiIndex
            index = pd.MultiIndex.from_frame(index_keys[columns])
            joined = pd.concat([w[columns] for w in parts], ignore_index=True)
            return index.get_indexer(pd.MultiIndex.from_frame(joined)).astype(np.int64)
        have = have * size + codes[:n]
        want = want * size + codes[n:]
    if room <= _DENSE * (n + total):  # few possible keys: a table, not a hash
        table = np.full(room, -1, dtype=np.int64)
        table[have] = np.arange(n)
        return table[want]
    return pd.Index(have).get_indexer(want).astype(np.int64)


_DENSE = 8  # positions by a dense table of all possible keys up to this many per key row


def _codes(columns: list[pd.Series], labels: pd.Index | None) -> tuple[np.ndarray, int]:
    """One code per value of ``columns`` (joined in order) and the number of codes: integers
    by their offset from the smallest, values of ``labels`` by position in it (when every
    value is one), others by factorizing."""
    if all(isinstance(c.dtype, np.dtype) and c.dtype.kind in "iu" for c in columns):
        joined = np.concatenate([c.to_numpy(dtype=np.int64) for c in columns])
        low, high = int(joined.min()), int(joined.max())
        if high - low < 2 * len(joined) + 1024:  # a dense range (years): offsets
            return joined - low, high - low + 1
    if labels is not None:
        codes = np.concatenate([by_runs(c.array, labels.get_indexer) for c in columns])
        if not (codes < 0).any():
            return codes.astype(np.int64, copy=False), len(labels)
    return _factorized(np.concatenate([c.to_numpy() for c in columns]))


def _factorized(values: np.ndarray) -> tuple[np.ndarray, int]:
    """``pd.factorize(values)``'s codes (by runs of equal neighbours) and number of codes."""
    codes, uniques = factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), len(uniques)


def distinct(keys: pd.DataFrame, labels: dict[str, pd.Index]) -> pd.DataFrame:
    """``keys.drop_duplicates().reset_index(drop=True)``: the first row of each key.

    Each key is one integer of its columns' codes (mixed radix); a column named in
    ``labels`` is coded by that index (a dimension's set, whose hash table is built once: at
    L 37 ms against 58 ms to factorize 620k route names), others are factorized.
    """
    code = np.zeros(len(keys), np.int64)
    room = 1
    for column in keys.columns:
        values = keys[column].array
        index = labels.get(column)
        codes = by_runs(values, index.get_indexer) if index is not None else None
        if codes is None or (codes < 0).any():  # not every value is a label: factorize
            codes, size = _factorized(values)
        else:
            size = len(index)  # type: ignore[arg-type]
        room *= max(size, 1)
        if room >= 2**62:
            return keys.drop_duplicates().reset_index(drop=True)
        code = code * size + codes
    first = np.sort(np.unique(code, return_index=True)[1])
    return keys.take(first).reset_index(drop=True)


def groups(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For one integer ``code`` per key row: the first row of each distinct code, in order of
    appearance (what ``distinct`` keeps), and each row's group (its code's number among them).

    With the codes of a key frame's columns (positions in their sets, years by offset) this
    is ``distinct`` and ``positions`` of the rows in it, without hashing the labels again.
    """
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse.reshape(-1)]


def year_codes(years: np.ndarray) -> tuple[np.ndarray, int]:
    """Each year's offset from the first year present, and the number of offsets."""
    years = np.asarray(years, dtype=np.int64)
    if not len(years):
        return years, 1
    low = int(years.min())
    return years - low, int(years.max()) - low + 1


def year_numbers(years: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The position in ``years`` (distinct) of each of ``wanted``; -1 if not among them. By
    a table over the years' span (a search where they lie far apart), not a hash."""
    every = np.asarray(years, dtype=np.int64)
    wanted = np.asarray(wanted, dtype=np.int64)
    if not len(every):
        return np.full(len(wanted), -1, dtype=np.int64)
    low, span = int(every.min()), int(every.max()) - int(every.min()) + 1
    if span > 64 * len(every):
        index = pd.Index(every)
        return np.asarray(index.get_indexer(wanted), dtype=np.int64)
    number = np.full(span + 1, -1, dtype=np.int64)  # the last: a year outside the span
    number[every - low] = np.arange(len(every))
    offset = wanted - low
    offset[(offset < 0) | (offset >= span)] = span
    return number[offset]


def kept_groups(group: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Each row's position among the kept groups (``kept``: a mask over the groups), -1 for
    a row of a group not kept: ``positions(distinct_keys[kept], rows)``."""
    number = np.cumsum(kept) - 1
    return np.where(kept[group], number[group], -1).astype(np.int64)


def _bound(values: np.ndarray | None, n: int, default: float) -> np.ndarray:
    if values is None:
        return np.full(n, default)
    return np.where(np.isnan(values), default, np.asarray(values, dtype=float))


@dataclass
class Program:
    """The linear program of one member: families, terms and the discounted objective."""

    discount: dict[int, float]
    columns: dict[str, Columns] = field(default_factory=dict)
    rows: dict[str, Rows] = field(default_factory=dict)
    cost_terms: list[CostTerm] = field(default_factory=list)
    emission_terms: list[EmissionTerm] = field(default_factory=list)
    balance_terms: list[BalanceTerm] = field(default_factory=list)
    bounds: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    n_columns: int = 0
    n_rows: int = 0

    def add_columns(
        self, block: str, name: str, keys: pd.DataFrame, units: str, long_name: str,
        upper: np.ndarray | None = None, lower: np.ndarray | None = None,
        integer: bool = False,
    ) -> Columns:
        """Add a family of columns ``block.name`` (default bounds ``0 <= x < inf``)."""
        if name in self.columns:
            raise ValueError(f"column family {name!r} exists already")
        keys = numbered(keys)
        n = len(keys)
        family = Columns(name, block, keys, integer, units, long_name, self.n_columns)
        self.bounds[name] = (np.maximum(_bound(lower, n, 0.0), 0.0), _bound(upper, n, np.inf))
        self.n_columns += n
        self.columns[name] = family
        return family

    def add_rows(
        self, block: str, name: str, keys: pd.DataFrame, terms: list[Terms],
        lower: np.ndarray, upper: np.ndarray, dual_units: str, long_name: str,
    ) -> Rows:
        """Add ``lower <= sum(terms) <= upper`` for each row of ``keys`` as ``block.name``.

        Rows without any term or without any finite bound are left out (``kept`` False);
        terms naming rows outside ``keys`` are ignored.
        """
        if name in self.rows:
            raise ValueError(f"row family {name!r} exists already")
        keys = numbered(keys)
        n = len(keys)
        row, col, coef = _stack(terms)
        inside = (row >= 0) & (row < n)
        if not inside.all():
            row, col, coef = row[inside], col[inside], coef[inside]
        if len(row) and not bool(np.all(row[1:] >= row[:-1])):
            order = _stable_order(row, n)
            row, col, coef = row[order], col[order], coef[order]
        starts = np.zeros(n + 1, dtype=np.int64)  # of each row's entries (rows sorted)
        np.cumsum(np.bincount(row, minlength=n), out=starts[1:])
        lower, upper = np.asarray(lower, float), np.asarray(upper, float)
        kept = (starts[1:] > starts[:-1]) & (np.isfinite(lower) | np.isfinite(upper))
        if not kept.all():  # the entries of the rows kept (all of them: no copy)
            in_kept = kept[row]
            col, coef = col[in_kept], coef[in_kept]
        counts = np.diff(starts)[kept]
        family = Rows(name, block, keys, kept,
                      np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                      col, coef, lower[kept], upper[kept],
                      dual_units, long_name, self.n_rows)
        self.n_rows += family.n_rows
        self.rows[name] = family
        return family

    def objective(self) -> np.ndarray:
        """Discounted objective coefficient of every column."""
        years = np.array(sorted(self.discount), dtype=np.int64)
        factors = np.array([self.discount[int(y)] for y in years])
        terms = [t for t in self.cost_terms if len(t.col)]
        if not terms:
            return np.zeros(self.n_columns)
        columns = np.concatenate([t.family.offset + np.asarray(t.col, np.int64) for t in terms])
        values = np.concatenate([
            t.coef * factors[np.searchsorted(years, np.asarray(t.year, np.int64))]
            for t in terms])  # summed per column in term order, as one by one
        return np.bincount(columns, weights=values, minlength=self.n_columns)

    def reduced_costs(self, row_dual: np.ndarray) -> np.ndarray:
        """Reduced cost ``c - A^T y`` of every column (discounted, as the objective), from
        the row duals in HiGHS's sign convention; NaN duals (rows not in the LP) count 0."""
        reduced = self.objective()
        y = np.nan_to_num(np.asarray(row_dual, dtype=float))
        for rows in self.rows.values():
            if len(rows.coefs):
                per_entry = np.repeat(y[rows.span], np.diff(rows.indptr))
                reduced -= np.bincount(rows.columns, weights=rows.coefs * per_entry,
                                       minlength=self.n_columns)
        return reduced

    def arrays(self, integer: bool = False, like: LPArrays | None = None) -> LPArrays:
        """The whole program as arrays (duplicates summed, explicit zeros dropped).

        ``like``: the arrays of another member (a session's last); its matrix is reused, not
        made again, when every row family has the same entries (the same object, or a
        family that ran again with other bounds only, such as a moved carbon budget).
        """
        rows = tuple(self.rows.values())
        if like is not None and _same_entries(like, rows, (self.n_rows, self.n_columns)):
            matrix = like.A
        else:
            matrix = _matrix(rows, self.n_rows, self.n_columns)
        fams = list(self.columns.values())
        return LPArrays(
            matrix, self.objective(), *self.column_bounds(),
            _concat([r.lower for r in rows]), _concat([r.upper for r in rows]),
            _concat([np.full(len(f), int(integer and f.integer)) for f in fams]).astype(np.int32),
            rows,
        )

    def column_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bound of every column."""
        bounds = [self.bounds[name] for name in self.columns]
        return _concat([b[0] for b in bounds]), _concat([b[1] for b in bounds])

    def family_of_column(self, j: int) -> tuple[Columns, int]:
        """The column family of program column ``j`` and the position in it."""
        for family in self.columns.values():
            if family.offset <= j < family.offset + len(family):
                return family, j - family.offset
        raise IndexError(j)

    def family_of_row(self, i: int) -> tuple[Rows, int]:
        """The row family of program row ``i`` and the key position of that row."""
        for rows in self.rows.values():
            if rows.offset <= i < rows.offset + rows.n_rows:
                return rows, int(np.flatnonzero(rows.kept)[i - rows.offset])
        raise IndexError(i)


def _matrix(rows: tuple[Rows, ...], n_rows: int, n_columns: int) -> sp.csc_array:
    """The CSC matrix of the row families, in order (duplicates summed, zeros dropped)."""
    starts = np.cumsum([0] + [len(r.coefs) for r in rows])
    index = np.int32 if max(int(starts[-1]), n_rows, n_columns) < 2**31 - 1 else np.int64
    indptr = np.concatenate(  # HiGHS takes 32-bit indices, and scipy converts them faster
        [np.zeros(1, index), *[(r.indptr[1:] + s).astype(index) for r, s in
                               zip(rows, starts, strict=False)]])
    csr = sp.csr_array((_concat([r.coefs for r in rows]),
                        np.concatenate([np.empty(0, index), *[r.columns for r in rows]],
                                       dtype=index),
                        indptr), shape=(n_rows, n_columns))
    matrix = csr.tocsc()
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def _same_entries(like: LPArrays, rows: tuple[Rows, ...], shape: tuple[int, int]) -> bool:
    """Whether ``rows`` make the matrix of ``like`` (same shape and row families' entries)."""
    if like.shape != shape or len(like.families) != len(rows):
        return False
    return all(a is b or (a.offset == b.offset and np.array_equal(a.indptr, b.indptr)
                          and np.array_equal(a.columns, b.columns)
                          and np.array_equal(a.coefs, b.coefs))
               for a, b in zip(like.families, rows, strict=True))


def _stable_order(row: np.ndarray, n: int) -> np.ndarray:
    """``np.argsort(row, kind="stable")`` for rows in ``[0, n)``: as 16-bit integers when
    they fit, which NumPy sorts by radix (M, 148k balance entries: 1.7 -> 0.6 ms)."""
    if n <= 1 << 16:
        return np.argsort(row.astype(np.uint16), kind="stable")
    return np.argsort(row, kind="stable")


def _stack(terms: list[Terms]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not terms:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    row = np.concatenate([np.asarray(t.row, np.int64) for t in terms])
    col = np.concatenate([t.family.offset + np.asarray(t.col, np.int64) for t in terms])
    coef = np.concatenate([np.asarray(t.coef, float) for t in terms])
    return row, col, coef


def _concat(parts: list[np.ndarray]) -> np.ndarray:
    return np.asarray(np.concatenate(parts), dtype=float) if parts else np.zeros(0)
