"""Emissions by source and scope, avoided-emission credits, and the carbon policy instruments
(price, caps, budget, intensity standards), each instrument group its own block."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.domain import SCOPE_OF_SOURCE, scope_nodes
from model.lp.program import Columns, CostTerm, Program, Terms, positions, year_numbers

__all__ = [
    "SCOPE_OF_SOURCE",
    "Carbon",
    "add_carbon_budget",
    "add_carbon_cap",
    "add_carbon_price",
    "add_emissions",
    "add_intensity_standard",
    "add_product_standard",
    "budget_terms",
    "covered_terms",
]

def _coverage(data: ModelData, instrument: str, sources: pd.Series) -> np.ndarray:
    """Share of each emission source's scope that ``instrument`` covers (per row)."""
    names, where = np.unique(sources.to_numpy(dtype=str), return_inverse=True)
    keys = pd.DataFrame({"instrument": instrument, "scope": [SCOPE_OF_SOURCE[n] for n in names]})
    return data.lookup("scope_coverage", keys)[where] if len(names) else np.zeros(0)


def _rows_of(years: pd.Series, rows_of_year: dict[int, int]) -> np.ndarray:
    """Row of each year (-1 where the year has none)."""
    if not rows_of_year:
        return np.full(len(years), -1, dtype=np.int64)
    known = np.array(sorted(rows_of_year), dtype=np.int64)
    rows = np.array([rows_of_year[int(y)] for y in known], dtype=np.int64)
    values = years.to_numpy(dtype=np.int64)
    at = np.clip(np.searchsorted(known, values), 0, len(known) - 1)
    return np.where(known[at] == values, rows[at], -1)


@dataclass(frozen=True)
class Carbon:
    """Handles of the emission and credit columns, and of the sales the credits count."""

    emissions: Columns
    credits: Columns
    sales: Columns


def covered_terms(
    p: Program, data: ModelData, instrument: str, carbon: Carbon,
    rows_of_year: dict[int, int], sign: float = 1.0,
) -> list[Terms]:
    """Terms of :math:`\\sum_\\sigma \\kappa E_{\\sigma,y} - [\\text{subst}]\\, C_y` per row; for
    an instrument with a node scope, of the emission terms and sales at its nodes."""
    nodes = scope_nodes(data, instrument)
    if nodes is not None:
        return _scoped_terms(p, data, instrument, carbon, nodes, rows_of_year, sign)
    keys = carbon.emissions.keys
    rows = _rows_of(keys["year"], rows_of_year)
    mask = rows >= 0
    cov = _coverage(data, instrument, keys["source"])
    terms = [Terms(carbon.emissions, rows[mask], np.flatnonzero(mask), sign * cov[mask])]
    if data.accounting == "substitution" and len(carbon.credits):
        crow = _rows_of(carbon.credits.keys["year"], rows_of_year)
        cmask = crow >= 0
        terms.append(Terms(carbon.credits, crow[cmask], np.flatnonzero(cmask),
                           -sign * np.ones(int(cmask.sum()))))
    return terms


def _scoped_terms(
    p: Program, data: ModelData, instrument: str, carbon: Carbon, nodes: list[str],
    rows_of_year: dict[int, int], sign: float,
) -> list[Terms]:
    """Covered emissions of the terms counted at ``nodes``, and credits of sales there."""
    terms = []
    for t in p.emission_terms:
        rows = _rows_of(pd.Series(t.year), rows_of_year)
        mask = (rows >= 0) & np.isin(t.node, nodes)
        if not mask.any():
            continue
        cov = _coverage(data, instrument, pd.Series([t.source]))[0]
        terms.append(Terms(t.family, rows[mask], t.col[mask], sign * cov * t.coef[mask]))
    if data.accounting == "substitution":
        keys = carbon.sales.keys
        factor = np.nan_to_num(data.lookup("substitution_factor", keys))
        rows = _rows_of(keys["year"], rows_of_year)
        mask = (rows >= 0) & (factor > 0) & keys["node"].isin(nodes).to_numpy()
        terms.append(Terms(carbon.sales, rows[mask], np.flatnonzero(mask),
                           -sign * factor[mask]))
    return terms


