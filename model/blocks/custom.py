"""User-defined linear constraints from data: policy targets, ratios, shares and minimum
throughputs written as tables, not code (after Calliope's custom math and PyPSA's global
constraints)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.blocks.carbon import Carbon
from model.blocks.markets import Markets
from model.blocks.processes import Processes
from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Columns, Program, Terms, positions

__all__ = ["Quantities", "add_user_constraints"]


@dataclass(frozen=True)
class Quantities:
    """The columns a user-defined constraint may weigh."""

    markets: Markets
    flow: Columns
    processes: Processes
    carbon: Carbon


def _terms(data: ModelData, name: str, family: Columns, rows_of: pd.DataFrame,
           dims: list[str], weight: np.ndarray | None = None) -> list[Terms]:
    """Terms of coefficient table ``name`` on the columns of ``family`` whose keys match the
    table's ``dims`` (every year); rows by (constraint, year) in ``rows_of``."""
    series = data.params[name]
    if series.empty or not len(family):
        return []
    series = series[series != 0]
    if series.empty:
        return []
    coef = series.index.to_frame(index=False).assign(coef=series.to_numpy(dtype=float))
    keys = family.keys.reset_index(drop=True)
    keys = keys.assign(column=np.arange(len(keys)),
                       weight=1.0 if weight is None else weight)
    matched = keys.merge(coef, on=dims) if dims else keys.merge(coef, how="cross")
    row = positions(rows_of, matched[["constraint", "year"]])
    mask = row >= 0
    values = (matched["coef"] * matched["weight"]).to_numpy()
    return [Terms(family, row[mask], matched["column"].to_numpy()[mask], values[mask])]


def add_user_constraints(p: Program, data: ModelData, sets: IndexSets,
                         q: Quantities) -> None:
    r"""User-defined linear constraints.

    A constraint :math:`k` weighs model quantities of each year by the coefficients of the
    ``constraint_*`` tables (a combination without a row weighs 0) and keeps the sum between
    its bounds in every year that has one:

    .. math::
       :label: user_constraint

       \underline{K}_{k,y} \le
       \sum_{n,m} \big(a^{S}_{k,n,m}\, s_{n,m,y} + a^{Q}_{k,n,m}\, q_{n,m,y}\big)
       + \sum_{r,m} a^{F}_{k,r,m}\, f_{r,m,y}
       + \sum_{p} \big(a^{X}_{k,p}\, x_{p,y} + a^{N}_{k,p}\, n_{p,y}\big)
       + a^{E}_{k} \sum_{\sigma} E_{\sigma,y}
       \le \overline{K}_{k,y}

    A share is a ratio moved to one side: "at least 30 % of the copper sold goes to the
    Tianjin cable makers" is :math:`q_{tj,cu} - 0.3 \sum_n q_{n,cu} \ge 0`. The dual of
    each row is in the cube (``constraint_shadow_price``).

    ===========================  ====  ===========================  ========
    symbol                       type  model attribute / parameter  unit
    ===========================  ====  ===========================  ========
    :math:`s_{n,m,y}`            V     ``markets.supply``           t/yr
    :math:`q_{n,m,y}`            V     ``markets.sales``            t/yr
    :math:`f_{r,m,y}`            V     ``flows.flow``               t/yr
    :math:`x_{p,y}`              V     ``processes.activity``       t/yr
    :math:`n_{p,y}`              V     ``processes.new_capacity``   t/yr
    :math:`E_{\sigma,y}`         V     ``carbon.emissions``         tCO2e/yr
    :math:`a^{S}_{k,n,m}`        P     ``constraint_supply``        1
    :math:`a^{Q}_{k,n,m}`        P     ``constraint_sales``         1
    :math:`a^{F}_{k,r,m}`        P     ``constraint_flow``          1
    :math:`a^{X}_{k,p}`          P     ``constraint_activity``      1
    :math:`a^{N}_{k,p}`          P     ``constraint_new_capacity``  1
    :math:`a^{E}_{k}`            P     ``constraint_emissions``     t/tCO2e
    :math:`\underline{K}_{k,y}`  P     ``constraint_min``           t/yr
    :math:`\overline{K}_{k,y}`   P     ``constraint_max``           t/yr
    ===========================  ====  ===========================  ========
    """
    names = data.sets["constraint"].index.to_numpy() if "constraint" in data.sets else []
    keys = pd.DataFrame([(str(k), y) for k in names for y in sets.YEARS],
                        columns=["constraint", "year"])
    low = data.lookup("constraint_min", keys) if len(keys) else np.zeros(0)
    high = data.lookup("constraint_max", keys) if len(keys) else np.zeros(0)
    low = np.where(np.isnan(low), -np.inf, low)
    terms = [
        *_terms(data, "constraint_supply", q.markets.supply, keys, ["node", "material"]),
        *_terms(data, "constraint_sales", q.markets.sales, keys, ["node", "material"]),
        *_terms(data, "constraint_flow", q.flow, keys, ["route", "material"]),
        *_terms(data, "constraint_activity", q.processes.activity, keys, ["process"]),
        *_terms(data, "constraint_new_capacity", q.processes.new_capacity, keys, ["process"]),
        *_terms(data, "constraint_emissions", q.carbon.emissions, keys, []),
    ]
    p.add_rows("custom", "user_constraint", keys, terms, low, high, "CNY/t",
               "user-defined constraint")
