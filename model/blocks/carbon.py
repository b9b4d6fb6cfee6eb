"""Emissions by source and scope, avoided-emission credits, and the carbon policy instruments."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.domain import SCOPE_OF_SOURCE
from model.lp.program import Columns, CostTerm, Program, Terms, positions

__all__ = ["SCOPE_OF_SOURCE", "Carbon", "add_carbon", "covered_terms"]

def _coverage(data: ModelData, instrument: str, sources: pd.Series) -> np.ndarray:
    keys = pd.DataFrame({"instrument": instrument, "scope": sources.map(SCOPE_OF_SOURCE)})
    return data.lookup("scope_coverage", keys)


def covered_terms(
    data: ModelData, instrument: str, emissions: Columns, credits: Columns,
    rows_of_year: dict[int, int], sign: float = 1.0,
) -> list[Terms]:
    """Terms of :math:`\\sum_\\sigma \\kappa E_{\\sigma,y} - [\\text{subst}]\\, C_y` per row."""
    keys = emissions.keys
    rows = keys["year"].map(rows_of_year)
    mask = rows.notna().to_numpy()
    cov = _coverage(data, instrument, keys["source"])
    terms = [Terms(emissions, rows[mask].to_numpy(int), np.flatnonzero(mask), sign * cov[mask])]
    if data.accounting == "substitution" and len(credits):
        crow = credits.keys["year"].map(rows_of_year)
        cmask = crow.notna().to_numpy()
        terms.append(Terms(credits, crow[cmask].to_numpy(int), np.flatnonzero(cmask),
                           -sign * np.ones(int(cmask.sum()))))
    return terms


@dataclass(frozen=True)
class Carbon:
    """Handles of the emission and credit columns."""

    emissions: Columns
    credits: Columns


def add_carbon(
    p: Program, data: ModelData, sets: IndexSets, sales: Columns, activity: Columns
) -> Carbon:
    r"""Emissions per source type and year, credits, carbon price, caps, budget and standards.

    .. math::
       :label: emission_definition

       E_{\sigma,y} = \sum_{\text{terms } j \text{ of source } \sigma} e_j\, v_{j,y}
       \quad \forall \sigma, y

    .. math::
       :label: credit_definition

       C_y = \sum_{n,m} \beta_m\, q_{n,m,y} \quad \text{(avoided emissions of products sold)}

    Covered emissions of instrument :math:`i` (price, cap, budget, intensity), with
    :math:`\kappa_{i,s(\sigma)}` the share of scope :math:`s(\sigma)` it covers and
    :math:`\theta = 1` under substitution accounting, 0 under cut-off:
    :math:`\tilde E^i_y = \sum_\sigma \kappa_{i,s(\sigma)} E_{\sigma,y} - \theta\, C_y`.

    .. math::
       :label: carbon_cap

       \tilde E^{cap}_y \le \overline{E}_y \quad \forall y: \overline{E}_y < \infty

    .. math::
       :label: carbon_budget

       \sum_y \tilde E^{budget}_y \le B

    .. math::
       :label: intensity_standard

       \tilde E^{intensity}_y \le \iota_y \sum_p x_{p,y}

    .. math::
       :label: product_intensity_standard

       \tilde E^{intensity}_y \le \iota_{m,y} \sum_n q_{n,m,y}

    Cost :math:`\pi^{CO_2}_y \tilde E^{price}_y`. Shadow prices are reported as
    :math:`-\mu / \delta_y \ge 0` (undiscounted CNY per tCO2e; the budget's in first-year CNY).
    Scopes: process and fuel are scope 1, electricity scope 2, transport and disposal scope 3.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`E_{\sigma,y}`         V     ``carbon.emissions``             tCO2e/yr
    :math:`C_y`                  V     ``carbon.credits``               tCO2e/yr
    :math:`\beta_m`              P     ``substitution_factor``          tCO2e/t
    :math:`\kappa_{i,s}`         P     ``scope_coverage``               1
    :math:`\overline{E}_y`       P     ``carbon_cap``                   tCO2e/yr
    :math:`B`                    P     ``carbon_budget``                tCO2e
    :math:`\iota_y`              P     ``intensity_standard``           tCO2e/t
    :math:`\iota_{m,y}`          P     ``product_intensity_standard``   tCO2e/t
    :math:`\pi^{CO_2}_y`         P     ``carbon_price``                 CNY/tCO2e
    :math:`\mu`                  D     ``carbon.carbon_cap`` etc.       CNY/tCO2e
    ===========================  ====  ===============================  ==========
    """
    years = list(sets.YEARS)
    sources = sorted({t.source for t in p.emission_terms})
    keys = pd.DataFrame([(s, y) for s in sources for y in years], columns=["source", "year"])
    emissions = p.add_columns("carbon", "emissions", keys, "tCO2e/yr", "emissions by source type")
    terms = [Terms(emissions, np.arange(len(keys)), np.arange(len(keys)), np.ones(len(keys)))]
    for t in p.emission_terms:
        rows = positions(keys, pd.DataFrame({"source": t.source, "year": t.year}))
        terms.append(Terms(t.family, rows, t.col, -t.coef))
    zeros = np.zeros(len(keys))
    p.add_rows("carbon", "emission_definition", keys, terms, zeros, zeros, "CNY/tCO2e",
             "definition of emissions by source")
    credits = _add_credits(p, data, years, sales)
    _add_limits(p, data, emissions, credits, years, activity)
    _add_product_standard(p, data, emissions, credits, sales)
    price_rows = {y: i for i, y in enumerate(years)}
    for term in covered_terms(data, "price", emissions, credits, price_rows):
        year = np.asarray(years)[term.row]
        price = data.lookup("carbon_price", pd.DataFrame({"year": year}))
        p.cost_terms.append(CostTerm("carbon", term.family, term.col, term.coef * price, year))
    return Carbon(emissions, credits)


def _add_credits(p: Program, data: ModelData, years: list[int], sales: Columns) -> Columns:
    factor = data.lookup("substitution_factor", sales.keys)
    credited = np.flatnonzero(np.nan_to_num(factor) > 0)
    keys = pd.DataFrame({"year": years if len(credited) else []}, dtype=int)
    credits = p.add_columns("carbon", "credits", keys, "tCO2e/yr",
                       "avoided emissions of products sold (substitution credits)")
    rows = positions(keys, sales.keys.iloc[credited][["year"]])
    zeros = np.zeros(len(keys))
    p.add_rows("carbon", "credit_definition", keys,
             [Terms(credits, np.arange(len(keys)), np.arange(len(keys)), np.ones(len(keys))),
              Terms(sales, rows, credited, -factor[credited])],
             zeros, zeros, "CNY/tCO2e", "definition of substitution credits")
    return credits


def _add_limits(
    p: Program, data: ModelData, emissions: Columns, credits: Columns, years: list[int],
    activity: Columns,
) -> None:
    year_keys = pd.DataFrame({"year": years})
    cap = data.lookup("carbon_cap", year_keys)
    capped = year_keys[np.isfinite(cap)].reset_index(drop=True)
    rows = {int(y): i for i, y in enumerate(capped["year"])}
    p.add_rows("carbon", "carbon_cap", capped, covered_terms(data, "cap", emissions, credits, rows),
             np.full(len(capped), -np.inf), cap[np.isfinite(cap)], "CNY/tCO2e",
             "cap on covered emissions of the year")

    budget = data.scalar("carbon_budget")
    budget_keys = pd.DataFrame({"budget": ["horizon"] if np.isfinite(budget) else []})
    p.add_rows("carbon", "carbon_budget", budget_keys,
             covered_terms(data, "budget", emissions, credits, dict.fromkeys(years, 0)),
             np.full(len(budget_keys), -np.inf), np.full(len(budget_keys), budget),
             "CNY/tCO2e", "cumulative emissions budget")

    standard = data.lookup("intensity_standard", year_keys)
    limited = year_keys[np.isfinite(standard)].reset_index(drop=True)
    rows = {int(y): i for i, y in enumerate(limited["year"])}
    arow = activity.keys["year"].map(rows)
    amask = arow.notna().to_numpy()
    terms = covered_terms(data, "intensity", emissions, credits, rows)
    terms.append(Terms(activity, arow[amask].to_numpy(int), np.flatnonzero(amask),
                       -standard[np.searchsorted(years, activity.keys["year"][amask])]))
    p.add_rows("carbon", "intensity_standard", limited, terms, np.full(len(limited), -np.inf),
             np.zeros(len(limited)), "CNY/tCO2e", "emissions per tonne of park throughput")


def _add_product_standard(
    p: Program, data: ModelData, emissions: Columns, credits: Columns, sales: Columns
) -> None:
    keys = data.keys("product_intensity_standard")[["material", "year"]]
    limit = data.params["product_intensity_standard"].to_numpy()
    terms: list[Terms] = []
    for i, (material, year) in enumerate(keys.itertuples(index=False)):
        part = covered_terms(data, "intensity", emissions, credits, {int(year): i})
        terms += part
        cols = np.flatnonzero((sales.keys["material"] == material).to_numpy()
                              & (sales.keys["year"] == year).to_numpy())
        terms.append(Terms(sales, np.full(len(cols), i), cols, -limit[i] * np.ones(len(cols))))
    p.add_rows("carbon", "product_intensity_standard", keys, terms, np.full(len(keys), -np.inf),
             np.zeros(len(keys)), "CNY/tCO2e", "emissions per tonne of a product sold")
