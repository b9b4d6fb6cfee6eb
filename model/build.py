"""``build_model``: the Pyomo model of a member, made from its program (never from files)."""

from __future__ import annotations

import logging
import time

import pyomo.environ as pyo

from model.blocks import build_program
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.pyomo_model import to_pyomo

__all__ = ["build_model"]

log = logging.getLogger(__name__)


def build_model(data: ModelData, sets: IndexSets) -> pyo.ConcreteModel:
    """The Pyomo model: ``m.<block>.<name>`` per column and row family, ``m.objective``.

    Scripts may inspect and extend it (add constraints, set bounds, fix variables) before
    ``model.lp.solve``; the program it was made from is ``model.lp.pyomo_model.link_of(m)``.
    """
    start = time.perf_counter()
    m = to_pyomo(build_program(data, sets))
    log.info("built Pyomo model in %.2f s", time.perf_counter() - start)
    return m
