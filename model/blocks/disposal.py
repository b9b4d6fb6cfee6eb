"""Disposal sinks (landfill, incineration) for residues."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from model.data import ModelData
from model.linear import BalanceTerm, CostTerm, EmissionTerm, add_vars, registry
from model.sets import IndexSets


def add_disposal(m: pyo.ConcreteModel, data: ModelData, sets: IndexSets) -> None:
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
    b = m.disposal = pyo.Block()
    reg = registry(m)
    keys = sets.DISPOSAL_nmy
    waste = add_vars(b, "disposal", keys, "t/yr", "material disposed of")
    cols, years = np.arange(len(waste)), keys["year"].to_numpy()
    reg.cost_terms.append(CostTerm("disposal", waste, cols,
                                   data.lookup("disposal_cost", keys), years))
    reg.emission_terms.append(EmissionTerm("disposal", waste, cols,
                                           data.lookup("disposal_emissions", keys), years))
    reg.balance_terms.append(BalanceTerm(waste, cols, np.ones(len(waste)), keys))
