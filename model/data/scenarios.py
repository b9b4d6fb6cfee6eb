"""Scenario files: a data package, parameter overrides and solver settings.

.. code-block:: yaml

   name: high_carbon_price
   description: China ETS price doubles from 2030
   extends: baseline.yaml          # optional; paths are relative to this file
   inputs: ../inputs               # the data package (default: ../inputs)
   overrides:
     - parameter: carbon_price
       where: {year: 2030}
       value: 150
       unit: CNY/tCO2e             # a value always states its unit
     - parameter: supply_max
       where: {material: [elv_ice, elv_bev]}   # a list selects any of its keys
       scale: 1.2
   solver: {time_limit_s: 600, threads: 1}

YAML is read in safe mode (YAML 1.2: ``NO`` stays a string), with duplicate keys, aliases and
files over 1 MB rejected. Overrides are applied in order, parents first.

``extends`` and ``inputs`` may point anywhere on disk; a path outside the project folder (the
folder above the scenario file's own folder) is allowed and recorded in the resolved
scenario's ``notes``. Every row an override changes passes the same rules as the CSV tables:
the catalogue's range (finite, within min and max) and the cross-table checks of
``model.data.validate`` (shares, composition sums, process mass closure, ...).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent

from model.data.currency import foreign
from model.data.dataset import ModelData
from model.data.provenance import Change
from model.data.reads import Reads, reads_of
from model.data.units import UnitError, conversion_factor
from model.data.validate import CROSS_CHECKS, IDENTIFIER, check_values, dimension_values
from model.errors import Problem, ScenarioError
from model.lp.solve import SolveOptions

__all__ = ["CarbonOptions", "Override", "Scenario", "apply_scenario", "load_scenario"]

MAX_YAML_BYTES = 1_000_000
MAX_EXTENDS_DEPTH = 10

log = logging.getLogger(__name__)


# keys selecting the rows of a parameter: a dimension's value, or a list of any of them
Where = dict[str, str | int | list[str | int]]


class Override(BaseModel):
    """Set (``value`` + ``unit``) or multiply (``scale``) the rows of a parameter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parameter: str
    where: Where = Field(default_factory=dict)
    value: float | None = None  # ``.inf`` writes "no limit" where the catalogue allows it
    unit: str | None = None
    scale: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    quantile: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _one_action(self) -> Override:
        given = [x is not None for x in (self.value, self.scale, self.quantile)]
        if sum(given) != 1:
            raise ValueError("give exactly one of `value` (with `unit`), `scale` or `quantile`")
        if self.value is not None and not self.unit:
            raise ValueError("`value` needs a `unit` (e.g. unit: CNY/tCO2e)")
        if self.value is not None and (math.isnan(self.value) or self.value == -math.inf):
            raise ValueError("`value` must be a number, or .inf for no limit")
        return self


