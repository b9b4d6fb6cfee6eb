"""Border carbon adjustments charged by destination markets on imports."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.lp.program import Columns, CostTerm, Program


def border_per_tonne(data: ModelData, keys: pd.DataFrame) -> np.ndarray:
    """Border adjustment (CNY/t) of each (node, material, year) sold; 0 where none applies."""
    home = data.lookup("carbon_price", pd.DataFrame({"year": keys["year"]}))
    gap = np.maximum(0.0, data.lookup("border_carbon_price", keys) - home)
    per_tonne = (data.lookup("embodied_emission_factor", keys) * gap
                 * data.lookup("border_phase_in", keys))
    return np.nan_to_num(per_tonne)


def add_border(p: Program, data: ModelData, sets: IndexSets, sales: Columns) -> None:
    r"""Border carbon adjustment (EU CBAM style) on sales to markets that charge one.

    .. math::
       :label: border_adjustment

       c^{BCA}_{n,m,y} = \epsilon^{emb}_m \, \max(0, \pi^{dest}_{n,y} - \pi^{CO_2}_y)\,
       \phi_{n,y} \quad \text{per tonne of } q_{n,m,y}

    where both :math:`\pi^{dest}_{n,y}` and :math:`\epsilon^{emb}_m` are given. The cost enters
    the objective in category ``border_adjustment``; the carbon price already paid at home is
    deducted, and :math:`\phi` is the destination's phase-in factor.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\epsilon^{emb}_m`     P     ``embodied_emission_factor``     tCO2e/t
    :math:`\pi^{dest}_{n,y}`     P     ``border_carbon_price``          CNY/tCO2e
    :math:`\phi_{n,y}`           P     ``border_phase_in``              1
    :math:`\pi^{CO_2}_y`         P     ``carbon_price``                 CNY/tCO2e
    ===========================  ====  ===============================  ==========
    """
    keys = sales.keys
    per_tonne = border_per_tonne(data, keys)
    charged = np.flatnonzero(per_tonne > 0)
    p.cost_terms.append(CostTerm("border_adjustment", sales, charged, per_tonne[charged],
                                   keys["year"].to_numpy()[charged]))
