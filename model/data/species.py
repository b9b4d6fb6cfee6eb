r"""Emission species (CO2, CH4, N2O, SO2, NOx, PM...) of processes, and their CO2e.

``process_species_emissions`` gives tonnes of a species per unit of a *basis*: ``activity``
(a tonne of the process's activity) or a material the process takes in or puts out (per
tonne of that input or output, as an LCA inventory often states it). With fixed transfer
coefficients both are a factor per unit of activity:

.. math::

   f_{p,s,y} = \sum_b \varphi_{p,s,b,y}\, a_{p,b,y} \qquad (a_{p,\mathrm{activity},y} = 1)

A species with a global warming potential :math:`GWP_s` (``species_gwp``) adds
:math:`GWP_s f_{p,s,y}` tCO2e to the process's direct emissions, and so to every carbon
instrument; every species is also reported, and may be capped, in its own tonnes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.composition import transfer
from model.data.dataset import ModelData
from model.errors import Problem

__all__ = ["ACTIVITY", "check_species_basis", "direct_factor", "species_factors"]

ACTIVITY = "activity"


def species_factors(data: ModelData) -> pd.DataFrame:
    """Tonnes of each species per unit of activity: columns process, species, year, factor."""
    given = data.params["process_species_emissions"]
    if given.empty:
        return pd.DataFrame({"process": pd.Series(dtype=object), "species": pd.Series(dtype=object),
                             "year": pd.Series(dtype=int), "factor": pd.Series(dtype=float)})
    rows = given.rename("value").reset_index()
    io = transfer(data).rename("coef").reset_index().rename(
        columns={"material": "basis"}).groupby(["process", "basis", "year"])["coef"].sum()
    per = io.reindex(pd.MultiIndex.from_frame(rows[["process", "basis", "year"]])).to_numpy()
    rows["factor"] = rows["value"] * np.where(rows["basis"] == ACTIVITY, 1.0, np.nan_to_num(per))
    return rows.groupby(["process", "species", "year"], as_index=False)["factor"].sum()


def direct_factor(data: ModelData, keys: pd.DataFrame) -> np.ndarray:
    """Direct process emissions in tCO2e per unit of activity for each (process, year) of
    ``keys``: ``process_emissions`` plus the species weighted by their GWP."""
    base = data.lookup("process_emissions", keys)
    if data.params["process_species_emissions"].empty:
        return base
    factors = species_factors(data)
    if factors.empty:
        return base
    factors["co2e"] = factors["factor"] * data.lookup("species_gwp", factors)
    co2e = factors.groupby(["process", "year"])["co2e"].sum()
    extra = co2e.reindex(pd.MultiIndex.from_frame(keys[["process", "year"]])).to_numpy()
    return base + np.nan_to_num(extra)


def check_species_basis(data: ModelData, problems: list[Problem]) -> None:
    """A species factor is per unit of activity or of a material the process takes or makes
    (in one direction only, or the basis would be ambiguous)."""
    rows = data.keys("process_species_emissions")
    if rows.empty:
        return
    file = data.cat.params["process_species_emissions"].file
    io = transfer(data).index.to_frame(index=False)
    directions = io.groupby(["process", "material"])["direction"].nunique()
    for process, basis in rows[["process", "basis"]].drop_duplicates().itertuples(index=False):
        if basis == ACTIVITY:
            continue
        count = directions.get((process, basis), 0)
        if count == 1:
            continue
        rule = (f"basis '{basis}' is not an input or output of process '{process}'" if not count
                else f"basis '{basis}' both enters and leaves process '{process}'")
        problems.append(Problem(file, rule, key=f"process={process!r}, basis={basis!r}",
                                column="basis", value=basis,
                                fix=f"write {ACTIVITY} (per tonne of activity) or one of the "
                                    "process's inputs or outputs in process_io"))
