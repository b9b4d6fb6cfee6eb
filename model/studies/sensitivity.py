"""One-at-a-time sensitivity over the low-high ranges in the data package.

Method
------
An *input* is one key of a parameter whose rows carry a ``low``/``high`` range, all its years
moved together: the ranged rows of a parameter are grouped by their key without ``year``
(``market_price`` of one (node, material) is one input; a table without a year has one input
per ranged row; a table keyed by year alone is one input). A row with only one side of a range
keeps its value on the other side.

Besides the base plan, every input gets two members: every ranged row of its key set to its
``low``, then to its ``high``, all other inputs at their base values (one at a time: no
interactions are measured). Each member is ``ModelData.with_params`` of the base data (the
provenance names the sensitivity member), and all members are solved in one HiGHS session,
each a warm re-solve by diff from the member before.

For every member the study records the net result (revenue − cost, present value: the
negative of the solver's objective), gross emissions over the horizon, tonnes sold over the
horizon (materials counted in tonnes) and each stage's throughput over the horizon (tonnes of
input counted in tonnes). The table has one row per input, ranked by the swing of the net
result ``|high − low|``, ties by the swing of emissions. A member that is not optimal is kept
with its status; its numbers, and the input's swings, are NaN (ranked last).

The stock model (``model.data.supply``) turns the ``product_*`` parameters into end-of-life
supply. Members of parameters with a ``product`` dimension are made from the data before the
stock model and run it again, so their ranges move the supply; all other members start from
the data with the stock model's supply (``supply_max`` ranges then include it). Data that
already holds that supply (``with_stock_supply``) cannot move it again: its ``product``
parameters are left out, with a warning.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData
from model.data.provenance import Change, parameter_provenance
from model.data.supply import with_stock_supply
from model.errors import InputError, SolveError
from model.lp.session import HighsSession
from model.lp.solve import SolveOptions
from model.pipeline import solve_data
from model.report.names import KINDS, names
from model.results.substances import in_tonnes

__all__ = ["COLUMNS", "Input", "NoInputsError", "Sensitivity", "key_label", "parse_key",
           "sensitivity", "sensitivity_inputs", "sensitivity_study"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

#: The table's columns, in order (money in CNY present value, emissions in tCO2e and tonnes
#: in t over the horizon; ``base``, ``low`` and ``high`` in the parameter's ``unit``).
COLUMNS = (
    "parameter", "key", "label", "unit", "base", "low", "high", "source", "confidence",
    "net_result_base_cny", "net_result_low_cny", "net_result_high_cny", "net_result_swing_cny",
    "emissions_base_tco2e", "emissions_low_tco2e", "emissions_high_tco2e",
    "emissions_swing_tco2e", "sold_base_t", "sold_low_t", "sold_high_t",
    "stage", "stage_change_t", "stage_at", "status_low", "status_high",
)

#: Relative size below which a swing or a stage's change is solver round-off.
ROUND_OFF = 1e-9

ENDS = ("low", "high")


class NoInputsError(ValueError):
    """The selection names unknown parameters, parameters without ranges, or nothing."""


@dataclass(frozen=True)
class Input:
    """One input: the ranged rows of one key (without ``year``) of a parameter."""

    parameter: str
    key: tuple[tuple[str, str], ...]  # (dimension, value) pairs, ``year`` left out
    rows: np.ndarray  # positions of the key's ranged rows in ``data.params[parameter]``

    @property
    def key_text(self) -> str:
        """The key as text: ``node=mkt, material=metal`` ('' for a table keyed by year)."""
        return ", ".join(f"{dim}={value}" for dim, value in self.key)


@dataclass(frozen=True)
class Metrics:
    """What one member's plan gives (NaN and no stages if it is not optimal)."""

    status: str
    net_result: float
    emissions: float
    sold: float
    stages: pd.Series  # t over the horizon, by stage


@dataclass(frozen=True)
class Sensitivity:
    """The ranked table and the base plan's result cube."""

    table: pd.DataFrame
    base: xr.Dataset


