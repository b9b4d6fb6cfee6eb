"""The LP in arrays, ready for ``highspy.passModel``: from ziya's own arrays, or from Pyomo.

ziya's blocks already hold every row as COO arrays (``model.linear``) before Pyomo builds
its expressions, so the default hand-off stacks those arrays into one CSC matrix instead of
asking Pyomo's standard-form compiler to walk the expressions again (``compile_arrays``).
The model is checked first: if anyone added, removed or deactivated a variable, constraint
or objective after ``build_model`` (a script editing the Pyomo model), the arrays no longer
describe it and ``compile_model`` falls back to Pyomo's compiler (``compile_pyomo``).
Variable bounds are always read from the Pyomo variables, so ``setub``/``fix`` edits are seen.
Both paths return the same ``Compiled`` shape; columns and rows keep their Pyomo components
so that values, duals and IIS map straight back.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pyomo.environ as pyo
import scipy.sparse as sp
from pyomo.common.gc_manager import PauseGC
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from model.linear import registry

__all__ = ["Compiled", "compile_arrays", "compile_model", "compile_pyomo"]

INF = highspy.kHighsInf


@dataclass
class Compiled:
    """``row_lower <= A x <= row_upper``, ``col_lower <= x <= col_upper``, min ``c x + offset``."""

    A: sp.csc_array
    cost: np.ndarray
    offset: float
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    columns: list  # Pyomo VarData per column
    rows: list  # Pyomo ConstraintData per row
    path: str  # "arrays" or "pyomo"


def _bounds(columns: list) -> tuple[np.ndarray, np.ndarray]:
    """Column bounds as Pyomo sees them now (domain, setlb/setub, fixed values)."""
    pairs = [(v.value, v.value) if v.fixed else v.bounds for v in columns]
    lower = np.array([-INF if lo is None else lo for lo, _ in pairs], dtype=float)
    upper = np.array([INF if hi is None else hi for _, hi in pairs], dtype=float)
    return lower, upper


def _arrays_describe(m: pyo.ConcreteModel) -> bool:
    """True when the registered arrays are exactly the model's active components."""
    reg = registry(m)
    objectives = list(m.component_data_objects(pyo.Objective, active=True))
    if len(objectives) != 1 or objectives[0] is not m.component("objective"):
        return False
    registered = {id(f.var) for f in reg.families.values()}
    if any(id(v) not in registered for v in m.component_objects(pyo.Var, descend_into=True)):
        return False
    families = {id(r.con): r for r in reg.rows.values()}
    active = list(m.component_objects(pyo.Constraint, active=True, descend_into=True))
    if len(active) != len(families) or any(id(c) not in families for c in active):
        return False
    return all(len(c) == int(families[id(c)].kept.sum()) for c in active)


def compile_arrays(m: pyo.ConcreteModel) -> Compiled:
    """Stack the row families' arrays (no Pyomo expression is read)."""
    reg = registry(m)
    cost = reg.objective
    n = reg.n_columns
    blocks, lower, upper, rows = [], [], [], []
    for family in reg.rows.values():
        blocks.append(sp.csr_array((family.coefs, family.columns, family.indptr),
                                   shape=(len(family.indptr) - 1, n)))
        lower.append(family.lower)
        upper.append(family.upper)
        rows += list(family.con.values())  # the kept rows, in key order (Skip for the rest)
    matrix = (sp.vstack(blocks, format="csc") if blocks
              else sp.csc_array((0, n))).astype(float)
    matrix.sum_duplicates()  # a column met twice in a row (e.g. a flow into and out of a node)
    matrix.eliminate_zeros()
    columns = [v for family in reg.families.values() for v in family.items]
    col_lower, col_upper = _bounds(columns)
    c = np.concatenate([cost[name] for name in reg.families]) if reg.families else np.zeros(0)
    row_lower = np.concatenate(lower) if lower else np.zeros(0)
    row_upper = np.concatenate(upper) if upper else np.zeros(0)
    return Compiled(matrix, c, 0.0, col_lower, col_upper,
                    np.where(np.isfinite(row_lower), row_lower, -INF),
                    np.where(np.isfinite(row_upper), row_upper, INF), columns, rows, "arrays")


def compile_pyomo(m: pyo.ConcreteModel) -> Compiled:
    """Pyomo's standard-form compiler (walks every expression)."""
    with PauseGC():
        info = LinearStandardFormCompiler().write(m, mixed_form=True)
    rhs = np.asarray(info.rhs, dtype=float)
    sense = np.array([row.bound_type for row in info.rows], dtype=int)
    cols = info.columns
    cost = np.asarray(info.c.toarray()).ravel() if info.c.shape[0] else np.zeros(len(cols))
    offset = float(np.asarray(info.c_offset).ravel()[0]) if len(info.c_offset) else 0.0
    col_lower = np.array([-INF if v.lb is None else v.lb for v in cols], float)
    col_upper = np.array([INF if v.ub is None else v.ub for v in cols], float)
    return Compiled(info.A.tocsc(), cost, offset, col_lower, col_upper,
                    np.where(sense <= 0, rhs, -INF), np.where(sense >= 0, rhs, INF),
                    list(cols), [r.constraint for r in info.rows], "pyomo")


def compile_model(m: pyo.ConcreteModel) -> Compiled:
    """The registered arrays when they describe ``m``, else Pyomo's standard form."""
    if registry(m).objective and _arrays_describe(m):
        return compile_arrays(m)
    return compile_pyomo(m)
