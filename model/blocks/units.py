"""Discrete plant units: build whole units of a given size (a MILP when integers are on)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.sets import IndexSets
from model.domain import in_service
from model.lp.program import Columns, CostTerm, Program, Terms, positions


def add_units(
    p: Program, data: ModelData, sets: IndexSets, activity: Columns, new: Columns
) -> Columns:
    r"""Whole plant units: new capacity in multiples of a unit size, fixed costs, utilisation.

    .. math::
       :label: unit_capacity

       k_{p,y} = s_p\, u_{p,y}, \qquad u_{p,y} \in \mathbb{Z}_{\ge 0}
       \quad \forall p \text{ with a unit size}, y

    .. math::
       :label: min_utilisation

       x_{p,y} \ge \upsilon_p\, s_p \sum_{\tau \le y < \tau + L_p} u_{p,\tau}

    Fixed cost :math:`F_p` per unit and year in service. Integrality is enforced only when the
    solver option ``integer`` is on; the LP relaxation is the default so that duals stay
    meaningful. With integers on, duals come from the LP with the unit counts fixed.

    ===========================  ====  ===============================  ==========
    symbol                       type  model attribute / parameter      unit
    ===========================  ====  ===============================  ==========
    :math:`u_{p,y}`              V     ``units.units_built``            units
    :math:`s_p`                  P     ``process_unit_size``            t/yr
    :math:`F_p`                  P     ``process_unit_fixed_cost``      CNY/yr
    :math:`\upsilon_p`           P     ``process_min_utilisation``      1
    ===========================  ====  ===============================  ==========
    """
    sized = new.keys[~np.isnan(data.lookup("process_unit_size", new.keys))]
    keys = sized.reset_index(drop=True)
    units = p.add_columns("units", "units_built", keys, "units", "plant units built in the year",
                          integer=True)
    size = data.lookup("process_unit_size", keys)
    rows = np.arange(len(keys))
    zeros = np.zeros(len(keys))
    p.add_rows("units", "unit_capacity", keys,
             [Terms(new, rows, positions(new.keys, keys), np.ones(len(keys))),
              Terms(units, rows, rows, -size)], zeros, zeros, "CNY/t", "capacity of built units")
    _service_terms(p, data, keys, units, activity, size)
    return units


def _service_terms(p: Program, data: ModelData, keys: pd.DataFrame, units: Columns,
                   activity: Columns, size: np.ndarray) -> None:
    if keys.empty:  # no unit sizes: an empty fixed-cost term and no utilisation rows
        none = np.zeros(0, dtype=np.int64)
        p.cost_terms.append(CostTerm("fixed", units, none, np.zeros(0), none))
        p.add_rows("units", "min_utilisation", keys, [], np.zeros(0),  # (process, year) keys
                   np.zeros(0), "CNY/t", "least use of new units")
        return
    built = keys.reset_index().rename(columns={"index": "col", "year": "built"})
    built["life"] = data.lookup("process_lifetime", built)
    built["size"] = size
    service = in_service(built, activity.keys[["process", "year"]])
    fixed = data.lookup("process_unit_fixed_cost", service)
    p.cost_terms.append(CostTerm("fixed", units, service["col"].to_numpy(), fixed,
                                 service["year"].to_numpy()))
    use = data.lookup("process_min_utilisation", service)
    service = service.assign(use=use)[use > 0]
    rows_keys = service[["process", "year"]].drop_duplicates().reset_index(drop=True)
    row = positions(rows_keys, service[["process", "year"]])
    arow = positions(rows_keys, activity.keys[["process", "year"]])
    mask = arow >= 0
    zeros = np.zeros(len(rows_keys))
    p.add_rows("units", "min_utilisation", rows_keys,
             [Terms(activity, arow[mask], np.flatnonzero(mask), np.ones(int(mask.sum()))),
              Terms(units, row, service["col"].to_numpy(),
                    -(service["use"] * service["size"]).to_numpy())],
             zeros, np.full(len(rows_keys), np.inf), "CNY/t", "least use of new units")
