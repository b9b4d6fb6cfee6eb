"""Assemble the Pyomo model from ``ModelData`` and ``IndexSets`` (never from files)."""

from __future__ import annotations

import logging
import time

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.numeric_expr import LinearExpression

from model.blocks import BLOCKS
from model.data import ModelData
from model.linear import registry
from model.sets import IndexSets

__all__ = ["build_model", "objective_coefficients"]

log = logging.getLogger(__name__)


def objective_coefficients(m: pyo.ConcreteModel, data: ModelData) -> dict[str, np.ndarray]:
    """Discounted objective coefficient of every column, per variable family."""
    reg = registry(m)
    factor = dict(zip(data.years, data.discount_factors(), strict=True))
    coef = {name: np.zeros(len(f)) for name, f in reg.families.items()}
    for term in reg.cost_terms:
        discount = np.array([factor[int(y)] for y in term.year]) if len(term.year) else 0.0
        np.add.at(coef[term.family.name], term.col, term.coef * discount)
    return coef


def build_model(data: ModelData, sets: IndexSets) -> pyo.ConcreteModel:
    r"""Build the LP: every block of ``BLOCKS`` in order, then the objective.

    .. math::
       :label: objective

       \min \sum_y \delta_y \Big( \sum_{\text{cost terms}} c_j v_{j,y} \Big),
       \qquad \delta_y = (1+\rho)^{-(y - y_0)}

    Revenue enters as a negative cost, so the objective is discounted net cost.
    """
    start = time.perf_counter()
    with PauseGC():
        m = pyo.ConcreteModel(name="ziya")
        for add in BLOCKS:
            add(m, data, sets)
        coef = objective_coefficients(m, data)
        reg = registry(m)
        reg.objective = coef
        linear_vars, linear_coefs = [], []
        for name, family in reg.families.items():
            nz = np.flatnonzero(coef[name])
            linear_vars += [family.items[j] for j in nz.tolist()]
            linear_coefs += coef[name][nz].tolist()
        m.objective = pyo.Objective(
            expr=LinearExpression(linear_coefs=linear_coefs, linear_vars=linear_vars),
            sense=pyo.minimize,
        )
    log.info("built model in %.2f s", time.perf_counter() - start)
    return m
