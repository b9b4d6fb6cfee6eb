"""The Pyomo backend: a ``ConcreteModel`` made from a ``Program``.

Every column family becomes one flat ``pyo.Var`` (``m.<block>.<name>``, indexed ``0..n-1`` in
key order) and every row family one flat ``pyo.Constraint`` whose rows are single
``LinearExpression`` objects built from the family's CSR arrays; the objective is the
program's discounted cost vector. Scripts inspect and extend this model; ``model.lp.solve``
hands it to HiGHS from the program's arrays when it is unedited, otherwise through Pyomo's
standard-form compiler (``model.lp.compile``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.numeric_expr import LinearExpression

from model.lp.program import Columns, Program, Rows

__all__ = ["PyomoLink", "link_of", "to_pyomo"]


class PyomoLink:
    """What ties a Pyomo model to its program: the program, columns and rows in order."""

    def __init__(self, program: Program, columns: list, rows: list) -> None:
        self.program = program
        self.columns = columns  # VarData per program column
        self.rows = rows  # ConstraintData per program row
        self.objective: Any = None


def link_of(m: pyo.ConcreteModel) -> PyomoLink:
    """The link of a model made by ``to_pyomo`` (``ValueError`` for any other model)."""
    link = m.__dict__.get("_ziya_link")
    if link is None:
        raise ValueError("this Pyomo model was not built by model.build_model")
    return link  # type: ignore[no-any-return]


def _block(m: pyo.ConcreteModel, name: str) -> pyo.Block:
    block = m.component(name)
    if block is None:
        block = pyo.Block()
        m.add_component(name, block)
    return block


def _add_var(m: pyo.ConcreteModel, family: Columns, lower: np.ndarray, upper: np.ndarray
             ) -> list:
    domain = pyo.NonNegativeIntegers if family.integer else pyo.NonNegativeReals
    var = pyo.Var(range(len(family)), domain=domain, dense=True, doc=family.long_name)
    _block(m, family.block).add_component(family.name, var)
    items = list(var.values())
    for j in np.flatnonzero(np.isfinite(upper)).tolist():
        items[j].setub(float(upper[j]))
    for j in np.flatnonzero(lower > 0).tolist():
        items[j].setlb(float(lower[j]))
    return items


def _add_constraint(m: pyo.ConcreteModel, rows: Rows, variables: np.ndarray) -> list:
    position = np.full(len(rows.keys), -1)
    position[rows.kept] = np.arange(rows.n_rows)
    lower = [None if v == -np.inf else float(v) for v in rows.lower.tolist()]
    upper = [None if v == np.inf else float(v) for v in rows.upper.tolist()]
    indptr, coefs = rows.indptr, rows.coefs

    def rule(_b: pyo.Block, i: int) -> object:
        k = position[i]
        if k < 0:
            return pyo.Constraint.Skip
        s, e = indptr[k], indptr[k + 1]
        expr = LinearExpression(linear_coefs=coefs[s:e].tolist(),
                                linear_vars=list(variables[rows.columns[s:e]]))
        if lower[k] is not None and lower[k] == upper[k]:
            return expr == lower[k]
        return (lower[k], expr, upper[k])

    con = pyo.Constraint(range(len(rows.keys)), rule=rule, doc=rows.long_name)
    _block(m, rows.block).add_component(rows.name, con)
    return list(con.values())


def to_pyomo(program: Program) -> pyo.ConcreteModel:
    """A Pyomo model with exactly the program's columns, rows and objective."""
    with PauseGC():
        m = pyo.ConcreteModel(name="ziya")
        columns: list = []
        for family in program.columns.values():
            columns += _add_var(m, family, *program.bounds[family.name])
        variables = np.empty(len(columns), dtype=object)
        variables[:] = columns
        rows: list = []
        for row_family in program.rows.values():
            rows += _add_constraint(m, row_family, variables)
        cost = program.objective()
        nz = np.flatnonzero(cost)
        m.objective = pyo.Objective(
            expr=LinearExpression(linear_coefs=cost[nz].tolist(),
                                  linear_vars=list(variables[nz])),
            sense=pyo.minimize)
        link = PyomoLink(program, columns, rows)
        link.objective = m.objective
        m.__dict__["_ziya_link"] = link
    return m
