"""Discrete plant units: build whole units of a given size (a MILP when integers are on)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from model.data import ModelData
from model.linear import CostTerm, Terms, add_rows, add_vars, positions, registry
from model.sets import IndexSets


def add_units(m: pyo.ConcreteModel, data: ModelData, sets: IndexSets) -> None:
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
    b = m.units = pyo.Block()
    reg = registry(m)
    new, activity = reg.families["new_capacity"], reg.families["activity"]
    sized = new.keys[~np.isnan(data.lookup("process_unit_size", new.keys))]
    keys = sized.reset_index(drop=True)
    units = add_vars(b, "units_built", keys, "units", "plant units built in the year")
    for item in units.items:
        item.domain = pyo.NonNegativeIntegers
    size = data.lookup("process_unit_size", keys)
    rows = np.arange(len(keys))
    zeros = np.zeros(len(keys))
    add_rows(b, "unit_capacity", keys,
             [Terms(new, rows, positions(new.keys, keys), np.ones(len(keys))),
              Terms(units, rows, rows, -size)], zeros, zeros, "CNY/t", "capacity of built units")
    _service_terms(b, data, keys, units, activity, size)


def _service_terms(b: pyo.Block, data: ModelData, keys: pd.DataFrame, units: object,
                   activity: object, size: np.ndarray) -> None:
    reg = registry(b.model())
    built = keys.reset_index().rename(columns={"index": "col", "year": "built"})
    built["life"] = data.lookup("process_lifetime", built)
    built["size"] = size
    service = built.merge(activity.keys.reset_index().rename(columns={"index": "acol"}),  # type: ignore[attr-defined]
                          on="process")
    service = service[(service["year"] >= service["built"])
                      & (service["year"] < service["built"] + service["life"])]
    fixed = data.lookup("process_unit_fixed_cost", service)
    reg.cost_terms.append(CostTerm("fixed", units, service["col"].to_numpy(), fixed,  # type: ignore[arg-type]
                                   service["year"].to_numpy()))
    use = data.lookup("process_min_utilisation", service)
    service = service.assign(use=use)[use > 0]
    rows_keys = service[["process", "year"]].drop_duplicates().reset_index(drop=True)
    row = positions(rows_keys, service[["process", "year"]])
    arow = positions(rows_keys, activity.keys[["process", "year"]])  # type: ignore[attr-defined]
    mask = arow >= 0
    zeros = np.zeros(len(rows_keys))
    add_rows(b, "min_utilisation", rows_keys,
             [Terms(activity, arow[mask], np.flatnonzero(mask), np.ones(int(mask.sum()))),  # type: ignore[arg-type]
              Terms(units, row, service["col"].to_numpy(),  # type: ignore[arg-type]
                    -(service["use"] * service["size"]).to_numpy())],
             zeros, np.full(len(rows_keys), np.inf), "CNY/t", "least use of new units")
