"""Route services that are opened or closed (a MILP when integers are on)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.blocks.flows import flow_route_years
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.errors import InputError, Problem
from model.lp.program import (
    Columns,
    CostTerm,
    Program,
    Terms,
    kept_groups,
)


def add_services(p: Program, data: ModelData, sets: IndexSets, flow: Columns) -> Columns:
    r"""Open or close a route service each year; a fixed cost while it runs.

    .. math::
       :label: route_service

       \sum_{m} f_{r,m,y} \le \overline{F}_{r,y}\, o_{r,y}, \qquad
       \sum_{m} f_{r,m,y} \ge \underline{F}_r\, o_{r,y}, \qquad
       o_{r,y} \in \{0, 1\}

    for every route with a service cost :math:`G_r`, which is paid as :math:`G_r\, o_{r,y}`
    (cost category ``fixed``). Without the solver option ``integer`` :math:`o_{r,y}` is
    relaxed to :math:`[0, 1]`; with it, duals come from the LP with the decisions fixed.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`o_{r,y}`              V     ``services.route_open``          1
    :math:`G_r`                  P     ``route_service_cost``           CNY/yr
    :math:`\overline{F}_{r,y}`   P     ``route_capacity``               t/yr
    :math:`\underline{F}_r`      P     ``route_min_load``               t/yr
    ===========================  ====  ===============================  ==========
    """
    keys, cost, frow = _served(data, flow)
    capacity = data.lookup("route_capacity", keys)
    _check_capacity(data, keys, capacity)
    is_open = p.add_columns("services", "route_open", keys, "1",
                            "route service runs in the year (1) or not",
                            upper=np.ones(len(keys)), integer=True)
    rows = np.arange(len(keys))
    p.cost_terms.append(CostTerm("fixed", is_open, rows, cost, keys["year"].to_numpy()))
    mask = frow >= 0
    carried = Terms(flow, frow[mask], np.flatnonzero(mask), np.ones(int(mask.sum())))
    p.add_rows("services", "route_service", keys, [carried, Terms(is_open, rows, rows, -capacity)],
             np.full(len(keys), -np.inf), np.zeros(len(keys)), "CNY/t",
             "route carries only while its service runs")
    least = data.lookup("route_min_load", keys)
    p.add_rows("services", "route_min_load", keys, [carried, Terms(is_open, rows, rows, -least)],
             np.where(least > 0, 0.0, -np.inf), np.full(len(keys), np.inf), "CNY/t",
             "least load of a running service")
    return is_open


def _served(data: ModelData, flow: Columns) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The route-years with a service cost, their cost, and each flow's service row (-1: its
    route has none); none without a service cost (the default), the flows not grouped."""
    if data.params["route_service_cost"].empty:
        return (flow.keys[["route", "year"]].iloc[:0], np.zeros(0),
                np.full(len(flow), -1, dtype=np.int64))
    group, route_years = flow_route_years(data, flow)  # each flow's route-year, and those
    cost = data.lookup("route_service_cost", route_years)
    served = np.isfinite(cost)
    return (route_years[served].reset_index(drop=True), cost[served],
            kept_groups(group, served))


def _check_capacity(data: ModelData, keys: pd.DataFrame, capacity: np.ndarray) -> None:
    missing = keys[~np.isfinite(capacity)]
    if len(missing):
        raise InputError([Problem(data.cat.params["route_capacity"].file,
                                  "a route with a service cost needs a capacity",
                                  key=f"route={r!r}, year={y}",
                                  fix="add its route_capacity row (the service's size)")
                          for r, y in missing[["route", "year"]].itertuples(index=False)],
                         header="invalid route services")
