"""Green electricity: processes may buy their electricity from renewable sources at a premium
(green power trading, power purchase agreements), an abatement option against scope 2."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets, key_rows
from model.lp.program import Columns, CostTerm, EmissionTerm, Program, Terms, positions

__all__ = ["add_green_electricity"]


def add_green_electricity(p: Program, data: ModelData, sets: IndexSets,
                          activity: Columns) -> Columns:
    r"""Electricity bought green at a node, up to what its processes use.

    .. math::
       :label: green_use

       G_{n,y} \le \sum_{p \in P_n} \epsilon_{p,y}\, x_{p,y}
       \quad \forall (n, y): \pi^{g}_{r(n),y} \text{ given}

    .. math::
       :label: green_max

       \sum_{n \in r} G_{n,y} \le \overline{G}_{r,y} \quad \forall r, y: \overline{G}_{r,y} < \infty

    Each MWh bought green costs the premium :math:`\pi^g_{r(n),y}` on top of the grid price
    (cost category ``electricity``) and takes the grid factor :math:`g_{r(n),y}` off the
    node's ``electricity`` emissions (market-based scope 2). Where no premium is given for a
    region and year, no green electricity is offered.

    ===========================  ====  ====================================  ==========
    symbol                       type  model attribute / parameter           unit
    ===========================  ====  ====================================  ==========
    :math:`G_{n,y}`              V     ``green.green_electricity``           MWh/yr
    :math:`\pi^{g}_{r,y}`        P     ``green_electricity_premium``         CNY/MWh
    :math:`\overline{G}_{r,y}`   P     ``green_electricity_max``             MWh/yr
    :math:`\epsilon_{p,y}`       P     ``process_electricity``               MWh/t
    :math:`g_{r,y}`              P     ``grid_emission_factor``              tCO2e/MWh
    ===========================  ====  ====================================  ==========
    """
    offered = data.keys("green_electricity_premium", ["region", "year"])
    if offered.empty:  # no offer: no columns (typed as the merge below types them)
        keys = pd.DataFrame({"node": pd.array([], dtype="str"), "year": offered["year"]})
        regions = pd.DataFrame({"region": pd.array([], dtype="str"), "year": offered["year"]})
    else:
        nodes = pd.DataFrame({"node": sorted(set(data.sets["process"]["node"]))})
        nodes["region"] = data.sets["node"].loc[nodes["node"], "region"].to_numpy() \
            if len(nodes) else pd.Series(dtype=object)
        offers = nodes.merge(offered, on="region").sort_values(["node", "year"]).reset_index(
            drop=True)
        keys, regions = offers[["node", "year"]], offers[["region", "year"]]
    green = p.add_columns("green", "green_electricity", keys, "MWh/yr",
                          "electricity bought green at the node")
    cols, years = np.arange(len(keys)), keys["year"].to_numpy()
    p.cost_terms.append(CostTerm("electricity", green, cols,
                                 data.lookup("green_electricity_premium", regions), years))
    p.emission_terms.append(EmissionTerm("electricity", green, cols,
                                         -data.lookup("grid_emission_factor", regions), years,
                                         keys["node"].to_numpy(),
                                         key_rows(data, "node", keys)
                                         if data.sets["node"].index.is_unique else None))
    _add_use_rows(p, data, activity, green)
    _add_max_rows(p, data, green, regions)
    return green


def _add_use_rows(p: Program, data: ModelData, activity: Columns, green: Columns) -> None:
    """G at a node is at most the electricity its processes use."""
    keys = green.keys
    n = len(keys)
    p.add_rows("green", "green_use", keys,
               [Terms(green, np.arange(n), np.arange(n), np.ones(n)),
                _use_terms(data, activity, keys) if n else Terms(activity, *_NONE)],
               np.full(n, -np.inf), np.zeros(n), "CNY/MWh",
               "green electricity at most what the node's processes use")


_NONE = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))  # no entry


def _use_terms(data: ModelData, activity: Columns, keys: pd.DataFrame) -> Terms:
    """The electricity the processes at a node use, in the rows ``keys`` (node, year)."""
    used = activity.keys.assign(node=data.sets["process"].loc[activity.keys["process"],
                                                               "node"].to_numpy(),
                                use=data.lookup("process_electricity", activity.keys))
    rows = positions(keys, used[["node", "year"]])
    mask = (rows >= 0) & (used["use"].to_numpy() > 0)
    return Terms(activity, rows[mask], np.flatnonzero(mask), -used["use"].to_numpy()[mask])


def _add_max_rows(p: Program, data: ModelData, green: Columns, regions: pd.DataFrame) -> None:
    """A region's green electricity on offer, where limited."""
    limit = data.lookup("green_electricity_max", regions)
    limited = (regions[np.isfinite(limit)].drop_duplicates().reset_index(drop=True)
               if len(regions) else regions)
    rows = positions(limited, regions) if len(limited) else np.full(len(regions), -1)
    mask = rows >= 0
    p.add_rows("green", "green_max", limited,
               [Terms(green, rows[mask], np.flatnonzero(mask), np.ones(int(mask.sum())))],
               np.full(len(limited), -np.inf), data.lookup("green_electricity_max", limited),
               "CNY/MWh", "green electricity on offer in a region")
