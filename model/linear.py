"""Thin array layer over Pyomo: variable families and row families built from COO terms.

A *variable family* is one flat ``pyo.Var`` indexed ``0..n-1`` plus a DataFrame of keys (the
sparse index set). A *row family* is one flat ``pyo.Constraint`` built from (row, column,
coefficient) arrays: each row is a single ``LinearExpression``, so no Python loop ever runs
over a dense index product (see ``../shared/reference/performance.md``, idioms 0 and 3).

Blocks register what they add in ``Registry`` (attached to the model): cost terms, emission
terms and node-balance terms; ``model.build`` sums them into the objective, the emission
definitions and the node-material balances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression

__all__ = [
    "BalanceTerm",
    "CostTerm",
    "EmissionTerm",
    "Registry",
    "RowFamily",
    "Terms",
    "VarFamily",
    "add_rows",
    "add_vars",
    "positions",
    "registry",
]


@dataclass(frozen=True)
class VarFamily:
    """One flat variable with its sparse keys and display metadata."""

    name: str
    keys: pd.DataFrame
    var: pyo.Var
    items: list[pyo.Var]
    units: str
    long_name: str
    offset: int = 0  # first column of this family in the compiled LP (``model.compiled``)

    def __len__(self) -> int:
        return len(self.keys)

    def values(self) -> np.ndarray:
        """Solution values in key order (NaN where no value was loaded)."""
        return np.fromiter(
            (np.nan if v.value is None else v.value for v in self.items),
            dtype=float,
            count=len(self.items),
        )


@dataclass(frozen=True)
class RowFamily:
    """One flat constraint with its keys; ``kept`` marks rows that have at least one term."""

    name: str
    keys: pd.DataFrame
    con: pyo.Constraint
    kept: np.ndarray
    dual_units: str
    long_name: str
    # the kept rows as arrays (CSR over all columns of the model), for ``model.compiled``
    indptr: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    columns: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    coefs: np.ndarray = field(default_factory=lambda: np.empty(0))
    lower: np.ndarray = field(default_factory=lambda: np.empty(0))
    upper: np.ndarray = field(default_factory=lambda: np.empty(0))


@dataclass(frozen=True)
class Terms:
    """Coefficients of ``family`` columns ``col`` in rows ``row``."""

    family: VarFamily
    row: np.ndarray
    col: np.ndarray
    coef: np.ndarray


@dataclass(frozen=True)
class CostTerm:
    """Undiscounted cost (CNY) of ``coef * family[col]`` in model year ``year``; revenue < 0."""

    category: str
    family: VarFamily
    col: np.ndarray
    coef: np.ndarray
    year: np.ndarray


@dataclass(frozen=True)
class EmissionTerm:
    """Emissions (tCO2e) of ``coef * family[col]`` in ``year``, of type ``source``."""

    source: str
    family: VarFamily
    col: np.ndarray
    coef: np.ndarray
    year: np.ndarray


@dataclass(frozen=True)
class BalanceTerm:
    """Contribution ``coef * family[col]`` to the balance of (node, material, year) rows.

    Positive ``coef`` is a use of the material at the node, negative a source.
    """

    family: VarFamily
    col: np.ndarray
    coef: np.ndarray
    at: pd.DataFrame  # columns node, material, year; one row per entry of col


@dataclass
class Registry:
    """What the blocks have added, for the objective, the balances and the result cube."""

    families: dict[str, VarFamily] = field(default_factory=dict)
    rows: dict[str, RowFamily] = field(default_factory=dict)
    cost_terms: list[CostTerm] = field(default_factory=list)
    emission_terms: list[EmissionTerm] = field(default_factory=list)
    balance_terms: list[BalanceTerm] = field(default_factory=list)
    n_columns: int = 0
    objective: dict[str, np.ndarray] = field(default_factory=dict)  # coefficients per family


def registry(m: pyo.ConcreteModel) -> Registry:
    """The registry attached to model ``m`` (created on first use)."""
    reg = m.__dict__.get("_ziya_registry")
    if reg is None:
        reg = Registry()
        m.__dict__["_ziya_registry"] = reg
    return reg


def add_vars(
    block: pyo.Block,
    name: str,
    keys: pd.DataFrame,
    units: str,
    long_name: str,
    upper: np.ndarray | None = None,
    lower: np.ndarray | None = None,
) -> VarFamily:
    """Add a non-negative variable family ``block.<name>`` indexed by the rows of ``keys``."""
    keys = keys.reset_index(drop=True)
    var = pyo.Var(range(len(keys)), domain=pyo.NonNegativeReals, dense=True, doc=long_name)
    block.add_component(name, var)
    items = list(var.values())
    if upper is not None:
        for item, ub in zip(items, upper.tolist(), strict=True):
            if ub != np.inf:
                item.setub(ub)
    if lower is not None:
        for item, lb in zip(items, lower.tolist(), strict=True):
            if lb > 0:
                item.setlb(lb)
    reg = registry(block.model())
    family = VarFamily(name, keys, var, items, units, long_name, offset=reg.n_columns)
    reg.n_columns += len(keys)
    reg.families[name] = family
    return family


def positions(index_keys: pd.DataFrame, wanted: pd.DataFrame) -> np.ndarray:
    """Row numbers in ``index_keys`` of each row of ``wanted`` (same columns); -1 if absent."""
    columns = list(index_keys.columns)
    if len(index_keys) == 0 or len(wanted) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    index = pd.MultiIndex.from_frame(index_keys[columns])
    return index.get_indexer(pd.MultiIndex.from_frame(wanted[columns])).astype(np.int64)


def add_rows(
    block: pyo.Block,
    name: str,
    keys: pd.DataFrame,
    terms: list[Terms],
    lower: np.ndarray,
    upper: np.ndarray,
    dual_units: str,
    long_name: str,
) -> RowFamily:
    """Add ``lower <= sum(terms) <= upper`` for each row of ``keys`` as ``block.<name>``.

    Rows without any term or without any finite bound are skipped (``kept`` is False); equal
    bounds give an equality.
    """
    keys = keys.reset_index(drop=True)
    n = len(keys)
    rows = np.concatenate([t.row for t in terms]) if terms else np.empty(0, np.int64)
    coefs = np.concatenate([t.coef for t in terms]) if terms else np.empty(0)
    columns = (np.concatenate([t.family.offset + np.asarray(t.col, np.int64) for t in terms])
               if terms else np.empty(0, np.int64))
    variables = np.empty(len(rows), dtype=object)
    offset = 0
    for t in terms:
        variables[offset : offset + len(t.col)] = [t.family.items[j] for j in t.col.tolist()]
        offset += len(t.col)
    order = np.argsort(rows, kind="stable")
    rows, coefs, variables = rows[order], coefs[order], variables[order]
    columns = columns[order]
    starts = np.searchsorted(rows, np.arange(n + 1))
    kept = (starts[1:] > starts[:-1]) & (np.isfinite(lower) | np.isfinite(upper))
    in_kept = np.zeros(len(rows), dtype=bool)  # terms may name rows beyond keys: ignored
    inside = rows < n
    in_kept[inside] = kept[rows[inside]]
    counts = np.diff(starts)[kept]
    lo = [None if v == -np.inf else float(v) for v in lower.tolist()]
    hi = [None if v == np.inf else float(v) for v in upper.tolist()]

    def rule(_b: pyo.Block, i: int) -> object:
        s, e = starts[i], starts[i + 1]
        if not kept[i]:
            return pyo.Constraint.Skip
        expr = LinearExpression(linear_coefs=coefs[s:e].tolist(), linear_vars=list(variables[s:e]))
        if lo[i] is not None and lo[i] == hi[i]:
            return expr == lo[i]
        return (lo[i], expr, hi[i])

    con = pyo.Constraint(range(n), rule=rule, doc=long_name)
    block.add_component(name, con)
    family = RowFamily(name, keys, con, kept, dual_units, long_name,
                       indptr=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                       columns=columns[in_kept], coefs=coefs[in_kept].astype(float),
                       lower=np.asarray(lower, float)[kept], upper=np.asarray(upper, float)[kept])
    registry(block.model()).rows[name] = family
    return family
