"""Transport of materials on routes between nodes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets, keep_rows, key_rows, route_end_rows, route_rows, taken
from model.lp.program import (
    BalanceTerm,
    Columns,
    CostTerm,
    EmissionTerm,
    Program,
    Terms,
    groups,
    kept_groups,
    year_codes,
)


def add_flows(p: Program, data: ModelData, sets: IndexSets) -> Columns:
    r"""Route flows, route capacities, transport cost and emissions.

    .. math::
       :label: route_capacity

       \sum_{m:(r,m,y) \in \mathcal{FLOW}} f_{r,m,y} \le \overline{F}_{r,y}
       \quad \forall r, y \text{ with } \overline{F}_{r,y} < \infty

    Cost per tonne :math:`c^{mode}_{\mu(r)}\, h_{m,\mu(r)}\, d_r + c^{fee}_r`; emissions per
    tonne :math:`e^{mode}_{\mu(r)}\, h_{m,\mu(r)}\, d_r` (source ``transport``, counted at the
    route's origin), with :math:`h` the material's haulage factor (1 for bulk loads). A
    flow is a use at the route's origin
    and a source at its destination.

    ==========================  ====  ==============================  ===========
    symbol                      type  model attribute / parameter     unit
    ==========================  ====  ==============================  ===========
    :math:`f_{r,m,y}`           V     ``flows.flow``                  t/yr
    :math:`\overline{F}_{r,y}`  P     ``route_capacity``              t/yr
    :math:`d_r`                 P     ``route_distance``              km
    :math:`c^{fee}_r`           P     ``route_fee``                   CNY/t
    :math:`c^{mode}_\mu`        P     ``mode_cost``                   CNY/(t km)
    :math:`e^{mode}_\mu`        P     ``mode_emission_factor``        tCO2e/(t km)
    :math:`h_{m,\mu}`           P     ``haulage_factor``              1
    ==========================  ====  ==============================  ===========
    """
    flow = p.add_columns("flows", "flow", sets.FLOW_rmy, "t/yr", "material carried on a route")
    keys = flow.keys  # the route rows found here are kept with this frame for later blocks
    at = route_rows(data, keys)  # route parameters looked up once per route, taken per key
    routes = data.sets["route"]
    per_route = pd.DataFrame({"route": routes.index})
    modes = routes[["mode"]].reset_index(drop=True)
    distance = data.lookup("route_distance", per_route)[at]
    everywhere = data.everywhere("haulage_factor")  # no rows: the default for every key
    haul = distance * (np.full(len(keys), everywhere) if everywhere is not None else data.lookup(
        "haulage_factor", keys[["material"]].assign(mode=taken(routes["mode"], at))))
    per_tonne = (data.lookup("mode_cost", modes)[at] * haul
                 + data.lookup("route_fee", per_route)[at])
    intensity = data.lookup("mode_emission_factor", modes)[at] * haul
    cols, years = np.arange(len(flow)), keys["year"].to_numpy()
    starts = routes["origin"].to_numpy()[at]  # where the emissions are counted
    p.cost_terms.append(CostTerm("transport", flow, cols, per_tonne, years))
    p.emission_terms.append(EmissionTerm("transport", flow, cols, intensity, years, starts,
                                         route_end_rows(data, "origin")[at]))
    origin = keys.assign(node=taken(routes["origin"], at))
    destination = keys.assign(node=taken(routes["destination"], at))
    for end, frame in (("origin", origin), ("destination", destination)):  # their set rows
        keep_rows(data, frame, "node", route_end_rows(data, end)[at])
        keep_rows(data, frame, "material", key_rows(data, "material", keys))
    p.balance_terms.append(BalanceTerm(flow, cols, np.ones(len(flow)), origin))
    p.balance_terms.append(BalanceTerm(flow, cols, -np.ones(len(flow)), destination))

    if data.params["route_capacity"].empty:  # no capacity (the default is none): no rows
        p.add_rows("flows", "route_capacity", keys[["route", "year"]].iloc[:0], [],
                   np.zeros(0), np.zeros(0), "CNY/t", "route capacity (all materials)")
        return flow
    group, route_years = flow_route_years(data, flow)
    cap = data.lookup("route_capacity", route_years)
    capped = route_years[np.isfinite(cap)].reset_index(drop=True)
    rows = kept_groups(group, np.isfinite(cap))
    mask = rows >= 0
    p.add_rows("flows", "route_capacity", capped,
             [Terms(flow, rows[mask], cols[mask], np.ones(mask.sum()))],
             np.full(len(capped), -np.inf), cap[np.isfinite(cap)],
             "CNY/t", "route capacity (all materials)")
    return flow


def flow_route_years(data: ModelData, flow: Columns) -> tuple[np.ndarray, pd.DataFrame]:
    """Each flow's route-year (its number) and the route-years (``route``, ``year``) in
    order of first appearance, from integer codes; made once per flow key frame (the
    route capacities and the route services both need them, ``ModelData.derived``)."""
    keys = flow.keys
    return data.derived.get(  # type: ignore[no-any-return]
        "flow route years", (keys, data.sets["route"]), lambda: _route_years(data, keys))


def _route_years(data: ModelData, keys: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    year, n_years = year_codes(keys["year"].to_numpy())
    first, group = groups(route_rows(data, keys) * n_years + year)
    return group, keys[["route", "year"]].take(first).reset_index(drop=True)
