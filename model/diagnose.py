"""Explain a non-optimal solve in the words of the data: markets, routes, processes, caps.

An infeasible LP is explained through an irreducible infeasible subsystem (IIS) from HiGHS:
every constraint and bound in it is named by its table and keys. For a carbon cap in the IIS
the least achievable emissions of that year are computed and reported. An unbounded LP is
explained by the variables that have no upper bound and a negative cost. Numerical trouble
is reported with the coefficient ranges of the matrix.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pyomo.environ as pyo
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import TerminationCondition

from model.build import objective_coefficients
from model.data import ModelData
from model.linear import RowFamily, VarFamily, registry
from model.solve import SolveResult

__all__ = ["diagnose", "minimum_emissions"]

log = logging.getLogger(__name__)


def _keys(family: VarFamily | RowFamily, index: int) -> dict[str, Any]:
    row = family.keys.iloc[index]
    return {k: (int(v) if k == "year" else v) for k, v in row.items()}


def _row_text(m: pyo.ConcreteModel, data: ModelData, con: Any) -> str:
    reg = registry(m)
    name, i = con.parent_component().local_name, con.index()
    k = _keys(reg.rows[name], i)
    upper = pyo.value(con.upper) if con.has_ub() else float("inf")
    if name == "balance":
        return f"the mass balance of '{k['material']}' at '{k['node']}' in {k['year']}"
    if name == "emission_definition":
        return f"the accounting of {k['source']} emissions in {k['year']}"
    if name == "process_capacity":
        node = data.sets["process"].at[k["process"], "node"]
        return (f"process '{k['process']}' at '{node}' can handle at most {upper:,.6g} t in "
                f"{k['year']} plus any new capacity (process_capacity)")
    if name == "route_capacity":
        route = data.sets["route"].loc[k["route"]]
        return (f"route '{k['route']}' ({route['origin']} -> {route['destination']} by "
                f"{route['mode']}) carries at most {upper:,.6g} t in {k['year']} (route_capacity)")
    if name == "carbon_cap":
        least = minimum_emissions(m, k["year"])
        extra = f"; the least achievable is {least:,.6g} tCO2e" if least is not None else ""
        return (f"emissions in {k['year']} must stay at or below {upper:,.6g} tCO2e "
                f"(carbon_cap){extra}")
    return f"{name} {k}"


_BOUND_TEXT = {
    ("sales", "lower"):
        "market '{node}' must buy at least {value:,.6g} t of '{material}' in {year} (market_min)",
    ("sales", "upper"):
        "market '{node}' buys at most {value:,.6g} t of '{material}' in {year} (market_max)",
    ("supply", "lower"):
        "source '{node}' must deliver at least {value:,.6g} t of '{material}' in {year} "
        "(supply_min)",
    ("supply", "upper"):
        "source '{node}' can supply at most {value:,.6g} t of '{material}' in {year} (supply_max)",
    ("new_capacity", "upper"):
        "at most {value:,.6g} t/yr of new capacity can be built for '{process}' in {year} "
        "(process_max_new_capacity)",
}


def _col_text(m: pyo.ConcreteModel, var: Any, side: str) -> str:
    reg = registry(m)
    name, i = var.parent_component().local_name, var.index()
    k = _keys(reg.families[name], i)
    value = pyo.value(var.lb if side == "lower" else var.ub)
    template = _BOUND_TEXT.get((name, side))
    if template is None:
        return f"{name} {k} is bounded ({side} bound {value:,.6g})"
    return template.format(value=value, **k)


def minimum_emissions(m: pyo.ConcreteModel, year: int) -> float | None:
    """Least total emissions of ``year`` without any carbon cap (None if that LP fails too)."""
    reg = registry(m)
    emissions = reg.families["emissions"]
    cols = np.flatnonzero(emissions.keys["year"].to_numpy() == year)
    caps = reg.rows["carbon_cap"].con
    objective = m.objective
    caps.deactivate()
    objective.deactivate()
    m.least_emissions = pyo.Objective(expr=sum(emissions.items[j] for j in cols))
    try:
        res = SolverFactory("highs").solve(m, load_solutions=False,
                                           raise_exception_on_nonoptimal_result=False)
        ok = res.termination_condition == TerminationCondition.convergenceCriteriaSatisfied
        return float(res.incumbent_objective) if ok else None
    finally:
        m.del_component(m.least_emissions)
        caps.activate()
        objective.activate()


def _unbounded_text(m: pyo.ConcreteModel, data: ModelData) -> list[str]:
    reg = registry(m)
    coef = objective_coefficients(m, data)
    lines = []
    for name, family in reg.families.items():
        free = [j for j in np.flatnonzero(coef[name] < 0) if family.items[j].ub is None]
        for j in free[:10]:
            lines.append(f"{name} {_keys(family, int(j))} has no upper bound and earns "
                         f"{-coef[name][j]:,.6g} CNY per unit")
    return lines


_STRUCTURAL_ROWS = ("balance", "emission_definition")


def _infeasible_text(m: pyo.ConcreteModel, data: ModelData, result: SolveResult) -> str:
    """Limits from the data first; the balances that link them after."""
    limits: list[str] = []
    links: list[str] = []
    for con, _ in result.iis_rows:
        structural = con.parent_component().local_name in _STRUCTURAL_ROWS
        (links if structural else limits).append(_row_text(m, data, con))
    for var, side in result.iis_cols:
        bound = pyo.value(var.lb if side == "lower" else var.ub)
        if side == "lower" and bound == 0 and var.parent_component().local_name not in (
            "sales", "supply"
        ):
            continue  # non-negativity: structure, not data
        limits.append(_col_text(m, var, side))
    text = ("The model is infeasible. These limits from the data cannot all be met (an "
            "irreducible infeasible subsystem found by HiGHS):\n")
    text += "\n".join(f"  - {item}" for item in limits)
    if links:
        text += "\nThey are linked through " + "; ".join(sorted(set(links))) + "."
    return text


def _ranges_text(result: SolveResult) -> str:
    parts = [f"{k} {lo:.3g}..{hi:.3g}" for k, (lo, hi) in result.ranges.items()]
    return "coefficient ranges: " + ", ".join(parts) if parts else ""


def diagnose(m: pyo.ConcreteModel, data: ModelData, result: SolveResult) -> str:
    """A plain-language diagnosis of a non-optimal result ('' when optimal)."""
    if result.status == "optimal":
        return ""
    if result.status in ("infeasible", "infeasible_or_unbounded") and (
        result.iis_rows or result.iis_cols
    ):
        return _infeasible_text(m, data, result)
    if result.status == "infeasible" and result.iis_note:
        return f"The model is infeasible: {result.iis_note}."
    if result.status in ("unbounded", "infeasible_or_unbounded"):
        lines = _unbounded_text(m, data)
        return ("The model is unbounded: profit can grow without limit through\n"
                + "\n".join(f"  - {line}" for line in lines)
                + "\nAdd an upper bound (supply_max, market_max, capacity) for these.")
    if result.status in ("time_limit", "iteration_limit", "interrupted"):
        gap = ""
        if result.objective is not None and result.bound is not None:
            gap = (f" Best solution {result.objective:,.6g} CNY, bound {result.bound:,.6g} CNY "
                   f"(gap {_gap(result):.3%}).")
        return (f"The solver stopped at its {result.status.replace('_', ' ')} before proving "
                f"optimality.{gap} The result is not optimal; raise the limit "
                "(solver: time_limit_s) to solve fully.")
    return (f"The solver reported '{result.status}' ({result.termination_condition}): possibly "
            f"numerical trouble. {_ranges_text(result)}. Rescale inputs whose magnitudes differ "
            "by more than about 1e9 (e.g. give masses in kt, money in MCNY).")


def _gap(result: SolveResult) -> float:
    objective, bound = float(result.objective or 0.0), float(result.bound or 0.0)
    return abs(objective - bound) / max(abs(objective), 1e-9)
