"""The arrays HiGHS receives from a Pyomo model: the program's own, or Pyomo's standard form.

An unedited model (the program's columns, rows and objective, nothing added, removed or
deactivated) is handed over as the program's arrays with the column bounds read from the
Pyomo variables, so ``setub``/``fix`` edits count. When a script added, removed or
deactivated a variable, constraint or objective, Pyomo's standard-form compiler makes the
arrays instead; ``col_of``/``row_of`` map them back to program columns and rows (-1 for
what the script added), so values and duals reach the result cube either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from model.lp.program import LPArrays
from model.lp.pyomo_model import PyomoLink, link_of

__all__ = ["Compiled", "compile_model"]


@dataclass(frozen=True)
class Compiled:
    """An LP from a Pyomo model and its map to the program."""

    lp: LPArrays
    offset: float
    columns: list  # Pyomo VarData per LP column
    rows: list  # Pyomo ConstraintData per LP row
    col_of: np.ndarray  # program column of each LP column, -1 if not in the program
    row_of: np.ndarray  # program row of each LP row, -1 if a script added it
    path: str  # "arrays" or "pyomo"


def _bounds(columns: list) -> tuple[np.ndarray, np.ndarray]:
    """Column bounds as Pyomo sees them now (domain, setlb/setub, fixed values)."""
    pairs = [(v.value, v.value) if v.fixed else v.bounds for v in columns]
    lower = np.array([-np.inf if lo is None else lo for lo, _ in pairs], dtype=float)
    upper = np.array([np.inf if hi is None else hi for _, hi in pairs], dtype=float)
    return lower, upper


def _integrality(columns: list, integer: bool) -> np.ndarray:
    if not integer:
        return np.zeros(len(columns), dtype=np.int32)
    return np.array([1 if v.is_integer() else 0 for v in columns], dtype=np.int32)


def _unedited(m: pyo.ConcreteModel, link: PyomoLink) -> bool:
    """True when the program's arrays are exactly the model's active components."""
    objectives = list(m.component_data_objects(pyo.Objective, active=True))
    if len(objectives) != 1 or objectives[0] is not link.objective:
        return False
    program = link.program
    var_ids = {id(link.columns[f.offset]) for f in program.columns.values() if len(f)}
    for var in m.component_objects(pyo.Var, descend_into=True):
        if len(var) and id(next(iter(var.values()))) not in var_ids:
            return False
    active = [c for c in m.component_objects(pyo.Constraint, active=True, descend_into=True)
              if len(c)]
    families = [r for r in program.rows.values() if r.n_rows]
    if len(active) != len(families):
        return False
    firsts = {id(link.rows[r.offset]): r.n_rows for r in families}
    return all(firsts.get(id(next(iter(c.values()), None)), -1) == len(c) for c in active)


def _from_program(link: PyomoLink, integer: bool) -> Compiled:
    lp = link.program.arrays(integer=False)
    lower, upper = _bounds(link.columns)
    lp = replace(lp, col_lower=lower, col_upper=upper,
                 integrality=_integrality(link.columns, integer))
    n, k = lp.shape[1], lp.shape[0]
    return Compiled(lp, 0.0, link.columns, link.rows, np.arange(n), np.arange(k), "arrays")


def _from_pyomo(m: pyo.ConcreteModel, link: PyomoLink, integer: bool) -> Compiled:
    with PauseGC():
        info = LinearStandardFormCompiler().write(m, mixed_form=True)
    rhs = np.asarray(info.rhs, dtype=float)
    sense = np.array([row.bound_type for row in info.rows], dtype=int)
    cols = list(info.columns)
    cost = np.asarray(info.c.toarray()).ravel() if info.c.shape[0] else np.zeros(len(cols))
    offset = float(np.asarray(info.c_offset).ravel()[0]) if len(info.c_offset) else 0.0
    lower, upper = _bounds(cols)
    rows = [r.constraint for r in info.rows]
    col_index = {id(v): j for j, v in enumerate(link.columns)}
    row_index = {id(r): i for i, r in enumerate(link.rows)}
    lp = LPArrays(info.A.tocsc(), cost, lower, upper, np.where(sense <= 0, rhs, -np.inf),
                  np.where(sense >= 0, rhs, np.inf), _integrality(cols, integer))
    return Compiled(lp, offset, cols, rows,
                    np.array([col_index.get(id(v), -1) for v in cols], dtype=np.int64),
                    np.array([row_index.get(id(r), -1) for r in rows], dtype=np.int64),
                    "pyomo")


def compile_model(m: pyo.ConcreteModel, integer: bool = False) -> Compiled:
    """The program's arrays when they describe ``m``, else Pyomo's standard form."""
    link = link_of(m)
    if _unedited(m, link):
        return _from_program(link, integer)
    return _from_pyomo(m, link, integer)
