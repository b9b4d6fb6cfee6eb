"""Marginal abatement cost curve: tighten a cumulative carbon budget step by step.

The curve runs from the emissions of the unconstrained optimum to the least emissions the
network can reach, in ``points`` equal steps of the horizon budget (``carbon_budget``). At
each point it records the discounted net cost, the emissions and the budget's shadow price
(CNY of the first model year per tCO2e): the marginal abatement cost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import xarray as xr
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import TerminationCondition

from model.blocks.carbon import SCOPE_OF_SOURCE, covered_terms
from model.build import build_model
from model.data import ModelData
from model.errors import SolveError
from model.linear import registry
from model.pipeline import solve_data
from model.sets import build_index_sets
from model.solve import SolveOptions

__all__ = ["least_budget_emissions", "mac_curve"]


def _budget_emissions(cube: xr.Dataset, data: ModelData) -> float:
    """Horizon emissions as the budget counts them (scope coverage, credits if netted)."""
    emissions = cube["emissions"].to_series().dropna().rename("q").reset_index()
    keys = pd.DataFrame({"instrument": "budget",
                         "scope": emissions["source"].map(SCOPE_OF_SOURCE)})
    total = float((emissions["q"] * data.lookup("scope_coverage", keys)).sum())
    if data.accounting == "substitution" and "credits" in cube:
        total -= float(cube["credits"].sum())
    return total


def least_budget_emissions(data: ModelData) -> float:
    """The least horizon emissions (as the budget counts them) any feasible plan reaches."""
    sets = build_index_sets(data)
    m = build_model(data, sets)
    reg = registry(m)
    terms = covered_terms(data, "budget", reg.families["emissions"], reg.families["credits"],
                           dict.fromkeys(data.years, 0))
    m.objective.deactivate()
    m.least = pyo.Objective(expr=sum(float(c) * t.family.items[j] for t in terms
                                     for j, c in zip(t.col.tolist(), t.coef.tolist(),
                                                     strict=True)))
    res = SolverFactory("highs").solve(m, load_solutions=False,
                                       raise_exception_on_nonoptimal_result=False)
    if res.termination_condition != TerminationCondition.convergenceCriteriaSatisfied:
        raise SolveError("the least-emissions problem has no optimum "
                         f"({res.termination_condition.name})", "infeasible")
    return float(res.incumbent_objective)


def mac_curve(data: ModelData, points: int = 8, options: SolveOptions | None = None) -> xr.Dataset:
    """Solve ``points`` budgets from unconstrained to least emissions; return the curve."""
    if points < 2:
        raise ValueError("a MAC curve needs at least 2 points")
    free = solve_data(data, options)
    if free.attrs["status"] != "optimal":
        raise SolveError(f"the unconstrained scenario is {free.attrs['status']}",
                         str(free.attrs["status"]))
    high = _budget_emissions(free, data)
    low = least_budget_emissions(data)
    budgets = np.linspace(high, low + 1e-7 * max(abs(low), 1.0), points)
    rows = []
    for i, budget in enumerate(budgets):
        index = pd.RangeIndex(1)
        capped = data.with_params({"carbon_budget": pd.Series([budget], index=index)})
        cube = solve_data(capped, options)
        ok = cube.attrs["status"] == "optimal"
        rows.append({
            "point": i,
            "budget_tco2e": budget,
            "status": str(cube.attrs["status"]),
            "objective_cny": float(cube.attrs["objective"]),
            "emissions_tco2e": _budget_emissions(cube, capped) if ok else np.nan,
            "abatement_tco2e": max(high - _budget_emissions(cube, capped), 0.0) if ok
            else np.nan,
            "shadow_price_cny_per_tco2e": float(cube["budget_shadow_price"]) if ok else np.nan,
        })
    table = pd.DataFrame(rows).set_index("point")
    curve = xr.Dataset.from_dataframe(table)
    units = {"budget_tco2e": "tCO2e", "objective_cny": "CNY", "emissions_tco2e": "tCO2e",
             "abatement_tco2e": "tCO2e", "shadow_price_cny_per_tco2e": "CNY/tCO2e",
             "status": ""}
    for name, unit in units.items():
        curve[name].attrs["units"] = unit
    curve.attrs.update({"title": "ziya marginal abatement cost curve",
                        "unconstrained_emissions_tco2e": high,
                        "least_emissions_tco2e": low, "input_hash": data.input_hash,
                        "carbon_accounting": data.accounting})
    return curve