def add_emissions(p: Program, data: ModelData, sets: IndexSets, sales: Columns) -> Carbon:
    r"""Emissions per source type and year, and avoided-emission credits of products sold.

    .. math::
       :label: emission_definition

       E_{\sigma,y} = \sum_{\text{terms } j \text{ of source } \sigma} e_j\, v_{j,y}
       \quad \forall \sigma, y

    .. math::
       :label: credit_definition

       C_y = \sum_{n,m} \beta_m\, q_{n,m,y} \quad \text{(avoided emissions of products sold)}

    The emission terms are those the earlier blocks declared (process, fuel, electricity,
    transport, disposal). Scopes: process and fuel are scope 1, electricity scope 2,
    transport and disposal scope 3. The policy blocks below constrain or price the
    *covered* emissions of an instrument :math:`i` (price, cap, budget, intensity), with
    :math:`\kappa_{i,s(\sigma)}` the share of scope :math:`s(\sigma)` it covers and
    :math:`\theta = 1` under substitution accounting, 0 under cut-off:
    :math:`\tilde E^i_y = \sum_\sigma \kappa_{i,s(\sigma)} E_{\sigma,y} - \theta\, C_y`.
    An instrument with a boundary :math:`N_i` (``instrument_nodes``) counts only the terms at
    its nodes (a process's node, a route's origin, a disposal site) and the credits of sales
    there: :math:`\tilde E^i_y = \sum_{j: n(j) \in N_i} \kappa_{i,s(j)} e_j v_{j,y}
    - \theta \sum_{n \in N_i, m} \beta_m q_{n,m,y}`; what moves outside is leakage.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`E_{\sigma,y}`         V     ``carbon.emissions``             tCO2e/yr
    :math:`C_y`                  V     ``carbon.credits``               tCO2e/yr
    :math:`\beta_m`              P     ``substitution_factor``          tCO2e/t
    :math:`\kappa_{i,s}`         P     ``scope_coverage``               1
    ===========================  ====  ===============================  ==========
    """
    years = list(sets.YEARS)
    sources = sorted({t.source for t in p.emission_terms})
    keys = (pd.DataFrame({"source": np.repeat(np.asarray(sources, dtype=object), len(years)),
                          "year": np.tile(np.asarray(years, dtype=np.int64), len(sources))})
            if sources else pd.DataFrame([], columns=["source", "year"]))
    emissions = p.add_columns("carbon", "emissions", keys, "tCO2e/yr", "emissions by source type")
    terms = [Terms(emissions, np.arange(len(keys)), np.arange(len(keys)), np.ones(len(keys)))]
    for t in p.emission_terms:  # keys are sources x years: the row is found by arithmetic
        at = year_numbers(np.asarray(years), t.year)
        rows = np.where(at >= 0, sources.index(t.source) * len(years) + at, -1)
        terms.append(Terms(t.family, rows, t.col, -t.coef))
    zeros = np.zeros(len(keys))
    p.add_rows("carbon", "emission_definition", keys, terms, zeros, zeros, "CNY/tCO2e",
             "definition of emissions by source")
    return Carbon(emissions, _add_credits(p, data, years, sales), sales)


def add_carbon_price(p: Program, data: ModelData, sets: IndexSets, carbon: Carbon) -> None:
    r"""The carbon price: a cost on the covered emissions of each year.

    .. math::
       :label: carbon_price

       \text{cost}^{carbon}_y = \pi^{CO_2}_y\, \tilde E^{price}_y

    added to the objective under the cost category ``carbon``.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\pi^{CO_2}_y`         P     ``carbon_price``                 CNY/tCO2e
    ===========================  ====  ===============================  ==========
    """
    years = list(sets.YEARS)
    price_rows = {y: i for i, y in enumerate(years)}
    for term in covered_terms(p, data, "price", carbon, price_rows):
        year = np.asarray(years)[term.row]
        price = data.lookup("carbon_price", pd.DataFrame({"year": year}))
        p.cost_terms.append(CostTerm("carbon", term.family, term.col, term.coef * price, year))


def add_carbon_cap(p: Program, data: ModelData, sets: IndexSets, carbon: Carbon) -> None:
    r"""A cap on the covered emissions of each year that has one.

    .. math::
       :label: carbon_cap

       \tilde E^{cap}_y \le \overline{E}_y \quad \forall y: \overline{E}_y < \infty

    Shadow prices are reported as :math:`-\mu / \delta_y \ge 0` (undiscounted CNY per tCO2e).

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\overline{E}_y`       P     ``carbon_cap``                   tCO2e/yr
    :math:`\mu`                  D     ``carbon.carbon_cap``            CNY/tCO2e
    ===========================  ====  ===============================  ==========
    """
    year_keys = pd.DataFrame({"year": list(sets.YEARS)})
    cap = data.lookup("carbon_cap", year_keys)
    capped = year_keys[np.isfinite(cap)].reset_index(drop=True)
    rows = {int(y): i for i, y in enumerate(capped["year"])}
    p.add_rows("carbon", "carbon_cap", capped,
               covered_terms(p, data, "cap", carbon, rows),
               np.full(len(capped), -np.inf), cap[np.isfinite(cap)], "CNY/tCO2e",
               "cap on covered emissions of the year")


