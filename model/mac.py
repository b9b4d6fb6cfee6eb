"""Marginal abatement cost curve: tighten a cumulative carbon budget step by step.

The curve runs from the emissions of the unconstrained optimum to the least emissions the
network can reach, in ``points`` equal steps of the horizon budget (``carbon_budget``). At
each point it records the discounted net cost, the emissions and the budget's shadow price
(CNY of the first model year per tCO2e): the marginal abatement cost.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import xarray as xr
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import TerminationCondition

from model.audit import audit
from model.blocks.carbon import SCOPE_OF_SOURCE, covered_terms
from model.build import build_model
from model.data import ModelData
from model.errors import SolveError
from model.handoff import Resolver
from model.linear import registry
from model.pipeline import solve_data
from model.results import extract_results
from model.sets import build_index_sets
from model.solve import SolveOptions
from model.supply import with_stock_supply

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
    data = with_stock_supply(data)
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


def _with_budget(data: ModelData, budget: float) -> ModelData:
    return data.with_params({"carbon_budget": pd.Series([budget], index=pd.RangeIndex(1))})


def _rebuilt(data: ModelData, budgets: np.ndarray, options: SolveOptions | None
             ) -> Iterator[tuple[ModelData, xr.Dataset, float]]:
    """Each point built and solved from scratch."""
    for budget in budgets:
        start = time.perf_counter()
        capped = _with_budget(data, budget)
        cube = solve_data(capped, options)
        yield capped, cube, time.perf_counter() - start


def _resolved(data: ModelData, budgets: np.ndarray, options: SolveOptions
              ) -> Iterator[tuple[ModelData, xr.Dataset, float]]:
    """One model and one HiGHS instance; each point only moves the budget row (warm start)."""
    start = time.perf_counter()
    first = _with_budget(data, float(budgets[0]))
    sets = build_index_sets(first)
    m = build_model(first, sets)
    resolver = Resolver(m, options)
    row = registry(m).rows["carbon_budget"].con[0]
    for budget in budgets:
        capped = _with_budget(data, float(budget))
        resolver.set_row_upper(row, float(budget))
        result = resolver.solve()
        cube = extract_results(m, capped, sets, result, {"scenario": "mac"}) \
            if result.has_solution else xr.Dataset(attrs={"status": result.status,
                                                         "objective": np.nan})
        if result.optimal:
            audit(cube, capped)
        yield capped, cube, time.perf_counter() - start
        start = time.perf_counter()


def mac_curve(data: ModelData, points: int = 8, options: SolveOptions | None = None,
              reuse: bool = True) -> xr.Dataset:
    """Solve ``points`` budgets from unconstrained to least emissions; return the curve.

    With ``reuse`` (and no integer decisions) the model is built and handed to HiGHS once and
    each point only changes the budget row, warm-starting from the previous basis.
    """
    if points < 2:
        raise ValueError("a MAC curve needs at least 2 points")
    data = with_stock_supply(data)
    options = options or SolveOptions()
    free = solve_data(data, options)
    if free.attrs["status"] != "optimal":
        raise SolveError(f"the unconstrained scenario is {free.attrs['status']}",
                         str(free.attrs["status"]))
    high = _budget_emissions(free, data)
    low = least_budget_emissions(data)
    budgets = np.linspace(high, low + 1e-7 * max(abs(low), 1.0), points)
    solved = (_resolved(data, budgets, options) if reuse and not options.integer
              else _rebuilt(data, budgets, options))
    rows = []
    for i, (budget, (capped, cube, seconds)) in enumerate(zip(budgets, solved, strict=True)):
        ok = cube.attrs["status"] == "optimal"
        emitted = _budget_emissions(cube, capped) if ok else np.nan
        rows.append({
            "point": i, "budget_tco2e": budget, "status": str(cube.attrs["status"]),
            "objective_cny": float(cube.attrs["objective"]),
            "emissions_tco2e": emitted,
            "abatement_tco2e": max(high - emitted, 0.0) if ok else np.nan,
            "shadow_price_cny_per_tco2e": float(cube["budget_shadow_price"]) if ok else np.nan,
            "seconds": seconds,
        })
    return _curve(pd.DataFrame(rows).set_index("point"), high, low, data, reuse)


def _curve(table: pd.DataFrame, high: float, low: float, data: ModelData,
           reuse: bool) -> xr.Dataset:
    curve = xr.Dataset.from_dataframe(table)
    units = {"budget_tco2e": "tCO2e", "objective_cny": "CNY", "emissions_tco2e": "tCO2e",
             "abatement_tco2e": "tCO2e", "shadow_price_cny_per_tco2e": "CNY/tCO2e",
             "status": "", "seconds": "s"}
    for name, unit in units.items():
        curve[name].attrs["units"] = unit
    curve.attrs.update({"title": "ziya marginal abatement cost curve",
                        "unconstrained_emissions_tco2e": high,
                        "least_emissions_tco2e": low, "input_hash": data.input_hash,
                        "carbon_accounting": data.accounting,
                        "method": "warm re-solve of one model" if reuse else "rebuilt per point"})
    return curve
