"""Regulatory recovery minimums: elements entering a stage must leave it in products."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.composition import compositions, transfer
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Columns, Program, Terms


def element_flows(data: ModelData, sets: IndexSets) -> pd.DataFrame:
    """Tonnes of each element entering and leaving each process per unit of activity, by year.

    Columns: process, element, year, in, out. Materials without a composition carry no element.
    """
    comp = compositions(data).reset_index()
    io = transfer(data).rename("coef").reset_index().merge(comp,
                                                                      on=["material", "year"])
    io["t"] = io["coef"] * io["fraction"]
    table = io.pivot_table(index=["process", "element", "year"], columns="direction", values="t",
                           aggfunc="sum", fill_value=0.0)
    return table.reindex(columns=["in", "out"], fill_value=0.0).reset_index()


def add_recovery_minimum(
    p: Program, data: ModelData, sets: IndexSets, activity: Columns
) -> None:
    r"""Share of an element entering a stage's processes that leaves them in products.

    .. math::
       :label: recovery_minimum

       \sum_{p \in P_s} x_{p,y} \Big( \sum_m a^{out}_{p,m,y} c_{m,e,y}
       - r_{s,e} \sum_m a^{in}_{p,m,y} c_{m,e,y} \Big) \ge 0 \quad \forall (s,e) , y

    With fixed transfer coefficients each process has a fixed recovery rate; the rule decides
    the mix of processes within a stage (e.g. hydrometallurgy over pyrometallurgy for Li).

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`r_{s,e}`              P     ``recovery_minimum``             1
    :math:`c_{m,e,y}`            P     ``material_composition``         t/t
    :math:`\rho_{s,e,y}`         D     ``recovery.recovery_minimum``    CNY/t
    ===========================  ====  ===============================  ==========
    """
    rules = data.keys("recovery_minimum", ["stage", "element"],
                      rate=data.params["recovery_minimum"].to_numpy())
    if rules.empty:  # no rule: no rows (and no element flows to work out)
        keys = data.keys("recovery_minimum", ["stage", "element"],
                         year=np.zeros(0, dtype=np.int64))
        p.add_rows("recovery", "recovery_minimum", keys, [], np.zeros(0), np.zeros(0), "CNY/t",
                   "regulatory minimum recovery of an element")
        return
    keys = rules[["stage", "element"]].merge(pd.DataFrame({"year": list(sets.YEARS)}), how="cross")
    stage = data.sets["process"]["stage"].rename("stage").reset_index()
    flows = element_flows(data, sets).merge(stage, on="process")
    flows = flows.merge(rules, on=["stage", "element"])
    flows["coef"] = flows["out"] - flows["rate"] * flows["in"]
    cols = activity.keys.reset_index().rename(columns={"index": "col"})
    pairs = flows.merge(cols, on=["process", "year"]).merge(
        keys.reset_index().rename(columns={"index": "row"}), on=["stage", "element", "year"])
    p.add_rows("recovery", "recovery_minimum", keys,
             [Terms(activity, pairs["row"].to_numpy(), pairs["col"].to_numpy(),
                    pairs["coef"].to_numpy())],
             np.zeros(len(keys)), np.full(len(keys), np.inf), "CNY/t",
             "regulatory minimum recovery of an element")
