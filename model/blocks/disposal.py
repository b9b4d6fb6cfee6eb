"""Disposal sinks (landfill, incineration) for residues."""

from __future__ import annotations

import numpy as np

from model.data.dataset import ModelData
from model.data.sets import IndexSets, key_rows
from model.lp.program import BalanceTerm, Columns, CostTerm, EmissionTerm, Program


def add_disposal(p: Program, data: ModelData, sets: IndexSets) -> Columns:
    r"""Disposal of a material at a node, at a fee and with emissions.

    .. math::
       :label: disposal

       w_{n,m,y} \ge 0 \quad \forall (n,m,y) \in \mathcal{DISPOSAL}

    Cost :math:`c^{dis}_{n,m}\, w_{n,m,y}`; emissions :math:`e^{dis}_{n,m}\, w_{n,m,y}`
    (source ``disposal``); :math:`w` is a use in the node balance.

    ==========================  ====  ==============================  =========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  =========
    :math:`w_{n,m,y}`           V     ``disposal.disposal``           t/yr
    :math:`c^{dis}_{n,m}`       P     ``disposal_cost``               CNY/t
    :math:`e^{dis}_{n,m}`       P     ``disposal_emissions``          tCO2e/t
    ==========================  ====  ==============================  =========
    """
    keys = sets.DISPOSAL_nmy
    waste = p.add_columns("disposal", "disposal", keys, "t/yr", "material disposed of")
    cols, years = np.arange(len(waste)), keys["year"].to_numpy()
    p.cost_terms.append(CostTerm("disposal", waste, cols,
                                   data.lookup("disposal_cost", keys), years))
    unique = data.sets["node"].index.is_unique  # else the nodes have no rows to keep
    p.emission_terms.append(EmissionTerm("disposal", waste, cols,
                                           data.lookup("disposal_emissions", keys), years,
                                           keys["node"].to_numpy(),
                                           key_rows(data, "node", keys) if unique else None))
    p.balance_terms.append(BalanceTerm(waste, cols, np.ones(len(waste)), keys))
    return waste