class CarbonOptions(BaseModel):
    """How emissions are accounted: ``cut_off`` (no credits) or ``substitution``.

    Under substitution, avoided emissions of secondary products (``substitution_factor``) are
    netted in the carbon price, caps, budget and standards; under cut-off they are only
    reported.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    accounting: Literal["cut_off", "substitution"] = "cut_off"


class Scenario(BaseModel):
    """A resolved scenario (after ``extends`` is followed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER.pattern)
    description: str = ""
    description_zh: str = ""  # the description in Chinese (for reports in Chinese)
    inputs: Path = Path("../inputs")
    extends: str | None = None
    overrides: list[Override] = Field(default_factory=list)
    solver: SolveOptions = Field(default_factory=SolveOptions)
    carbon: CarbonOptions = Field(default_factory=CarbonOptions)
    file: str = ""  # the scenario file, absolute (set by load_scenario; '' when made in code)
    notes: list[str] = Field(default_factory=list)  # set by load_scenario: paths outside
    parent: str = ""  # the file named by ``extends``, absolute: the report's counterfactual

    def resolved(self) -> dict[str, Any]:
        """Plain-data form stored in the result cube's attrs."""
        return json.loads(self.model_dump_json(exclude={"extends"}))

    def digest(self) -> str:
        """SHA-256 of the resolved scenario (where it was read from left out)."""
        content = {k: v for k, v in self.resolved().items()
                   if k not in ("file", "notes", "parent")}
        text = json.dumps(content, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def _read_yaml(path: Path) -> dict[str, Any]:
    where = str(path)
    if not path.is_file():
        raise ScenarioError([Problem(where, "scenario file not found")])
    if path.stat().st_size > MAX_YAML_BYTES:
        raise ScenarioError([Problem(where, f"file larger than {MAX_YAML_BYTES} bytes")])
    text = path.read_text(encoding="utf-8")
    yaml = YAML(typ="safe", pure=True)
    try:
        if any(isinstance(event, AliasEvent) for event in yaml.parse(text)):
            raise ScenarioError([Problem(where, "YAML aliases (*name) are not allowed",
                                         fix="write the values out in full")])
        raw = yaml.load(text)
    except YAMLError as exc:
        raise ScenarioError([Problem(where, f"not valid YAML: {exc}")]) from exc
    if not isinstance(raw, dict):
        raise ScenarioError([Problem(where, "a scenario file is a mapping (name, overrides, ...)")])
    return raw


def _raw_chain(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Merge a scenario with its ``extends`` parents; paths become absolute."""
    if path.resolve() in seen or len(seen) > MAX_EXTENDS_DEPTH:
        chain = " -> ".join(p.name for p in (*seen, path))
        rule = f"`extends` forms a cycle or is too deep: {chain}"
        raise ScenarioError([Problem(str(path), rule)])
    raw = _read_yaml(path)
    own_inputs = isinstance(raw.get("inputs"), str)
    if own_inputs:
        raw["inputs"] = str((path.parent / raw["inputs"]).resolve())
    parent_name = raw.get("extends")
    if not parent_name:
        raw.setdefault("inputs", str((path.parent / "../inputs").resolve()))
        return {**raw, "_parents": []}
    parent_path = path.parent / str(parent_name)
    parent = _raw_chain(parent_path, (*seen, path.resolve()))
    merged = {**parent, **{k: v for k, v in raw.items() if k != "overrides"}}
    merged["overrides"] = list(parent.get("overrides") or []) + list(raw.get("overrides") or [])
    merged["_parents"] = [str(parent_path.resolve()), *parent["_parents"]]
    if not own_inputs:
        merged["inputs"] = parent["inputs"]
    return merged


def _outside_notes(path: Path, parents: list[str], inputs: object) -> list[str]:
    """A note for each ``extends`` file and the ``inputs`` folder outside the project folder.

    The project folder is the one above the scenario file's own folder (``scenarios/`` and
    ``inputs/`` side by side). Such paths are allowed; the note says where they lead.
    """
    project = path.resolve().parent.parent
    where = [("extends", Path(p)) for p in parents]
    if isinstance(inputs, str):
        where.append(("inputs", Path(inputs)))
    return [f"{key} {target} lies outside the project folder {project}"
            for key, target in where if not target.resolve().is_relative_to(project)]


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a scenario file (following ``extends``).

    ``file`` is set to the file's absolute path, and ``notes`` records every ``extends`` file
    or ``inputs`` folder that lies outside the project folder (allowed, but said).
    """
    path = Path(path)
    raw = _raw_chain(path)
    parents = raw.pop("_parents")
    raw["notes"] = _outside_notes(path, parents, raw.get("inputs"))
    raw["parent"] = parents[0] if parents else ""
    raw["file"] = str(path.resolve())
    for note in raw["notes"]:
        log.info("scenario %s: %s", path, note)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(str(path), err["msg"], key=".".join(map(str, err["loc"])),
                    value=err.get("input") if not isinstance(err.get("input"), dict) else None)
            for err in exc.errors()
        ]
        raise ScenarioError(problems, header=f"invalid scenario {path}") from None


# --------------------------------------------------------------------------- applying


def _values(value: str | int | list[str | int]) -> list[str | int]:
    """A ``where`` entry as the list of keys it selects (a scalar or any of a list)."""
    return list(value) if isinstance(value, list) else [value]


def _match(series: pd.Series, where: Where) -> np.ndarray:
    mask = np.ones(len(series), dtype=bool)
    for dim, value in where.items():
        mask &= np.isin(series.index.get_level_values(dim).to_numpy(), _values(value))
    return mask


def _check_where(
    data: ModelData, override: Override, dims: tuple[str, ...], where: str
) -> list[Problem]:
    problems = []
    valid = dimension_values(data.cat, data.sets)  # as the tables' keys are checked
    for dim, value in override.where.items():
        if dim not in dims:
            problems.append(Problem(where, f"parameter '{override.parameter}' has no dimension "
                                    f"'{dim}'", key="where", fix=f"its dimensions: {list(dims)}"))
        elif dim in data.cat.free_dims:
            continue
        elif dim in data.cat.int_dims:  # any whole number (cohorts before the horizon too)
            problems += [Problem(where, f"{dim} must be a whole number, not {v!r}",
                                 key=f"where.{dim}")
                         for v in _values(value) if not isinstance(v, int) or isinstance(v, bool)]
        else:
            problems += [Problem(where, f"unknown {dim} {v!r}", key=f"where.{dim}")
                         for v in _values(value) if v not in valid[dim]]
    return problems


