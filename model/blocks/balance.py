"""Node-material balances: what arrives at a node is what leaves it."""

from __future__ import annotations

import numpy as np

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
    terms = []
    for term in p.balance_terms:
        rows = positions(keys, term.at[["node", "material", "year"]])
        if (rows < 0).any():
            raise AssertionError(f"balance term of {term.family.name} outside BALANCE_nmy")
        terms.append(Terms(term.family, rows, term.col, term.coef))
    zeros = np.zeros(len(keys))
    p.add_rows("balance", "balance", keys, terms, zeros, zeros, "CNY/t", "node-material balance")
