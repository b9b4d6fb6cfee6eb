"""Coding key columns by their runs: equal neighbours get one lookup, not one each.

Key frames are mostly a small table crossed with the years, so a column such as a flow's
route or a balance row's node repeats in runs (every year of a route-material pair, every
material of a route). Comparing neighbours costs a fraction of hashing a label, so a column
is coded by looking up the first value of each run only and repeating its code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["by_runs", "factorize", "joined", "matches", "numbered", "paired"]

_LONG_ENOUGH = 3  # code by runs when the runs are this long on average, else value by value


def by_runs(values: Any, code: Callable[[Any], np.ndarray]) -> np.ndarray:
    """``code(values)`` (one integer per value, equal values equal codes), calling ``code``
    on the first value of each run of equal neighbours only.

    ``values``: a NumPy or pandas array (``code`` receives the same kind, so that pandas
    does not infer the type of the labels again). Numbers are coded value by value.
    """
    n = len(values)
    plain = np.asarray(values) if n >= 2 * _LONG_ENOUGH else None
    if plain is None or plain.dtype != object:
        return np.asarray(code(values))
    start = np.empty(n, dtype=bool)
    start[0] = True
    np.not_equal(plain[1:], plain[:-1], out=start[1:])
    heads = np.flatnonzero(start)
    if len(heads) * _LONG_ENOUGH > n:
        return np.asarray(code(values))
    return np.repeat(np.asarray(code(values[heads])), np.diff(np.append(heads, n)))


def factorize(values: Any, use_na_sentinel: bool = True) -> tuple[np.ndarray, Any]:
    """``pd.factorize(values)`` (codes in order of first appearance, and the uniques),
    factorizing the first value of each run of equal neighbours only (``by_runs``)."""
    uniques: list[Any] = [None]

    def code(part: Any) -> np.ndarray:
        codes, uniques[0] = pd.factorize(part, use_na_sentinel=use_na_sentinel)
        return codes

    codes = by_runs(values, code)
    return codes, uniques[0]


def matches(left: Any, right: Any) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of rows (i, j) with ``left[i] == right[j]``, by ``i`` and then ``j`` (the
    order of an inner merge), from integer codes rather than a merge of frames."""
    codes, labels = pd.factorize(np.concatenate([np.asarray(left), np.asarray(right)]),
                                 use_na_sentinel=False)
    at_left, at_right = codes[:len(left)], codes[len(left):]
    count = np.bincount(at_right, minlength=len(labels))
    first = np.cumsum(count) - count  # of each code among the right rows sorted by code
    n = count[at_left]
    offset = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    by_code = np.argsort(at_right, kind="stable")
    return (np.repeat(np.arange(len(left)), n),
            by_code[np.repeat(first[at_left], n) + offset])


def joined(left: pd.DataFrame, right: pd.DataFrame, on: str) -> pd.DataFrame:
    """``left.merge(right, on=on)`` (inner, one key column of the same type on both sides),
    rows paired by ``matches`` and taken from each side, so the columns keep their types
    and no frame is hashed; other cases go to pandas."""
    if left[on].dtype != right[on].dtype or set(left.columns) & set(right.columns) - {on}:
        return left.merge(right, on=on)
    return paired(left, right, on, *matches(left[on].to_numpy(), right[on].to_numpy()))


def paired(left: pd.DataFrame, right: pd.DataFrame, on: str, i: np.ndarray, j: np.ndarray
           ) -> pd.DataFrame:
    """Rows ``i`` of ``left`` beside rows ``j`` of ``right`` (its columns but ``on``): the
    frame of a join whose row pairs are known (``matches``)."""
    out = left.take(i).reset_index(drop=True)
    for column in right.columns.drop(on):
        out[column] = right[column].array.take(j)
    return out


def numbered(keys: pd.DataFrame) -> pd.DataFrame:
    """``keys.reset_index(drop=True)``, or ``keys`` itself when its rows are numbered so
    already: a family keeps the very frame of its index set, and with it what is kept with
    that frame (its rows' positions in the sets, ``ModelData.positions``). Key frames are
    not changed in place once made."""
    index = keys.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return keys
    return keys.reset_index(drop=True)
