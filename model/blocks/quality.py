"""Quality limits of markets: blends of lots must meet element specifications."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.composition import compositions
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Columns, Program, Terms


def add_quality(p: Program, data: ModelData, sets: IndexSets, sales: Columns) -> None:
    r"""Element specifications on what a market node buys, met by blending lots linearly.

    .. math::
       :label: market_quality_max

       \sum_m q_{n,m,y} \left(c_{m,e,y} - \overline{c}_{n,e}\right) \le 0
       \quad \forall (n,e) \text{ with a limit}, y

    .. math::
       :label: market_quality_min

       \sum_m q_{n,m,y} \left(c_{m,e,y} - \underline{c}_{n,e}\right) \ge 0

    Materials without a composition row for :math:`e` count as containing none of it. The
    composition of a material made by an element-split process is the one the split gives it
    (``model.data.composition``), so the limits apply to what is actually produced.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\overline{c}_{n,e}`   P     ``market_quality_max``           t/t
    :math:`\underline{c}_{n,e}`  P     ``market_quality_min``           t/t
    :math:`c_{m,e,y}`            P     ``material_composition``         t/t
    ===========================  ====  ===============================  ==========
    """
    comp = None  # the compositions, worked out for the first limit (none: not read)
    for name, upper in (("market_quality_max", True), ("market_quality_min", False)):
        if data.params[name].empty:  # no limit: no rows (keys typed as the cross would type them)
            keys = data.keys(name, ["node", "element"], year=np.zeros(0, dtype=np.int64))
            p.add_rows("quality", name, keys, [], np.zeros(0), np.zeros(0), "CNY/t",
                       f"market {'upper' if upper else 'lower'} quality limit")
            continue
        limits = data.keys(name, limit=data.params[name].to_numpy())
        keys = limits[["node", "element"]].merge(pd.DataFrame({"year": list(sets.YEARS)}),
                                                 how="cross")
        if comp is None:
            comp = compositions(data).reset_index()
        cols = sales.keys.reset_index().rename(columns={"index": "col"})
        pairs = cols.merge(limits, on="node").merge(
            keys.reset_index().rename(columns={"index": "row"}), on=["node", "element", "year"])
        pairs = pairs.merge(comp, on=["material", "element", "year"], how="left").fillna(
            {"fraction": 0})
        coef = (pairs["fraction"] - pairs["limit"]).to_numpy()
        bound = np.zeros(len(keys))
        infinite = np.full(len(keys), np.inf)
        p.add_rows("quality", name, keys,
                 [Terms(sales, pairs["row"].to_numpy(), pairs["col"].to_numpy(), coef)],
                 -infinite if upper else bound, bound if upper else infinite, "CNY/t",
                 f"market {'upper' if upper else 'lower'} quality limit")
