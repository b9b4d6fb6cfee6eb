"""Cross-border trade: duties, export VAT not refunded, quotas and bans, capital in transit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.composition import compositions
from model.data.dataset import ModelData
from model.data.sets import IndexSets, crossing_keys
from model.lp.program import Columns, CostTerm, Program, Terms, positions

__all__ = ["add_trade", "admitted", "trade_charges"]


def trade_charges(data: ModelData, trade: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each trade charge (CNY/t, undiscounted) of every (route, material, year) flow key,
    given as ``crossing_keys`` of the keys (with exporter, importer and crossing).

    Ad valorem rates apply to ``customs_value``; a rate of 0 costs 0 even where the material
    has no customs value (validation requires one wherever a rate is positive).
    """
    crossing = trade["crossing"].to_numpy()
    interest = (data.lookup("transit_interest_rate", trade)
                * data.lookup("route_transit_days", trade))
    if not crossing.any() and not (interest > 0).any():  # no border, no time in transit
        return {name: np.zeros(len(trade)) for name in
                ("import_duty", "export_duty", "export_vat", "transit_capital")}
    value = data.lookup("customs_value", trade)

    def on_value(rate: np.ndarray) -> np.ndarray:
        return np.where(crossing & (rate > 0), rate * np.nan_to_num(value), 0.0)

    exporter = trade.assign(country=trade["exporter"])
    unrefunded = np.maximum(0.0, data.lookup("vat_rate", exporter)
                            - data.lookup("export_vat_rebate", exporter))
    return {
        "import_duty": on_value(data.lookup("import_tariff", trade))
        + np.where(crossing, data.lookup("import_tariff_specific", trade), 0.0),
        "export_duty": on_value(data.lookup("export_duty", trade)),
        "export_vat": on_value(unrefunded),
        "transit_capital": np.where(interest > 0, interest / 365.0 * np.nan_to_num(value), 0.0),
    }


def admitted(data: ModelData, lanes: pd.DataFrame) -> np.ndarray:
    """Whether each (material, exporter, importer, year) lane's material meets the importer's
    standards (``import_standard_min``/``max`` on its composition; an element the material
    has no row for counts 0)."""
    ok = np.ones(len(lanes), dtype=bool)
    for name, sign in (("import_standard_min", 1.0), ("import_standard_max", -1.0)):
        rules = data.params[name]
        if rules.empty:  # no standard: the compositions are not needed
            continue
        table = rules.rename("limit").reset_index()
        table["fraction"] = np.nan_to_num(compositions(data).reindex(
            pd.MultiIndex.from_frame(table[["material", "element", "year"]])).to_numpy())
        failed = table[sign * (table["fraction"] - table["limit"]) < -1e-12]
        if len(failed):
            bad = failed[["material", "importer", "year"]].drop_duplicates()
            hit = positions(bad.reset_index(drop=True), lanes[["material", "importer", "year"]])
            ok &= hit < 0
    return ok


def add_trade(p: Program, data: ModelData, sets: IndexSets, flow: Columns) -> None:
    r"""Charges on flows that cross a border, trade quotas and bans, capital in transit.

    A route :math:`r` crosses a border when the countries :math:`x(r)` of its origin and
    :math:`i(r)` of its destination differ. Per tonne of :math:`f_{r,m,y}` on such a route:

    .. math::
       :label: trade_charges

       c^{imp}_{r,m,y} = \tau^{imp}_{m,x,i,y}\, V_{m,y} + \tau^{spec}_{m,x,i,y}, \qquad
       c^{exp}_{r,m,y} = \tau^{exp}_{m,x,i,y}\, V_{m,y}, \qquad
       c^{vat}_{r,m,y} = \max(0,\ v_{x,y} - \beta_{m,x,y})\, V_{m,y}

    and on every route with transit time, crossing or not,
    :math:`c^{tr}_{r,m,y} = \iota_y\, (T_r / 365)\, V_{m,y}` (capital tied up in transit).
    They enter the objective in categories ``import_duty``, ``export_duty``, ``export_vat`` and
    ``transit_capital``. Quotas (a ban is a quota of 0; a material outside the importer's
    standards, ``import_standard_min``/``max`` on its composition, has a quota of 0):

    .. math::
       :label: trade_quota

       \sum_{r:\ x(r)=x,\ i(r)=i} f_{r,m,y} \le Q_{m,x,i,y}
       \quad \forall (m,x,i,y) \text{ with } Q_{m,x,i,y} < \infty

    ============================  ====  ===============================  ==========
    symbol                        type  model attribute / parameter      unit
    ============================  ====  ===============================  ==========
    :math:`f_{r,m,y}`             V     ``flows.flow``                   t/yr
    :math:`V_{m,y}`               P     ``customs_value``                CNY/t
    :math:`\tau^{imp}`            P     ``import_tariff``                1
    :math:`\tau^{spec}`           P     ``import_tariff_specific``       CNY/t
    :math:`\tau^{exp}`            P     ``export_duty``                  1
    :math:`v_{x,y}`               P     ``vat_rate``                     1
    :math:`\beta_{m,x,y}`         P     ``export_vat_rebate``            1
    :math:`Q_{m,x,i,y}`           P     ``trade_quota``                  t/yr
    :math:`T_r`                   P     ``route_transit_days``           day
    :math:`\iota_y`               P     ``transit_interest_rate``        1/yr
    ============================  ====  ===============================  ==========
    """
    trade = crossing_keys(data, flow.keys)
    years = trade["year"].to_numpy()
    for category, per_tonne in trade_charges(data, trade).items():
        charged = np.flatnonzero(per_tonne > 0)
        if len(charged):
            p.cost_terms.append(CostTerm(category, flow, charged, per_tonne[charged],
                                           years[charged]))
    if all(data.params[name].empty for name in
           ("trade_quota", "import_standard_min", "import_standard_max")):  # no quota, no ban
        p.add_rows("trade", "trade_quota", trade[["material", "exporter", "importer", "year"]]
                   .iloc[:0], [], np.zeros(0), np.zeros(0), "CNY/t",
                   "trade quota or ban (all crossing routes of the lane)")
        return
    crossing = np.flatnonzero(trade["crossing"].to_numpy())
    lanes = trade.iloc[crossing][["material", "exporter", "importer", "year"]]
    pairs = lanes.drop_duplicates().reset_index(drop=True)
    quota = np.where(admitted(data, pairs), data.lookup("trade_quota", pairs), 0.0)
    limited = pairs[np.isfinite(quota)].reset_index(drop=True)
    rows = positions(limited, lanes.reset_index(drop=True))
    mask = rows >= 0
    p.add_rows("trade", "trade_quota", limited,
               [Terms(flow, rows[mask], crossing[mask], np.ones(int(mask.sum())))],
               np.full(len(limited), -np.inf), quota[np.isfinite(quota)],
               "CNY/t", "trade quota or ban (all crossing routes of the lane)")