def _quiet(message: str) -> None:
    """No progress report."""


def _ranged(data: ModelData, name: str) -> np.ndarray:
    """Whether each row of parameter ``name`` has a low or a high value."""
    ranges = data.ranges(name)
    if ranges.empty:
        return np.zeros(len(data.params[name]), bool)
    return ranges.reindex(data.params[name].index).notna().any(axis=1).to_numpy()


def _has_ranges(data: ModelData, name: str) -> bool:
    return bool(_ranged(data, name).any())


def _is_stock_input(data: ModelData, name: str) -> bool:
    """Whether the stock model reads parameter ``name`` (it has a ``product`` dimension)."""
    return "product" in data.cat.params[name].dims


def _selection(data: ModelData, parameters: Iterable[str] | None,
               exclude: Iterable[str]) -> list[str]:
    """The parameters to vary, in the data's order; ``NoInputsError`` for a bad selection."""
    asked, left_out = list(parameters or ()), set(exclude)
    unknown = sorted({n for n in (*asked, *left_out) if n not in data.cat.params})
    if unknown:
        raise NoInputsError(f"unknown parameter(s): {', '.join(unknown)}; parameters with "
                            f"ranges here: {', '.join(ranged_parameters(data)) or 'none'}")
    bare = sorted({n for n in asked if n not in data.params or not _has_ranges(data, n)})
    if bare:
        raise NoInputsError(f"no low/high ranges in parameter(s): {', '.join(bare)}; add "
                            "low and high columns to their tables")
    chosen = [n for n in ranged_parameters(data)
              if (not asked or n in asked) and n not in left_out]
    if data.stock_supply and any(_is_stock_input(data, n) for n in chosen):
        log.warning("the data already holds the stock model's supply: the ranges of its "
                    "product parameters cannot move it and are left out (pass the data "
                    "before with_stock_supply)")
        chosen = [n for n in chosen if not _is_stock_input(data, n)]
    if not chosen:
        raise NoInputsError("no parameter with low/high ranges is left to vary")
    return chosen


def ranged_parameters(data: ModelData) -> list[str]:
    """The parameters (with dimensions) that have at least one row with a range."""
    return [n for n in data.params if data.cat.params[n].dims and _has_ranges(data, n)]


def _inputs_of(data: ModelData, name: str) -> list[Input]:
    """The inputs of one parameter: its ranged rows grouped by key without ``year``."""
    index = data.params[name].index
    rows = np.flatnonzero(_ranged(data, name))
    dims = [str(d) for d in index.names if d != "year"]
    if not rows.size:
        return []
    if not dims:
        return [Input(name, (), rows)]
    keys = index[rows].to_frame(index=False)[dims]
    groups = keys.groupby(dims, sort=False).indices
    return [Input(name, tuple(zip(dims, map(str, key if isinstance(key, tuple) else (key,)),
                                  strict=True)), rows[at])
            for key, at in groups.items()]


def sensitivity_inputs(data: ModelData, parameters: Iterable[str] | None = None,
                       exclude: Iterable[str] = ()) -> list[Input]:
    """The inputs a sensitivity study varies (see the module's docstring).

    ``parameters`` keeps only those parameters (each must have ranges), ``exclude`` leaves
    some out; ``NoInputsError`` if a name is unknown or nothing is left.
    """
    return [item for name in _selection(data, parameters, exclude)
            for item in _inputs_of(data, name)]


def _end_values(data: ModelData, item: Input, end: str) -> np.ndarray:
    """The key's ranged rows at ``end`` (a row without that side keeps its value)."""
    base = data.params[item.parameter].to_numpy(float)[item.rows]
    side = data.ranges(item.parameter).reindex(data.params[item.parameter].index)
    values = side[end].to_numpy(float)[item.rows]
    return np.where(np.isnan(values), base, values)