def _apply_one(data: ModelData, override: Override, where: str) -> tuple[pd.Series, list]:
    name = override.parameter
    if name not in data.cat.params:
        return pd.Series(dtype=float), [Problem(where, f"unknown parameter '{name}'",
                                                key="parameter")]
    spec = data.cat.params[name]
    problems = _check_where(data, override, spec.dims, where)
    if problems:
        return data.params[name], problems
    series = data.params[name].copy()
    mask = _match(series, override.where) if spec.dims else np.ones(len(series), dtype=bool)
    if override.quantile is not None:
        return _set_quantile(data, override, series, mask, where)
    if override.scale is not None:
        if not mask.any():
            return series, [Problem(where, f"no rows of '{name}' match {override.where}",
                                    key="where", fix="scale applies to existing rows only")]
        series[mask] = series[mask] * override.scale
        return series, []
    return _set_value(data, override, series, mask, where)


def _set_quantile(data: ModelData, override: Override, series: pd.Series, mask: np.ndarray,
                  where: str) -> tuple[pd.Series, list]:
    """Each matching row at the same quantile of its own low-high range."""
    ranges = data.ranges(override.parameter).reindex(series.index)
    ranged = mask & ranges["low"].notna().to_numpy() & ranges["high"].notna().to_numpy()
    if not ranged.any():
        return series, [Problem(where, f"no rows of '{override.parameter}' matching "
                                f"{override.where} have low/high ranges", key="where",
                                fix="add low and high columns to the table")]
    low, high = ranges["low"].to_numpy(), ranges["high"].to_numpy()
    series[ranged] = (low + float(override.quantile or 0.0) * (high - low))[ranged]
    return series, []


def _set_value(data: ModelData, override: Override, series: pd.Series, mask: np.ndarray,
               where: str) -> tuple[pd.Series, list]:
    name, spec = override.parameter, data.cat.params[override.parameter]
    try:
        value = override.value * conversion_factor(override.unit or "", spec.unit)  # type: ignore[operator]
    except UnitError as exc:
        fix = ("write the value in CNY: an override is not converted at an exchange rate "
               "(override exchange_rate to move every row entered in a currency)"
               if foreign(override.unit or "") else "")
        return series, [Problem(where, str(exc), key="unit", value=override.unit, fix=fix)]
    missing = [d for d in spec.dims if d not in override.where]
    if spec.dims and (missing == ["year"] or not missing):
        # a time series given by its other keys: set every model year (adding missing rows)
        choices = [data.years if d not in override.where else _values(override.where[d])
                   for d in spec.dims]
        index = pd.MultiIndex.from_product(choices, names=list(spec.dims))
        series = pd.concat([series[~series.index.isin(index)] if len(series) else series,
                            pd.Series(value, index=index)]).rename(name)
    elif mask.any():
        series[mask] = value
    elif not spec.dims:
        series = pd.Series([value], index=pd.RangeIndex(1), name=name)
    else:
        return series, [Problem(where, f"no rows of '{name}' match {override.where}; to add a "
                                "row give every dimension", key="where",
                                fix=f"dimensions: {list(spec.dims)}")]
    return series, []


# --------------------------------------------------------------------------- checking


def _action(override: Override) -> str:
    """An override in words: ``carbon_price where {'year': 2030} value 150 CNY/tCO2e``."""
    where = f" where {override.where}" if override.where else ""
    if override.scale is not None:
        what = f"scale x{override.scale:g}"
    elif override.quantile is not None:
        what = f"quantile {override.quantile:g}"
    else:
        what = f"value {override.value:g} {override.unit}"
    return f"{override.parameter}{where} {what}"


def _location(scenario: Scenario, indices: list[int]) -> str:
    """Where a problem comes from: the scenario (its file) and the overrides responsible."""
    file = f" ({scenario.file})" if scenario.file else ""
    actions = "; ".join(_action(scenario.overrides[i]) for i in indices)
    return f"scenario '{scenario.name}'{file} overrides[{', '.join(map(str, indices))}] " \
           f"({actions})"


def _moved(problem: Problem, where: str, table: str) -> Problem:
    """A problem found by a table rule, told as the scenario's: keys, value after, rule."""
    key = f"{table}: {problem.key}" if problem.key else table
    return Problem(where, problem.rule, key=key, column=problem.column, value=problem.value,
                   fix=problem.fix)


