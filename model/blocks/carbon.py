"""Emissions accounting by source type, the carbon price and the carbon cap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from model.data import ModelData
from model.linear import CostTerm, Terms, add_rows, add_vars, positions, registry
from model.sets import IndexSets


def add_carbon(m: pyo.ConcreteModel, data: ModelData, sets: IndexSets) -> None:
    r"""Emissions per source type and year, priced and optionally capped.

    .. math::
       :label: emission_definition

       E_{\sigma,y} = \sum_{\text{terms } j \text{ of source } \sigma} e_j\, v_{j,y}
       \quad \forall \sigma, y

    .. math::
       :label: carbon_cap

       \sum_\sigma E_{\sigma,y} \le \overline{E}_y \quad \forall y: \overline{E}_y < \infty

    Cost :math:`\pi^{CO_2}_y \sum_\sigma E_{\sigma,y}`. The carbon shadow price is
    :math:`-\mu_y / \delta_y \ge 0`, the undiscounted cost of tightening the cap by one tonne.

    ==========================  ====  ==============================  ==========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  ==========
    :math:`E_{\sigma,y}`        V     ``carbon.emissions``            tCO2e/yr
    :math:`\overline{E}_y`      P     ``carbon_cap``                  tCO2e/yr
    :math:`\pi^{CO_2}_y`        P     ``carbon_price``                CNY/tCO2e
    :math:`\mu_y`               D     ``carbon.carbon_cap``           CNY/tCO2e
    ==========================  ====  ==============================  ==========
    """
    b = m.carbon = pyo.Block()
    reg = registry(m)
    years = list(sets.YEARS)
    sources = sorted({t.source for t in reg.emission_terms})
    keys = pd.DataFrame([(s, y) for s in sources for y in years], columns=["source", "year"])
    emissions = add_vars(b, "emissions", keys, "tCO2e/yr", "emissions by source type")
    terms = [Terms(emissions, np.arange(len(keys)), np.arange(len(keys)), np.ones(len(keys)))]
    for t in reg.emission_terms:
        rows = positions(keys, pd.DataFrame({"source": t.source, "year": t.year}))
        terms.append(Terms(t.family, rows, t.col, -t.coef))
    zeros = np.zeros(len(keys))
    add_rows(b, "emission_definition", keys, terms, zeros, zeros, "CNY/tCO2e",
             "definition of emissions by source")

    year_keys = pd.DataFrame({"year": years})
    cap = data.lookup("carbon_cap", year_keys)
    capped = year_keys[np.isfinite(cap)].reset_index(drop=True)
    rows = positions(capped, keys[["year"]])
    mask = rows >= 0
    add_rows(b, "carbon_cap", capped,
             [Terms(emissions, rows[mask], np.arange(len(keys))[mask], np.ones(mask.sum()))],
             np.full(len(capped), -np.inf), cap[np.isfinite(cap)], "CNY/tCO2e",
             "cap on total emissions")
    reg.cost_terms.append(CostTerm("carbon", emissions, np.arange(len(keys)),
                                   data.lookup("carbon_price", keys[["year"]]),
                                   keys["year"].to_numpy()))
