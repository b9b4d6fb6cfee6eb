"""Explain a non-optimal solve in the words of the data: markets, routes, processes, caps.

An infeasible LP is explained through an irreducible infeasible subsystem (IIS) from HiGHS:
every constraint and bound in it is named by its table and keys. For a carbon cap in the IIS
the least achievable emissions of that year are computed and reported. An unbounded LP is
explained by the variables that have no upper bound and a negative cost. Numerical trouble
is reported with the coefficient ranges of the matrix.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from model.data.completeness import years_text
from model.data.dataset import ModelData
from model.lp.program import Columns, Program, Rows
from model.lp.session import HighsSession
from model.lp.solve import SolveResult

__all__ = ["diagnose", "minimum_emissions"]

log = logging.getLogger(__name__)


def _keys(family: Columns | Rows, index: int) -> dict[str, Any]:
    row = family.keys.iloc[index]
    return {k: (int(v) if k == "year" else v) for k, v in row.items()}


def _row_text(program: Program, data: ModelData, row: int) -> str:
    rows, i = program.family_of_row(row)
    name, k = rows.name, _keys(rows, i)
    upper = float(rows.upper[row - rows.offset])
    if name == "balance":
        return f"the mass balance of '{k['material']}' at '{k['node']}' in {k['year']}"
    if name == "emission_definition":
        return f"the accounting of {k['source']} emissions in {k['year']}"
    if name == "process_capacity":
        node = data.sets["process"].at[k["process"], "node"]
        extra = (" plus any new capacity" if "new_capacity" in program.columns and
                 (program.columns["new_capacity"].keys["process"] == k["process"]).any() else "")
        return (f"process '{k['process']}' at '{node}' can handle at most {upper:,.6g} t in "
                f"{k['year']}{extra} (process_capacity)")
    if name == "route_capacity":
        route = data.sets["route"].loc[k["route"]]
        return (f"route '{k['route']}' ({route['origin']} -> {route['destination']} by "
                f"{route['mode']}) carries at most {upper:,.6g} t in {k['year']} (route_capacity)")
    if name == "carbon_cap":
        least = minimum_emissions(program, k["year"])
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
        "({why})",
    ("supply", "upper"):
        "source '{node}' can supply at most {value:,.6g} t of '{material}' in {year} (supply_max)",
    ("new_capacity", "upper"):
        "at most {value:,.6g} t/yr of new capacity can be built for '{process}' in {year} "
        "(process_max_new_capacity)",
}


def _col_text(program: Program, column: int, side: str, data: ModelData) -> str:
    family, j = program.family_of_column(column)
    k = _keys(family, j)
    lower, upper = program.bounds[family.name]
    value = float(lower[j] if side == "lower" else upper[j])
    template = _BOUND_TEXT.get((family.name, side))
    if template is None:
        return f"{family.name} {k} is bounded ({side} bound {value:,.6g})"
    why = _why_supply(data, family.keys.iloc[[j]]) if family.name == "supply" else ""
    return template.format(value=value, why=why, **k)


def _why_supply(data: ModelData, key: pd.DataFrame) -> str:
    """Which input makes a supply's lower bound: the minimum, or the obligation's share."""
    share = float(data.lookup("supply_obligation", key)[0])
    if share > 0 and share * float(data.lookup("supply_max", key)[0]) >= float(
            data.lookup("supply_min", key)[0]):
        return f"supply_obligation {share:.3g} of supply_max"
    return "supply_min"


def minimum_emissions(program: Program, year: int) -> float | None:
    """Least total emissions of ``year`` without any carbon cap (None if that LP fails too).

    Solved on the member's own program: its arrays with the objective replaced by the
    year's emissions and the carbon-cap rows freed (integrality relaxed).
    """
    emissions = program.columns["emissions"]
    lp = program.arrays()
    cost = np.zeros(program.n_columns)
    cost[emissions.offset + np.flatnonzero(emissions.keys["year"].to_numpy() == year)] = 1.0
    upper = lp.row_upper.copy()
    upper[program.rows["carbon_cap"].span] = np.inf
    out = HighsSession.least(replace(lp, cost=cost, row_upper=upper))
    return out.objective if out.status == "optimal" else None


def _unbounded_text(program: Program) -> list[str]:
    cost = program.objective()
    lines = []
    for family in program.columns.values():
        own = cost[family.span]
        free = np.flatnonzero((own < 0) & ~np.isfinite(program.bounds[family.name][1]))
        for j in free[:10].tolist():
            lines.append(f"{family.name} {_keys(family, j)} has no upper bound and earns "
                         f"{-own[j]:,.6g} CNY per unit")
    return lines


def _written_unlimited(program: Program, data: ModelData) -> list[str]:
    """Supplies and capacities the data makes unlimited (``inf``): the likely causes.

    One line per supply (node, material) and per process, with the years it has no limit.
    """
    lines = []
    if "supply" in program.columns:
        supply = program.columns["supply"]
        free = supply.keys[~np.isfinite(program.bounds["supply"][1])]
        for (node, material), rows in free.groupby(["node", "material"], sort=True):
            lines.append(f"source '{node}' supplies '{material}' without limit in "
                         f"{years_text(sorted(rows['year'].astype(int)))} (supply_max inf)")
    capacity = data.params["process_capacity"]
    free_capacity = capacity[np.isinf(capacity.to_numpy())].reset_index()
    for process, rows in free_capacity.groupby("process", sort=True):
        lines.append(f"process '{process}' has no capacity limit in "
                     f"{years_text(sorted(rows['year'].astype(int)))} (process_capacity inf)")
    return lines


def _unbounded(program: Program, data: ModelData) -> str:
    lines = _unbounded_text(program)
    text = ("The model is unbounded: profit can grow without limit through\n"
            + "\n".join(f"  - {line}" for line in lines))
    unlimited = _written_unlimited(program, data)
    if unlimited:
        text += ("\nThe data makes these unlimited (inf):\n"
                 + "\n".join(f"  - {line}" for line in unlimited))
    return text + ("\nAdd an upper bound (supply_max, market_max, capacity) for these"
                   + (", or write a finite value in place of inf." if unlimited else "."))


_STRUCTURAL_ROWS = ("balance", "emission_definition")


def _infeasible_text(program: Program, data: ModelData, result: SolveResult) -> str:
    """Limits from the data first; the balances that link them after."""
    limits: list[str] = []
    links: list[str] = []
    for row, _ in result.iis_rows:
        structural = program.family_of_row(row)[0].name in _STRUCTURAL_ROWS
        (links if structural else limits).append(_row_text(program, data, row))
    for column, side in result.iis_cols:
        family, j = program.family_of_column(column)
        bound = program.bounds[family.name][0 if side == "lower" else 1][j]
        if side == "lower" and bound == 0 and family.name not in ("sales", "supply"):
            continue  # non-negativity: structure, not data
        limits.append(_col_text(program, column, side, data))
    limits += [f"{item}, added to the Pyomo model by a script" for item in result.iis_other]
    text = ("The model is infeasible. These limits from the data cannot all be met (an "
            "irreducible infeasible subsystem found by HiGHS):\n")
    text += "\n".join(f"  - {item}" for item in limits)
    if links:
        text += "\nThey are linked through " + "; ".join(sorted(set(links))) + "."
    return text


def _ranges_text(result: SolveResult) -> str:
    parts = [f"{k} {lo:.3g}..{hi:.3g}" for k, (lo, hi) in result.ranges.items()]
    return "coefficient ranges: " + ", ".join(parts) if parts else ""


def diagnose(program: Program, data: ModelData, result: SolveResult) -> str:
    """A plain-language diagnosis of a non-optimal result ('' when optimal)."""
    if result.status == "optimal":
        return ""
    if result.status in ("infeasible", "infeasible_or_unbounded") and (
        result.iis_rows or result.iis_cols or result.iis_other
    ):
        return _infeasible_text(program, data, result)
    if result.status == "infeasible" and result.iis_note:
        return f"The model is infeasible: {result.iis_note}."
    if result.status in ("unbounded", "infeasible_or_unbounded"):
        return _unbounded(program, data)
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