def _member(data: ModelData, item: Input, end: str) -> ModelData:
    """``data`` with the input's ranged rows at its ``low`` or ``high`` end."""
    series = data.params[item.parameter].copy()
    values = series.to_numpy(float, copy=True)
    values[item.rows] = _end_values(data, item, end)
    change = Change(source=f"sensitivity: {end} end of the low-high range of {{source}}",
                    ranges="keep")
    return data.with_params({item.parameter: pd.Series(values, index=series.index)}, change)


def _metrics(cube: xr.Dataset) -> Metrics:
    """Net result, emissions, tonnes sold and stage throughput of one member's plan."""
    status = str(cube.attrs.get("status", "unknown"))
    if status != "optimal":
        return Metrics(status, math.nan, math.nan, math.nan, pd.Series(dtype=float))
    stages = pd.Series(dtype=float)
    if "process_input" in cube and "process_stage" in cube.coords:
        throughput = in_tonnes(cube["process_input"]).sum(["material", "year"])
        stages = throughput.groupby("process_stage").sum().to_series()
    net = 0.0 - float(cube.attrs["objective"])  # revenue - cost (0.0 -: never -0.0)
    return Metrics(status, net, float(cube["emissions"].sum()),
                   float(in_tonnes(cube["sales"]).sum()), stages.astype(float))


def _solve(data: ModelData, options: SolveOptions, session: HighsSession,
           name: str) -> xr.Dataset:
    return solve_data(data, options, {"scenario": name}, session=session)


def _member_metrics(source: ModelData, item: Input, end: str, options: SolveOptions,
                    session: HighsSession) -> Metrics:
    """Solve one member warm in ``session``; data the model refuses is recorded 'invalid'."""
    try:
        member = _member(source, item, end)
        return _metrics(_solve(member, options, session, f"sensitivity_{end}"))
    except InputError as exc:
        log.warning("sensitivity member %s %s at %s is invalid: %s", item.parameter,
                    item.key_text, end, exc)
        return Metrics("invalid", math.nan, math.nan, math.nan, pd.Series(dtype=float))


def _stage_move(base: Metrics, ends: dict[str, Metrics]) -> tuple[str, float, str]:
    """The stage whose throughput moves most at either end: (stage, change in t, end)."""
    solved = {end: m for end, m in ends.items() if m.status == "optimal"}
    if not solved:
        return "", math.nan, ""
    tolerance = ROUND_OFF * max(float(base.stages.abs().sum()), 1.0)
    best = ("", 0.0, "")
    for end, metrics in solved.items():
        change = metrics.stages.sub(base.stages, fill_value=0.0)
        if change.empty:
            continue
        stage = change.abs().idxmax()
        if abs(change[stage]) > max(abs(best[1]), tolerance):
            best = (str(stage), float(change[stage]), end)
    return best


def parse_key(text: str) -> list[tuple[str, str]]:
    """The (dimension, value) pairs of a key's text (``Input.key_text``)."""
    pairs = [part.split("=", 1) for part in str(text).split(", ") if "=" in part]
    return [(dim, value) for dim, value in pairs]


def key_label(key: Iterable[tuple[str, str]], cube: xr.Dataset, lang: str = "en") -> str:
    """A key in names: materials, nodes, processes, ... by their labels in ``cube``."""
    parts = [names(cube, dim, lang)[value] if dim in KINDS else value for dim, value in key]
    return ("，" if lang == "zh" else ", ").join(parts)


def _row(item: Input, data: ModelData, provenance: pd.DataFrame, cube: xr.Dataset,
         base: Metrics, ends: dict[str, Metrics]) -> dict[str, object]:
    """One input's row of the table."""
    low, high = ends["low"], ends["high"]
    first = provenance.iloc[int(item.rows[0])]
    stage, change, at = _stage_move(base, ends)
    return {
        "parameter": item.parameter, "key": item.key_text, "label": key_label(item.key, cube),
        "unit": data.cat.params[item.parameter].unit,
        "base": float(data.params[item.parameter].to_numpy(float)[item.rows].mean()),
        "low": float(_end_values(data, item, "low").mean()),
        "high": float(_end_values(data, item, "high").mean()),
        "source": str(first["source"]), "confidence": str(first["confidence"]),
        "net_result_base_cny": base.net_result, "net_result_low_cny": low.net_result,
        "net_result_high_cny": high.net_result,
        "net_result_swing_cny": abs(high.net_result - low.net_result),
        "emissions_base_tco2e": base.emissions, "emissions_low_tco2e": low.emissions,
        "emissions_high_tco2e": high.emissions,
        "emissions_swing_tco2e": abs(high.emissions - low.emissions),
        "sold_base_t": base.sold, "sold_low_t": low.sold, "sold_high_t": high.sold,
        "stage": stage, "stage_change_t": change, "stage_at": at,
        "status_low": low.status, "status_high": high.status,
    }


