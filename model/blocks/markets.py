"""Supplies of end-of-life material and markets for products."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import BalanceTerm, Columns, CostTerm, Program


@dataclass(frozen=True)
class Markets:
    """Handles of the supply and sales columns."""

    supply: Columns
    sales: Columns


def add_markets(p: Program, data: ModelData, sets: IndexSets) -> Markets:
    r"""Supply taken from sources and sales to markets, with their bounds, costs and revenue.

    .. math::
       :label: supply_bounds

       \underline{S}_{n,m,y} \le s_{n,m,y} \le \overline{S}_{n,m,y}
       \quad \forall (n,m,y) \in \mathcal{SUPPLY}

    with :math:`\underline{S}_{n,m,y} = \max(S^{min}_{n,m,y},\ o_{n,m}\, \overline{S}_{n,m,y})`:
    a supply obligation :math:`o` makes a share of what is available a lower bound.

    .. math::
       :label: sale_bounds

       \underline{D}_{n,m,y} \le q_{n,m,y} \le \overline{D}_{n,m,y}
       \quad \forall (n,m,y) \in \mathcal{SALE}

    Cost contributions: acquisition :math:`c^{sup}_{n,m,y}\, s_{n,m,y}` and revenue
    :math:`-p_{n,m,y}\, q_{n,m,y}`. In the node balance, :math:`s` is a source and :math:`q` a use.

    ==========================  ====  ==============================  =========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  =========
    :math:`s_{n,m,y}`           V     ``markets.supply``              t/yr
    :math:`q_{n,m,y}`           V     ``markets.sales``               t/yr
    :math:`\overline{S}`        P     ``supply_max``                  t/yr
    :math:`S^{min}`             P     ``supply_min``                  t/yr
    :math:`o_{n,m}`             P     ``supply_obligation``           1
    :math:`c^{sup}`             P     ``supply_cost``                 CNY/t
    :math:`\overline{D}`        P     ``market_max``                  t/yr
    :math:`\underline{D}`       P     ``market_min``                  t/yr
    :math:`p`                   P     ``market_price``                CNY/t
    ==========================  ====  ==============================  =========
    """
    supply_keys, sale_keys = sets.SUPPLY_nmy, sets.SALE_nmy
    available = data.lookup("supply_max", supply_keys)
    must = data.lookup("supply_obligation", supply_keys) * np.where(np.isfinite(available),
                                                                     available, 0.0)
    supply = p.add_columns(
        "markets", "supply", supply_keys, "t/yr", "material taken from a supply",
        upper=available,
        lower=np.maximum(data.lookup("supply_min", supply_keys), must),
    )
    sales = p.add_columns(
        "markets", "sales", sale_keys, "t/yr", "material sold to a market",
        upper=data.lookup("market_max", sale_keys),
        lower=data.lookup("market_min", sale_keys),
    )
    n_s, n_q = len(supply), len(sales)
    p.cost_terms.append(CostTerm("acquisition", supply, np.arange(n_s),
                                   data.lookup("supply_cost", supply_keys),
                                   supply_keys["year"].to_numpy()))
    p.cost_terms.append(CostTerm("revenue", sales, np.arange(n_q),
                                   -data.lookup("market_price", sale_keys),
                                   sale_keys["year"].to_numpy()))
    p.balance_terms.append(BalanceTerm(supply, np.arange(n_s), -np.ones(n_s), supply_keys))
    p.balance_terms.append(BalanceTerm(sales, np.arange(n_q), np.ones(n_q), sale_keys))
    return Markets(supply, sales)
