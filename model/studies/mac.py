"""Marginal abatement cost curve: tighten a cumulative carbon budget step by step.

The curve runs from the emissions of the unconstrained optimum to the least emissions the
network can reach, in ``points`` equal steps of the horizon budget (``carbon_budget``). At
each point it records the discounted net cost, the emissions and the budget's shadow price
(CNY of the first model year per tCO2e): the marginal abatement cost.

Point 0's budget is the unconstrained plan's own emissions: the budget row is active there (no
slack) but does not bind, and the LP is dual degenerate. Any price between 0 and the cost of the
first tonne abated is a valid dual, and HiGHS returns one from its basis (30 CNY/tCO2e on the
default data). A budget the unconstrained plan already meets is reported at 0.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np
import pandas as pd
import xarray as xr

from model.blocks import build_program
from model.blocks.carbon import Carbon, covered_terms
from model.data.dataset import ModelData
from model.data.sets import build_index_sets
from model.data.supply import with_stock_supply
from model.domain import SCOPE_OF_SOURCE, scope_nodes
from model.errors import SolveError
from model.lp.session import HighsSession
from model.lp.solve import SolveOptions
from model.pipeline import solve_data
from model.results.cells import cells

__all__ = ["NothingToAbateError", "least_budget_emissions", "mac_curve"]

#: Relative tolerance on emissions (tCO2e): closer budgets count as equal.
TOLERANCE = 1e-7

Progress = Callable[[str], None]


class NothingToAbateError(ValueError):
    """The unconstrained plan already emits the least the network can: no curve to draw."""


def _tolerance(high: float) -> float:
    return TOLERANCE * max(abs(high), 1.0)


def _quiet(message: str) -> None:
    """No progress report."""


def _budget_emissions(cube: xr.Dataset, data: ModelData) -> float:
    """Horizon emissions as the budget counts them (scope coverage, its node boundary,
    credits if netted)."""
    nodes = scope_nodes(data, "budget")
    name = "emissions" if nodes is None else "emissions_node"
    if name not in cube:
        return 0.0
    emissions = cells(cube, name)
    if nodes is not None:
        emissions = emissions[emissions["node"].isin(nodes)]
    keys = pd.DataFrame({"instrument": "budget",
                         "scope": emissions["source"].map(SCOPE_OF_SOURCE)})
    total = float((emissions["q"] * data.lookup("scope_coverage", keys)).sum())
    if data.accounting == "substitution" and nodes is None and "credits" in cube:
        total -= float(cube["credits"].sum())
    elif data.accounting == "substitution":
        sales = cells(cube, "sales")
        sales = sales[sales["node"].isin(nodes)]
        total -= float((sales["q"] * np.nan_to_num(
            data.lookup("substitution_factor", sales))).sum())
    return total


def least_budget_emissions(data: ModelData) -> float:
    """The least horizon emissions (as the budget counts them) any feasible plan reaches.

    The member's own program with its objective replaced by the budget's covered emissions
    (the same ``covered_terms`` the budget row uses).
    """
    data = with_stock_supply(data)
    program = build_program(data, build_index_sets(data))
    cost = np.zeros(program.n_columns)
    carbon = Carbon(program.columns["emissions"], program.columns["credits"],
                    program.columns["sales"])
    for t in covered_terms(program, data, "budget", carbon, dict.fromkeys(data.years, 0)):
        np.add.at(cost, t.family.offset + t.col, t.coef)
    out = HighsSession.least(replace(program.arrays(), cost=cost))
    if out.status != "optimal" or out.objective is None:
        raise SolveError(f"the least-emissions problem has no optimum ({out.status})",
                         "infeasible")
    return float(out.objective)


def _with_budget(data: ModelData, budget: float) -> ModelData:
    return data.with_params({"carbon_budget": pd.Series([budget], index=pd.RangeIndex(1))})


def _points(data: ModelData, budgets: np.ndarray, options: SolveOptions, reuse: bool
            ) -> Iterator[tuple[ModelData, xr.Dataset, float]]:
    """Each point's member solved: warm in one HiGHS session, or rebuilt from scratch."""
    session = HighsSession(prune=True) if reuse else None
    for budget in budgets:
        start = time.perf_counter()
        capped = _with_budget(data, float(budget))
        cube = solve_data(capped, options, {"scenario": "mac"}, session=session)
        yield capped, cube, time.perf_counter() - start


def mac_curve(data: ModelData, points: int = 8, options: SolveOptions | None = None,
              reuse: bool = True, progress: Progress | None = None) -> xr.Dataset:
    """Solve ``points`` budgets from unconstrained to least emissions; return the curve.

    With ``reuse`` every point is solved in one HiGHS session: its program is rebuilt (cheap)
    and HiGHS moves to it by a diff (here: the budget row's bound), warm from the last basis.
    ``progress`` is called with a short message before each solve. Raises ``NothingToAbateError``
    when the unconstrained plan already emits the least possible (e.g. a network without
    emissions).
    """
    if points < 2:
        raise ValueError("a MAC curve needs at least 2 points")
    say = progress or _quiet
    data = with_stock_supply(data)
    options = options or SolveOptions()
    say("solving the unconstrained plan")
    free = solve_data(data, options)
    if free.attrs["status"] != "optimal":
        raise SolveError(f"the unconstrained scenario is {free.attrs['status']}",
                         str(free.attrs["status"]))
    high = _budget_emissions(free, data)
    say("finding the least emissions any plan reaches")
    low = least_budget_emissions(data)
    if high - low <= _tolerance(high):
        raise NothingToAbateError(f"nothing to abate: the unconstrained plan emits "
                                  f"{max(high, 0.0):,.6g} tCO2e, already the least any plan "
                                  "reaches")
    budgets = np.linspace(high, low + _tolerance(low), points)
    rows = []
    solved = _points(data, budgets, options, reuse)
    for i, budget in enumerate(budgets):
        say(f"point {i + 1} of {points}")
        capped, cube, seconds = next(solved)
        rows.append(_row(i, float(budget), capped, cube, seconds, high))
    return _curve(pd.DataFrame(rows).set_index("point"), high, low, data, reuse)


def _row(i: int, budget: float, capped: ModelData, cube: xr.Dataset, seconds: float,
         high: float) -> dict[str, float | int | str]:
    """One point of the curve; a budget the unconstrained plan meets has price 0."""
    ok = cube.attrs["status"] == "optimal"
    emitted = _budget_emissions(cube, capped) if ok else np.nan
    binds = budget < high - _tolerance(high)
    price = float(cube["budget_shadow_price"]) if ok else np.nan
    return {
        "point": i, "budget_tco2e": budget, "status": str(cube.attrs["status"]),
        "objective_cny": float(cube.attrs["objective"]),
        "emissions_tco2e": emitted,
        "abatement_tco2e": max(high - emitted, 0.0) if ok else np.nan,
        "shadow_price_cny_per_tco2e": (price if binds else 0.0) if ok else np.nan,
        "seconds": seconds,
    }


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
                        "method": "one HiGHS session, re-solved by diff" if reuse
                        else "rebuilt per point"})
    return curve