def _ranked(table: pd.DataFrame, base: Metrics) -> pd.DataFrame:
    """The rows by net-result swing, then emissions swing, largest first (NaN last);
    swings within round-off of zero count as equal."""
    order = pd.DataFrame({
        column: table[column].mask(table[column].abs() <= ROUND_OFF * max(abs(size), 1.0), 0.0)
        for column, size in (("net_result_swing_cny", base.net_result),
                             ("emissions_swing_tco2e", base.emissions))})
    ranked = order.sort_values(list(order.columns), ascending=False, na_position="last")
    return table.loc[ranked.index].reset_index(drop=True)


def _sources(data: ModelData, stocked: ModelData, name: str) -> ModelData:
    """The data a parameter's members start from (see the module's docstring)."""
    return data if _is_stock_input(data, name) and not data.stock_supply else stocked


def sensitivity_study(data: ModelData, options: SolveOptions | None = None,
                      parameters: Iterable[str] | None = None, exclude: Iterable[str] = (),
                      progress: Progress | None = None) -> Sensitivity:
    """Solve the base plan and two members per input; return the ranked table and the base.

    Raises ``NoInputsError`` (before any solve) for a bad selection and ``SolveError`` if the
    base plan is not optimal; members that are not optimal are recorded with their status.
    """
    say, options = progress or _quiet, options or SolveOptions()
    inputs = sensitivity_inputs(data, parameters, exclude)
    stocked, session = with_stock_supply(data), HighsSession(prune=True)
    say(f"solving the base plan ({len(inputs)} inputs, {2 * len(inputs)} members to follow)")
    cube = _solve(stocked, options, session, "sensitivity_base")
    if cube.attrs["status"] != "optimal":
        raise SolveError(f"the base plan is {cube.attrs['status']}", str(cube.attrs["status"]))
    base, rows, provenance = _metrics(cube), [], {}
    for i, item in enumerate(inputs):
        source = _sources(data, stocked, item.parameter)
        if item.parameter not in provenance:
            provenance[item.parameter] = parameter_provenance(source, item.parameter)
        say(f"input {i + 1} of {len(inputs)}: {item.parameter} {item.key_text}".rstrip())
        start = time.perf_counter()
        ends = {end: _member_metrics(source, item, end, options, session) for end in ENDS}
        log.info("%s %s: 2 members in %.2f s", item.parameter, item.key_text,
                 time.perf_counter() - start)
        rows.append(_row(item, source, provenance[item.parameter], cube, base, ends))
    return Sensitivity(_ranked(pd.DataFrame(rows, columns=list(COLUMNS)), base), cube)


def sensitivity(data: ModelData, options: SolveOptions | None = None,
                parameters: Iterable[str] | None = None, exclude: Iterable[str] = (),
                progress: Progress | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity of the plan to the data's low-high ranges: the ranked table.

    See the module's docstring for the method and ``COLUMNS`` for the table;
    ``sensitivity_study`` also returns the base plan's cube.

    Parameters
    ----------
    data
        The data package after the scenario (best before the stock model, so that the stock
        model's inputs are inputs too).
    options
        Solver options of every member.
    parameters
        Only these parameters (each must have ranges); None: every parameter with ranges.
    exclude
        Parameters left out.
    progress
        Called with a short message before each solve.
    """
    return sensitivity_study(data, options, parameters, exclude, progress).table
