"""Node-material balances: what arrives at a node is what leaves it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Program, Terms, positions


def add_balance(p: Program, data: ModelData, sets: IndexSets) -> None:
    r"""Mass balance of every material at every node and year.

    .. math::
       :label: balance

       q_{n,m,y} + w_{n,m,y} + \sum_{r: o(r)=n} f_{r,m,y} + \sum_{p@n} a^{in}_{p,m} x_{p,y}
       - s_{n,m,y} - \sum_{r: d(r)=n} f_{r,m,y} - \sum_{p@n} a^{out}_{p,m} x_{p,y} = 0
       \quad \forall (n,m,y) \in \mathcal{BALANCE}

    The material's local shadow price is :math:`-\lambda_{n,m,y} / \delta_y`: what one more
    tonne of the material appearing at the node would be worth (undiscounted CNY/t of the
    year). It is negative for a waste that costs money to get rid of.

    ==========================  ====  ==============================  =========
    symbol                      type  model attribute                 unit
    ==========================  ====  ==============================  =========
    :math:`\lambda_{n,m,y}`     D     ``balance.balance``             CNY/t (PV)
    ==========================  ====  ==============================  =========
    """
    keys = sets.BALANCE_nmy
    columns = ["node", "material", "year"]
    at = [t.at for t in p.balance_terms]
    rows = positions(keys, at) if at else np.empty(0, np.int64)
    if (rows < 0).any():
        outside = pd.concat([a[columns] for a in at], ignore_index=True)[rows < 0].head(3)
        raise AssertionError(f"balance terms outside BALANCE_nmy: {outside}")
    starts = np.cumsum([0] + [len(t.col) for t in p.balance_terms])
    terms = [Terms(t.family, rows[s:e], t.col, t.coef)
             for t, s, e in zip(p.balance_terms, starts[:-1], starts[1:], strict=True)]
    zeros = np.zeros(len(keys))
    p.add_rows("balance", "balance", keys, terms, zeros, zeros, "CNY/t", "node-material balance")
