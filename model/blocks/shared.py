"""Shared capacity: one piece of equipment (a furnace, a shredder line, a permit) that several
processes draw on, each by its own weight."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.codes import joined
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Columns, Program, Terms, positions

__all__ = ["add_shared_capacity"]


def add_shared_capacity(p: Program, data: ModelData, sets: IndexSets, activity: Columns) -> None:
    r"""Capacity that several processes share.

    A group :math:`g` of processes (any processes, at any nodes) shares a capacity
    :math:`\overline{G}_{g,y}`; each tonne of activity of process :math:`p` uses
    :math:`w_{g,p}` of it (1 for a process that uses the equipment fully, 0.5 for one that
    passes through it in half the time, 1.2 for one that loads it more):

    .. math::
       :label: shared_capacity

       \sum_{p} w_{g,p}\, x_{p,y} \le \overline{G}_{g,y}
       \quad \forall g, y \text{ with } \overline{G}_{g,y} < \infty

    This is on top of each process's own capacity. A group without a capacity in a year is
    not limited in that year; a group's processes are those with a weight above 0.

    ==========================  ====  ==============================  ==========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  ==========
    :math:`x_{p,y}`             V     ``processes.activity``          t/yr
    :math:`w_{g,p}`             P     ``shared_capacity_use``         1
    :math:`\overline{G}_{g,y}`  P     ``shared_capacity``             t/yr
    ==========================  ====  ==============================  ==========
    """
    weights = data.params["shared_capacity_use"]
    if weights.empty:  # no group: no rows
        p.add_rows("shared", "shared_capacity", pd.DataFrame(
            {"group": pd.Series(dtype=str), "year": np.zeros(0, np.int64)}), [], np.zeros(0),
            np.zeros(0), "CNY/t", "capacity shared by a group of processes")
        return
    weights = weights[weights > 0]
    members = pd.DataFrame({"group": weights.index.get_level_values("group").astype(str),
                            "process": weights.index.get_level_values("process").astype(str),
                            "weight": weights.to_numpy(dtype=float)})
    if members.empty:  # no group: no rows
        p.add_rows("shared", "shared_capacity", members[["group"]].assign(
            year=np.zeros(0, np.int64)), [], np.zeros(0), np.zeros(0), "CNY/t",
            "capacity shared by a group of processes")
        return
    keys = activity.keys.reset_index(drop=True)
    terms = joined(keys.assign(column=np.arange(len(keys))), members, "process")
    group_years = members[["group"]].drop_duplicates().merge(
        pd.DataFrame({"year": list(sets.YEARS)}), how="cross")
    limit = data.lookup("shared_capacity", group_years)
    limited = group_years[np.isfinite(limit)].reset_index(drop=True)
    rows = positions(limited, terms[["group", "year"]])
    mask = rows >= 0
    p.add_rows("shared", "shared_capacity", limited,
               [Terms(activity, rows[mask], terms["column"].to_numpy()[mask],
                      terms["weight"].to_numpy()[mask])],
               np.full(len(limited), -np.inf), limit[np.isfinite(limit)], "CNY/t",
               "capacity shared by a group of processes")