def budget_terms(p: Program, data: ModelData, sets: IndexSets, carbon: Carbon) -> list[Terms]:
    """The covered emissions of the horizon, all on the budget's one row: run apart from
    ``add_carbon_budget`` so that a member which moves only the budget replays them."""
    return covered_terms(p, data, "budget", carbon, dict.fromkeys(sets.YEARS, 0))


def add_carbon_budget(p: Program, data: ModelData, sets: IndexSets, covered: list[Terms]
                      ) -> None:
    r"""A budget on the covered emissions summed over the horizon.

    .. math::
       :label: carbon_budget

       \sum_y \tilde E^{budget}_y \le B

    Its shadow price is reported in first-year CNY per tCO2e. ``covered`` are the terms of
    :math:`\sum_y \tilde E^{budget}_y` (``budget_terms``).

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`B`                    P     ``carbon_budget``                tCO2e
    ===========================  ====  ===============================  ==========
    """
    budget = data.scalar("carbon_budget")
    budget_keys = pd.DataFrame({"budget": ["horizon"] if np.isfinite(budget) else []})
    p.add_rows("carbon", "carbon_budget", budget_keys, covered,
               np.full(len(budget_keys), -np.inf), np.full(len(budget_keys), budget),
               "CNY/tCO2e", "cumulative emissions budget")


def add_intensity_standard(
    p: Program, data: ModelData, sets: IndexSets, carbon: Carbon, activity: Columns
) -> None:
    r"""Covered emissions per tonne of the park's throughput, in the years with a standard.

    .. math::
       :label: intensity_standard

       \tilde E^{intensity}_y \le \iota_y \sum_p x_{p,y}

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\iota_y`              P     ``intensity_standard``           tCO2e/t
    ===========================  ====  ===============================  ==========
    """
    years = list(sets.YEARS)
    year_keys = pd.DataFrame({"year": years})
    standard = data.lookup("intensity_standard", year_keys)
    limited = year_keys[np.isfinite(standard)].reset_index(drop=True)
    rows = {int(y): i for i, y in enumerate(limited["year"])}
    arow = _rows_of(activity.keys["year"], rows)
    amask = arow >= 0
    terms = covered_terms(p, data, "intensity", carbon, rows)
    terms.append(Terms(activity, arow[amask], np.flatnonzero(amask),
                       -standard[np.searchsorted(years, activity.keys["year"][amask])]))
    p.add_rows("carbon", "intensity_standard", limited, terms, np.full(len(limited), -np.inf),
               np.zeros(len(limited)), "CNY/tCO2e", "emissions per tonne of park throughput")


def add_product_standard(
    p: Program, data: ModelData, sets: IndexSets, carbon: Carbon, sales: Columns
) -> None:
    r"""Intensity standards per tonne of a product sold.

    .. math::
       :label: product_intensity_standard

       \tilde E^{intensity}_y \le \iota_{m,y} \sum_n q_{n,m,y}

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`\iota_{m,y}`          P     ``product_intensity_standard``   tCO2e/t
    ===========================  ====  ===============================  ==========
    """
    keys = data.keys("product_intensity_standard", ["material", "year"])
    limit = data.params["product_intensity_standard"].to_numpy()
    terms: list[Terms] = []
    material, year = keys["material"].to_numpy(), keys["year"].to_numpy()
    for product in pd.unique(material):  # a product's rows have one year each
        mine = np.flatnonzero(material == product)
        terms += covered_terms(p, data, "intensity", carbon,
                               dict(zip(year[mine].astype(int).tolist(), mine.tolist(),
                                        strict=True)))
    row = positions(keys, sales.keys[["material", "year"]])  # each sale's product-year row
    cols = np.flatnonzero(row >= 0)
    terms.append(Terms(sales, row[cols], cols, -limit[row[cols]]))
    p.add_rows("carbon", "product_intensity_standard", keys, terms, np.full(len(keys), -np.inf),
             np.zeros(len(keys)), "CNY/tCO2e", "emissions per tonne of a product sold")


def _add_credits(p: Program, data: ModelData, years: list[int], sales: Columns) -> Columns:
    factor = data.lookup("substitution_factor", sales.keys)
    credited = np.flatnonzero(np.nan_to_num(factor) > 0)
    keys = pd.DataFrame({"year": years if len(credited) else []}, dtype=int)
    credits = p.add_columns("carbon", "credits", keys, "tCO2e/yr",
                       "avoided emissions of products sold (substitution credits)")
    rows = (positions(keys, sales.keys.iloc[credited][["year"]]) if len(credited)
            else np.zeros(0, dtype=np.int64))
    zeros = np.zeros(len(keys))
    p.add_rows("carbon", "credit_definition", keys,
             [Terms(credits, np.arange(len(keys)), np.arange(len(keys)), np.ones(len(keys))),
              Terms(sales, rows, credited, -factor[credited])],
             zeros, zeros, "CNY/tCO2e", "definition of substitution credits")
    return credits
