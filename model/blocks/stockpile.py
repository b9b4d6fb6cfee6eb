"""Stockpiles: material held at a node from one year to the next (the untreated backlog)."""

from __future__ import annotations

import numpy as np

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import BalanceTerm, Columns, CostTerm, Program

__all__ = ["add_stockpile"]


def add_stockpile(p: Program, data: ModelData, sets: IndexSets) -> Columns:
    r"""Stock held at a node at the end of each year, with a holding cost and a capacity.

    .. math::
       :label: stockpile

       0 \le h_{n,m,y} \le \overline{H}_{n,m} \quad \forall (n,m,y) \in \mathcal{STOCK}

    Putting material into stock is a use in the node balance and drawing it out a source:
    the balance of :math:`(n,m,y)` gains :math:`h_{n,m,y} - h_{n,m,y-1}` (model years are
    consecutive; no stock before the first year). Cost :math:`c^{hold}_{n,m}\, h_{n,m,y}` per
    year (category ``storage``). The stock left at the end of the horizon is the untreated
    backlog. Together with ``supply_obligation``, which makes a share of a supply a lower
    bound (:eq:`supply_bounds`), this keeps collected tonnes in the system: they are treated,
    or held at a cost.

    ==========================  ====  ==============================  ============
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  ============
    :math:`h_{n,m,y}`           V     ``stockpile.stockpile``         t
    :math:`\overline{H}_{n,m}`  P     ``stockpile_capacity``          t
    :math:`c^{hold}_{n,m}`      P     ``stockpile_cost``              CNY/(t yr)
    ==========================  ====  ==============================  ============
    """
    keys = sets.STOCK_nmy
    stock = p.add_columns("stockpile", "stockpile", keys, "t", "material held in stock at the "
                          "end of the year", upper=data.lookup("stockpile_capacity", keys))
    cols, years = np.arange(len(stock)), keys["year"].to_numpy()
    p.cost_terms.append(CostTerm("storage", stock, cols, data.lookup("stockpile_cost", keys),
                                 years))
    p.balance_terms.append(BalanceTerm(stock, cols, np.ones(len(stock)), keys))
    drawn = years < sets.YEARS[-1] if len(sets.YEARS) else np.zeros(0, bool)
    next_year = keys[drawn].assign(year=years[drawn] + 1).reset_index(drop=True)
    p.balance_terms.append(BalanceTerm(stock, cols[drawn], -np.ones(int(drawn.sum())),
                                       next_year))
    return stock
