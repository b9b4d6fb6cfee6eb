"""Hubs: nodes that consolidate and trans-ship, with a handling cost and a throughput limit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets, route_rows, taken
from model.lp.program import (
    Columns,
    CostTerm,
    Program,
    Terms,
    groups,
    kept_groups,
    year_codes,
)

__all__ = ["add_hubs"]


def add_hubs(p: Program, data: ModelData, sets: IndexSets, flow: Columns) -> None:
    r"""Handling cost and throughput limit of nodes that goods pass through.

    Every tonne that arrives at node :math:`n` by route (any material) pays the node's
    handling cost :math:`c^{hub}_n` (category ``handling``), and what arrives in a year is
    limited:

    .. math::
       :label: hub_throughput

       \sum_{(r,m):\ d(r) = n} f_{r,m,y} \le \overline{H}_{n,y}
       \quad \forall n, y \text{ with } \overline{H}_{n,y} < \infty

    where :math:`d(r)` is the route's destination. A hub is a node like any other: what
    arrives leaves by route or is used there (its node balance).

    ==========================  ====  ==============================  ==========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  ==========
    :math:`f_{r,m,y}`           V     ``flows.flow``                  t/yr
    :math:`c^{hub}_n`           P     ``node_handling_cost``          CNY/t
    :math:`\overline{H}_{n,y}`  P     ``node_throughput_max``         t/yr
    ==========================  ====  ==============================  ==========
    """
    keys = flow.keys
    at = route_rows(data, keys)
    destination = data.sets["route"]["destination"]
    everywhere = data.everywhere("node_handling_cost")  # no rows: the default everywhere
    charges = everywhere is None
    no_limit = data.params["node_throughput_max"].empty  # (the default is none)
    shown = at[:1] if no_limit and not charges else at  # the arrivals' nodes, when used
    arrivals = pd.DataFrame({"node": taken(destination, shown),
                             "year": keys["year"].to_numpy()[:len(shown)]})
    cost = (data.lookup("node_handling_cost", arrivals) if charges
            else np.full(len(keys), everywhere))
    charged = np.flatnonzero(cost > 0)
    if len(charged):
        p.cost_terms.append(CostTerm("handling", flow, charged, cost[charged],
                                       keys["year"].to_numpy()[charged]))
    if no_limit:  # no rows
        p.add_rows("hubs", "node_throughput", arrivals.iloc[:0], [], np.zeros(0), np.zeros(0),
                   "CNY/t", "throughput limit of a node (all routes arriving)")
        return
    ends = pd.factorize(destination.to_numpy(), use_na_sentinel=False)[0]  # coded per route
    year, n_years = year_codes(arrivals["year"].to_numpy())
    first, group = groups(ends[at].astype(np.int64) * n_years + year)  # the node-years
    node_years = arrivals.take(first).reset_index(drop=True)
    limit = data.lookup("node_throughput_max", node_years)
    limited = node_years[np.isfinite(limit)].reset_index(drop=True)
    rows = kept_groups(group, np.isfinite(limit))
    mask = rows >= 0
    p.add_rows("hubs", "node_throughput", limited,
               [Terms(flow, rows[mask], np.flatnonzero(mask), np.ones(int(mask.sum())))],
               np.full(len(limited), -np.inf), limit[np.isfinite(limit)],
               "CNY/t", "throughput limit of a node (all routes arriving)")
