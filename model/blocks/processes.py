"""Recovery processes: activity, transfer coefficients, capacity and its expansion."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.data.composition import io_pairs
from model.data.dataset import ModelData
from model.data.sets import IndexSets, keep_rows, key_rows, set_rows, taken
from model.data.species import direct_factor
from model.domain import annuity_factor, service_pairs, vat_refund_per_unit
from model.lp.program import (
    BalanceTerm,
    Columns,
    CostTerm,
    EmissionTerm,
    Program,
    Terms,
)

__all__ = ["Processes", "add_processes"]


@dataclass(frozen=True)
class Processes:
    """Handles of the activity and new-capacity columns."""

    activity: Columns
    new_capacity: Columns


def add_processes(p: Program, data: ModelData, sets: IndexSets) -> Processes:
    r"""Process activity with fixed transfer coefficients, capacity and capacity expansion.

    One unit of activity :math:`x_{p,y}` is one tonne of total input in tonnes (for a process
    with no material counted in tonnes, one unit of itself). Material :math:`m` enters at
    :math:`a^{in}_{p,m,y}\, x_{p,y}` and leaves at :math:`a^{out}_{p,m,y}\, x_{p,y}` at the
    process node (uses and sources in the node balance). The coefficients, factors and energy
    uses may change by year (a row without a year holds in every year without a dated row).

    .. math::
       :label: process_capacity

       x_{p,y} - \sum_{\tau \le y < \tau + L_p} k_{p,\tau} \le K^{0}_{p,y}
       \quad \forall p, y: K^{0}_{p,y} < \infty

    .. math::
       :label: new_capacity_bound

       0 \le k_{p,y} \le \overline{k}_{p,y} \quad \forall (p,y) \in \mathcal{NEWCAP}

    Costs per year: operation :math:`c^{op}_p x`,
    electricity :math:`\epsilon_{p,y}\, \pi^{el}_{r(p),y} x`,
    fuel :math:`\phi_{p,y}\, \pi^{fuel}_y x`,
    and investment as an annuity :math:`I_p\, \mathrm{CRF}(\rho, L_p)\, k_{p,\tau}`
    in every year the capacity is in service.
    VAT refunded on collection (category ``vat_refund``, a negative cost) for what a process
    makes: :math:`-\sum_m a^{out}_{p,m,y}\, \theta_{m,k,y}\, v_{k,y}\, \bar p_{m,k,y}\, x_{p,y}`,
    with :math:`k` the country of the process's node and :math:`\bar p_{m,k,y}` the mean market
    price of :math:`m` over the markets of :math:`k` (``model.domain.vat_refund_per_unit``): the
    refund is for products made, not for material bought and resold.
    Emissions: ``process`` :math:`(e_{p,y} + \sum_s GWP_s f_{p,s,y}) x` (direct emissions and
    the greenhouse-gas species of ``model.data.species``),
    ``electricity`` :math:`\epsilon_{p,y} g_{r(p),y} x`, ``fuel`` :math:`\phi_{p,y} g^{fuel}_y x`.

    ===========================  ====  ==============================  ============
    symbol                       type  model attribute / parameter     unit
    ===========================  ====  ==============================  ============
    :math:`x_{p,y}`              V     ``processes.activity``          t/yr
    :math:`k_{p,y}`              V     ``processes.new_capacity``      t/yr
    :math:`a_{p,m,y}`            P     ``process_io``                  t/t
    :math:`K^0_{p,y}`            P     ``process_capacity``            t/yr
    :math:`\overline{k}_{p,y}`   P     ``process_max_new_capacity``    t/yr
    :math:`L_p`                  P     ``process_lifetime``            yr
    :math:`I_p`                  P     ``process_invest_cost``         CNY/(t/yr)
    :math:`c^{op}_p`             P     ``process_cost``                CNY/t
    :math:`\epsilon_{p,y}`       P     ``process_electricity``         MWh/t
    :math:`\phi_{p,y}`           P     ``process_fuel``                GJ/t
    :math:`e_{p,y}`              P     ``process_emissions``           tCO2e/t
    :math:`\pi^{el}_{r,y}`       P     ``electricity_price``           CNY/MWh
    :math:`g_{r,y}`              P     ``grid_emission_factor``        tCO2e/MWh
    :math:`\pi^{fuel}_y`         P     ``fuel_price``                  CNY/GJ
    :math:`g^{fuel}_y`           P     ``fuel_emission_factor``        tCO2e/GJ
    :math:`\rho`                 P     ``discount_rate``               1
    :math:`\theta_{m,k,y}`       P     ``vat_refund_share``            1
    :math:`v_{k,y}`              P     ``vat_rate``                    1
    :math:`\bar p_{m,k,y}`       P     ``market_price`` (mean)         CNY/t
    ===========================  ====  ==============================  ============
    """
    keys = sets.ACTIVITY_py
    activity = p.add_columns("processes", "activity", keys, "t/yr",
                             "process activity (tonnes of input)")
    new = p.add_columns("processes", "new_capacity", sets.NEWCAP_py, "t/yr",
                        "capacity built in the year",
                        upper=data.lookup("process_max_new_capacity", sets.NEWCAP_py))
    _register_activity_terms(p, data, sets, activity)
    _add_capacity(p, data, activity, new)
    return Processes(activity, new)


def _register_activity_terms(
    p: Program, data: ModelData, sets: IndexSets, activity: Columns
) -> None:
    keys = activity.keys
    cols, years = np.arange(len(keys)), keys["year"].to_numpy()
    at = key_rows(data, "process", keys)  # each key's process (kept with the set), taken below
    nodes = data.sets["process"]["node"].to_numpy()[at]
    node_rows = set_rows(data, "node", pd.Series(nodes))
    regions = pd.DataFrame({"region": data.sets["node"]["region"].to_numpy()[node_rows],
                            "year": years})
    elec = data.lookup("process_electricity", keys)
    fuel = data.lookup("process_fuel", keys)
    p.cost_terms += [
        CostTerm("operation", activity, cols, data.lookup("process_cost", keys), years),
        CostTerm("electricity", activity, cols,
                 elec * data.lookup("electricity_price", regions), years),
        CostTerm("fuel", activity, cols, fuel * data.lookup("fuel_price", keys), years),
    ]
    p.emission_terms += [
        EmissionTerm("process", activity, cols, direct_factor(data, keys), years, nodes,
                     node_rows),
        EmissionTerm("electricity", activity, cols,
                     elec * data.lookup("grid_emission_factor", regions), years, nodes,
                     node_rows),
        EmissionTerm("fuel", activity, cols,
                     fuel * data.lookup("fuel_emission_factor", keys), years, nodes,
                     node_rows),
    ]
    pairs = io_pairs(data, keys, sets.IO_pmd)  # a new frame: the node is added in place
    col, direction = pairs["col"].to_numpy(), pairs["direction"].to_numpy()
    pairs["node"] = taken(data.sets["process"]["node"], at[col])
    keep_rows(data, pairs, "node", node_rows[col])
    coef = pairs["coef"].to_numpy()
    p.balance_terms.append(BalanceTerm(activity, col, np.where(direction == "in", coef, -coef),
                                       pairs))
    out = np.flatnonzero(direction == "out")
    country = data.sets["node"]["country"].to_numpy()[node_rows[col[out]]]
    if data.everywhere("vat_refund_share") != 0:  # else no refund anywhere
        _add_vat_refund(p, data, sets, activity, pairs.take(out), country)


def _add_vat_refund(p: Program, data: ModelData, sets: IndexSets, activity: Columns,
                    out: pd.DataFrame, country: np.ndarray) -> None:
    """The VAT refunded on collection for what each process makes (category ``vat_refund``);
    ``out``: the output pairs (``io_pairs``), ``country``: that of each one's node."""
    made = pd.DataFrame({"material": out["material"].to_numpy(), "country": country,
                         "year": out["year"].to_numpy()})
    share = data.lookup("vat_refund_share", made)
    if not (share > 0).any():
        return
    sales = sets.SALE_nmy
    prices = pd.DataFrame({"material": sales["material"].to_numpy(),
                           "country": sales["node"].map(data.sets["node"]["country"]).to_numpy(),
                           "year": sales["year"].to_numpy(),
                           "price": data.lookup("market_price", sales)})
    per_unit = out["coef"].to_numpy() * vat_refund_per_unit(
        made, share, data.lookup("vat_rate", made), prices)
    per_activity = np.bincount(out["col"].to_numpy(), weights=per_unit, minlength=len(activity))
    cols = np.flatnonzero(per_activity > 0)
    if cols.size:
        p.cost_terms.append(CostTerm("vat_refund", activity, cols, -per_activity[cols],
                                     activity.keys["year"].to_numpy()[cols]))


def _add_capacity(p: Program, data: ModelData, activity: Columns, new: Columns) -> None:
    keys = activity.keys
    life = data.lookup("process_lifetime", new.keys)
    annuity = data.lookup("process_invest_cost", new.keys) * annuity_factor(
        data.scalar("discount_rate"), life)
    built = pd.DataFrame({"process": new.keys["process"], "built": new.keys["year"],
                          "life": life}, copy=False)
    col, row = service_pairs(built, keys)  # a build's column, the activity row it serves
    rows = np.arange(len(keys))
    p.add_rows("processes", "process_capacity", keys,
             [Terms(activity, rows, rows, np.ones(len(keys))),
              Terms(new, row, col, -np.ones(len(col)))],
             np.full(len(keys), -np.inf), data.lookup("process_capacity", keys),
             "CNY/t", "process capacity")
    p.cost_terms.append(CostTerm("investment", new, col, annuity[col],
                                 keys["year"].to_numpy()[row]))