def _check_rows(data: ModelData, override: Override, after: pd.Series, where: str
                ) -> list[Problem]:
    """The rows that an override changed or added pass the tables' rule ``check_values``.

    A set value is one value for all its rows: it is checked, and told, once.
    """
    name = override.parameter
    spec = data.cat.params[name]
    before = data.params[name].reindex(after.index)
    rows = after[before.isna().to_numpy() | (before != after).to_numpy()]
    dims = list(spec.dims) if override.value is None else []
    frame = (rows.index.to_frame(index=False)[dims] if dims
             else pd.DataFrame(index=pd.RangeIndex(min(len(rows), 1))))
    frame["value"] = rows.to_numpy(dtype=float)[:len(frame)]
    found: list[Problem] = []
    if override.value == math.inf and not spec.unlimited:
        return [Problem(where, f"'{name}' cannot be unlimited: .inf means no limit only for "
                        "limits whose catalogue entry allows it", key="value", value="inf",
                        fix="give a number")]
    unlimited = pd.Series(spec.unlimited & np.isposinf(frame["value"].to_numpy()),
                          index=frame.index)
    check_values(spec, frame, frame["value"], ~unlimited, dims, found)
    return [_moved(p, where, name) for p in found]


def _cross_check(before: ModelData, after: ModelData, scenario: Scenario) -> list[Problem]:
    """The cross-table rules of ``model.data.validate`` on the data after the overrides.

    A rule's new problems (not found in the data before) are told against the overrides of
    the parameters the rule reads (all overrides if it read none by key); the CSV file and
    keys it names stay in the message.
    """
    files = before.cat.files()
    problems: list[Problem] = []
    for check in CROSS_CHECKS:
        if all(after.params.get(n) is before.params.get(n) for n in reads_of(before, check)):
            continue  # the rule reads the very tables it read before: nothing new to find
        reads = Reads(after.params)
        found: list[Problem] = []
        check(replace(after, params=reads), found)
        culprits = [i for i, o in enumerate(scenario.overrides) if o.parameter in reads.read]
        if not found or (reads.read and not culprits):
            continue
        known: list[Problem] = []
        check(before, known)
        where = _location(scenario, culprits or list(range(len(scenario.overrides))))
        problems += [_moved(p, where, files.get(p.file, p.file)) for p in found
                     if str(p) not in {str(k) for k in known}]
    return problems


def _change(scenario: str, override: Override) -> Change:
    """What the provenance records for the rows an override changes or adds.

    A set value is the scenario's assumption (confidence ``L``, shown in the override's unit,
    no range); a scale keeps the source's confidence and scales its range; a quantile stays
    within the source's range.
    """
    label = f"scenario {scenario}"
    if override.scale is not None:
        return Change(source=f"{label}: scale x{override.scale:g} of {{source}}",
                      ranges="scale", factor=override.scale)
    if override.quantile is not None:
        return Change(source=f"{label}: quantile {override.quantile:g} of the low-high range "
                             "of {source}", ranges="keep")
    return Change(source=f"{label}: override value {override.value:g} {override.unit}",
                  confidence="L", unit=override.unit, ranges="drop")


def apply_scenario(data: ModelData, scenario: Scenario) -> ModelData:
    """Return ``data`` with the scenario's overrides applied, in order.

    Each override goes through ``ModelData.with_param``, so the provenance of the rows it
    changes or adds names the scenario and the override.

    Every changed row passes the CSV tables' range rule (finite, within the catalogue's min
    and max) and the data after all overrides passes the cross-table checks, before any
    solve; an error names the scenario (file or sweep member), the override, the keys, the
    value after the override and the rule.

    Raises
    ------
    ScenarioError
        Listing every override that names an unknown parameter, dimension or element, gives a
        bad unit, matches no row, or leaves a value or a table breaking its rules.
    """
    problems: list[Problem] = []
    start = current = data.with_accounting(scenario.carbon.accounting)
    for i, override in enumerate(scenario.overrides):
        where = _location(scenario, [i])
        series, found = _apply_one(current, override, where)
        if not found:
            found = _check_rows(current, override, series, where)
        problems += found
        if not found:
            current = current.with_param(override.parameter, series,
                                         _change(scenario.name, override))
    if not problems and scenario.overrides:
        problems = _cross_check(start, current, scenario)
    if problems:
        raise ScenarioError(problems, header=f"scenario '{scenario.name}' cannot be applied")
    return current
