"""Emission species in their own tonnes: limits such as a regional SO2 or NOx quota."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.data.species import species_factors
from model.lp.program import Columns, Program, Terms, positions

__all__ = ["add_species_caps"]


def add_species_caps(p: Program, data: ModelData, sets: IndexSets, activity: Columns) -> None:
    r"""A cap on the tonnes of a species that the processes emit in a year.

    .. math::
       :label: species_cap

       \sum_p f_{p,s,y}\, x_{p,y} \le \overline{S}_{s,y}
       \quad \forall s, y \text{ with } \overline{S}_{s,y} < \infty

    :math:`f_{p,s,y}` is tonnes of species :math:`s` per unit of activity (from a factor per
    unit of activity, or per tonne of an input or output times its transfer coefficient). A
    greenhouse gas also counts, weighted by its GWP, in the process's CO2e emissions (see the
    process block); this cap is in the species' own tonnes, apart from any carbon instrument.

    ==========================  ====  ==================================  ==========
    symbol                      type  model attribute / parameter         unit
    ==========================  ====  ==================================  ==========
    :math:`f_{p,s,y}`           P     ``process_species_emissions``       t/t
    :math:`GWP_s`               P     ``species_gwp``                     tCO2e/t
    :math:`\overline{S}_{s,y}`  P     ``species_cap``                     t/yr
    ==========================  ====  ==================================  ==========
    """
    caps = data.params["species_cap"]
    caps = caps[np.isfinite(caps.to_numpy(dtype=float))]
    keys = caps.index.to_frame(index=False)[["species", "year"]] if len(caps) else pd.DataFrame(
        {"species": pd.Series(dtype=object), "year": pd.Series(dtype=int)})
    if keys.empty:  # no cap: no rows (and no species factors to work out)
        p.add_rows("species", "species_cap", keys, [], np.zeros(0), np.zeros(0), "CNY/t",
                   "cap on the tonnes of an emission species")
        return
    factors = species_factors(data)
    terms = activity.keys.reset_index(drop=True).assign(column=np.arange(len(activity))).merge(
        factors, on=["process", "year"])
    rows = positions(keys, terms[["species", "year"]]) if len(keys) else np.full(len(terms), -1)
    mask = (rows >= 0) & (terms["factor"].to_numpy() != 0)
    p.add_rows("species", "species_cap", keys,
               [Terms(activity, rows[mask], terms["column"].to_numpy()[mask],
                      terms["factor"].to_numpy()[mask])],
               np.full(len(keys), -np.inf), caps.to_numpy(dtype=float), "CNY/t",
               "cap on the tonnes of an emission species")
