"""Warm re-solves for sweeps whose members differ only in "patchable" parameters.

A member qualifies when every override it adds to the base scenario targets a parameter that
moves only row bounds (carbon cap and budget, route and process capacities) or the carbon
price's objective coefficients. The model is built and handed to HiGHS once; each member then
patches bounds and costs in place and re-solves from the previous basis. The independent audit
of every member's cube (costs recomputed from that member's inputs) checks the patch; a member
whose rows differ in structure (say, a cap in another year) falls back to a full rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd

from model.blocks.border import border_per_tonne
from model.blocks.carbon import covered_terms
from model.build import build_model
from model.data import ModelData
from model.errors import InputError
from model.handoff import Resolver
from model.linear import registry
from model.pipeline import result_cube
from model.results import write_results
from model.scenarios import Scenario, apply_scenario
from model.sets import build_index_sets
from model.supply import with_stock_supply

__all__ = ["PATCHABLE", "eligible", "run_warm"]

ROW_PARAMETERS = {"carbon_cap": "carbon_cap", "carbon_budget": "carbon_budget",
                  "route_capacity": "route_capacity", "process_capacity": "process_capacity"}
COLUMN_PARAMETERS = {"supply_min", "supply_max", "supply_cost", "market_min", "market_max",
                     "market_price"}
PATCHABLE = frozenset({*ROW_PARAMETERS, *COLUMN_PARAMETERS, "carbon_price"})


def eligible(base: Scenario, scenarios: list[Scenario]) -> bool:
    """True when every member only adds overrides of patchable parameters."""
    start = len(base.overrides)
    return all(o.parameter in PATCHABLE for s in scenarios for o in s.overrides[start:])


class _Patcher:
    """Moves a built model's row bounds and carbon costs to another member's data."""

    def __init__(self, data: ModelData, options: Any) -> None:
        self.sets = build_index_sets(data)
        self.model = build_model(data, self.sets)
        self.resolver = Resolver(self.model, options)
        self.columns = {id(v): j for j, v in enumerate(self.resolver.info.columns)}

    def _rows(self, data: ModelData, name: str) -> tuple[list, np.ndarray] | None:
        """(constraints, new upper bounds) of a row family, or None if the rows differ."""
        rows = registry(self.model).rows[name]
        keys = rows.keys
        if name == "carbon_budget":
            budget = data.scalar("carbon_budget")
            wanted = 1 if np.isfinite(budget) else 0
            if wanted != int(rows.kept.sum()):
                return None
            return list(rows.con.values()), np.full(wanted, budget)
        if name != "process_capacity":
            candidates = (pd.DataFrame({"year": list(data.years)}) if name == "carbon_cap" else
                          self.sets.FLOW_rmy[["route", "year"]].drop_duplicates())
            finite = candidates[np.isfinite(data.lookup(name, candidates))]
            if sorted(map(tuple, finite.to_numpy().tolist())) != sorted(
                    map(tuple, keys[list(finite.columns)].to_numpy().tolist())):
                return None
        upper = data.lookup(name, keys)
        return list(rows.con.values()), upper[rows.kept]

    def patch(self, data: ModelData) -> bool:
        """Apply ``data``'s bounds and carbon costs; False if the structure differs."""
        updates = [self._rows(data, name) for name in ROW_PARAMETERS]
        if any(u is None for u in updates):
            return False
        if not self._same_columns(data):
            return False
        for cons, upper in (u for u in updates if u is not None):
            self.resolver.set_rows_upper(cons, upper)
        self._market_columns(data)
        self._carbon_costs(data)
        return True

    def _same_columns(self, data: ModelData) -> bool:
        """Supplies and markets exist for the same keys as in the built model."""
        fam = registry(self.model).families
        for name, owner in (("supply", "supply_max"), ("sales", "market_price")):
            built = set(map(tuple, fam[name].keys.to_numpy().tolist()))
            if built != set(map(tuple, data.keys(owner).to_numpy().tolist())):
                return False
        return True

    def _market_columns(self, data: ModelData) -> None:
        """Bounds and objective costs of supply and sales columns from ``data``."""
        fam = registry(self.model).families
        factor = dict(zip(data.years, data.discount_factors(), strict=True))
        inf = highspy.kHighsInf
        for name, low, high in (("supply", "supply_min", "supply_max"),
                                ("sales", "market_min", "market_max")):
            family = fam[name]
            keys = family.keys
            discount = keys["year"].map(factor).to_numpy(dtype=float)
            if name == "supply":
                cost = data.lookup("supply_cost", keys) * discount
            else:
                cost = (-data.lookup("market_price", keys) + border_per_tonne(data, keys)
                        ) * discount
            idx = np.array([self.columns[id(v)] for v in family.items], dtype=np.int32)
            lower = data.lookup(low, keys)
            upper = data.lookup(high, keys)
            upper = np.where(np.isfinite(upper), upper, inf)
            self.resolver.highs.changeColsBounds(len(idx), idx, lower, upper)
            self.resolver.highs.changeColsCost(len(idx), idx, cost)

    def _carbon_costs(self, data: ModelData) -> None:
        reg = registry(self.model)
        years = list(data.years)
        factor = dict(zip(years, data.discount_factors(), strict=True))
        rows = {y: i for i, y in enumerate(years)}
        cost: dict[int, float] = {}
        for term in covered_terms(data, "price", reg.families["emissions"],
                                  reg.families["credits"], rows):
            year = np.asarray(years)[term.row]
            price = data.lookup("carbon_price", pd.DataFrame({"year": year}))
            for col, coef, y, p in zip(term.col.tolist(), term.coef.tolist(), year.tolist(),
                                       price.tolist(), strict=True):
                j = self.columns.get(id(term.family.items[col]))
                if j is not None:
                    cost[j] = cost.get(j, 0.0) + coef * p * factor[y]
        if cost:
            idx = np.array(list(cost), dtype=np.int32)
            self.resolver.highs.changeColsCost(len(idx), idx, np.array(list(cost.values())))


def run_warm(raw: ModelData, todo: list, manifest: dict, done: Callable[[], None]) -> list:
    """Solve eligible members in place; return the members left for a full rebuild."""
    valid = []
    for member, scenario, target in todo:
        try:
            valid.append((member, scenario, target,
                          with_stock_supply(apply_scenario(raw, scenario))))
        except InputError as exc:  # a bad member is recorded, as in the rebuild path
            manifest[member.name] = {"status": "invalid", "error": str(exc)}
    if not valid:
        return []
    patcher = _Patcher(valid[0][3], valid[0][1].solver)
    left = []
    for member, scenario, target, data in valid:
        if not patcher.patch(data):
            left.append((member, scenario, target))
            continue
        result = patcher.resolver.solve()
        try:
            cube = result_cube(patcher.model, data, patcher.sets, result, _attrs(member, scenario))
        except Exception:  # the audit disagrees: rebuild this member from scratch
            left.append((member, scenario, target))
            continue
        write_results(cube, Path(target))
        manifest[member.name] = {"status": str(cube.attrs["status"]),
                                 "objective": float(cube.attrs["objective"]),
                                 "file": Path(target).name, "seconds": result.seconds,
                                 "method": "warm"}
        done()
    return left


def _attrs(member: Any, scenario: Scenario) -> dict[str, str]:
    return {"scenario": scenario.name, "scenario_description": scenario.description,
            "scenario_resolved": json.dumps(scenario.resolved(), sort_keys=True),
            "scenario_hash": scenario.digest(), "sweep_coords": json.dumps(member.coords),
            "method": "warm re-solve of one model"}
