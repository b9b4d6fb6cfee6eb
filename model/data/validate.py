"""Parse and check a data package; collect every problem, then raise once.

``load_data(path)`` is the only entry point most users need: it reads the CSV files, checks
them against the catalogue and against each other, converts units, and returns ``ModelData``.
Each rule is one ``check_*`` or ``_parse_*`` function that appends ``Problem`` objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.data.catalogue import Catalogue, ParamSpec, RelationSpec, SetSpec, catalogue
from model.data.dataset import ModelData
from model.data.io import input_hash, read_tables
from model.data.provenance import ORIGIN_COLUMNS, empty_origin
from model.data.units import UnitError, conversion_factor
from model.errors import InputError, Problem

__all__ = ["IDENTIFIER", "load_data", "parse_tables"]

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")
CONFIDENCE = ("H", "M", "L")
PROVENANCE_COLUMNS = ("value", "unit", "source", "confidence")
OPTIONAL_COLUMNS = ("note", "low", "high")
MAX_ROWS_PER_RULE = 10
TOLERANCE = 1e-6


def load_data(path: Path | str) -> ModelData:
    """Read, check and convert the data package in ``path``.

    Raises
    ------
    InputError
        Listing every problem found, each with file, line, key, column, value and rule.
    """
    path = Path(path)
    tables = read_tables(path)
    return parse_tables(tables, source=str(path), digest=input_hash(path))


def parse_tables(tables: dict[str, pd.DataFrame], source: str, digest: str) -> ModelData:
    """Check and convert already-read string tables (see ``load_data``)."""
    cat = catalogue()
    problems: list[Problem] = []
    sets = _parse_sets(cat, tables, problems)
    domains = _domains(cat, sets)
    relations = {
        name: _parse_relation(spec, tables.get(name), domains, problems)
        for name, spec in cat.relations.items()
    }
    params: dict[str, pd.Series] = {}
    origins: dict[str, pd.DataFrame] = {}
    for name, spec in cat.params.items():
        params[name], origins[name] = _parse_param(spec, tables.get(name), domains, problems)
    data = ModelData(
        years=tuple(sorted(domains["year"])),  # type: ignore[arg-type]
        sets=sets,
        relations=relations,
        params=params,
        origins=origins,
        source=source,
        input_hash=digest,
    )
    if not problems:
        for check in CROSS_CHECKS:
            check(data, problems)
    if problems:
        raise InputError(problems, header=f"invalid data package {source}")
    return data


# --------------------------------------------------------------------------- row helpers


def _line(frame: pd.DataFrame, i: int) -> int:
    return int(frame.index[i]) + 2  # header is line 1


def _key_text(frame: pd.DataFrame, i: int, columns: tuple[str, ...] | list[str]) -> str:
    row = frame.iloc[i]
    values = {c: (row[c].item() if hasattr(row[c], "item") else row[c])
              for c in columns if c in frame.columns}
    return ", ".join(f"{c}={v!r}" for c, v in values.items())


def _flag(
    problems: list[Problem],
    file: str,
    frame: pd.DataFrame,
    mask: np.ndarray | pd.Series,
    column: str,
    rule: str,
    keys: tuple[str, ...] | list[str],
    fix: str = "",
) -> None:
    """Add one problem per flagged row (at most ``MAX_ROWS_PER_RULE``, then a count)."""
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    for i in hits[:MAX_ROWS_PER_RULE]:
        value: Any = frame.iloc[i][column] if column in frame.columns else None
        value = value.item() if hasattr(value, "item") else value
        problems.append(
            Problem(file, rule, _line(frame, i), _key_text(frame, i, keys), column, value, fix)
        )
    if len(hits) > MAX_ROWS_PER_RULE:
        more = len(hits) - MAX_ROWS_PER_RULE
        problems.append(Problem(file, f"{rule} ({more} more rows like this)", column=column))


def _check_columns(
    file: str, frame: pd.DataFrame, expected: list[str], problems: list[Problem]
) -> bool:
    missing = [c for c in expected if c not in frame.columns]
    extra = [c for c in frame.columns if c not in expected and c not in OPTIONAL_COLUMNS]
    for column in missing:
        problems.append(
            Problem(file, "required column missing", column=column,
                    fix=f"expected columns: {', '.join(expected)}")
        )
    for column in extra:
        problems.append(
            Problem(file, "unknown column", column=column,
                    fix=f"expected columns: {', '.join(expected)} (optional: note)")
        )
    return not missing


def _check_identifiers(
    file: str, frame: pd.DataFrame, column: str, keys: list[str], problems: list[Problem]
) -> None:
    bad = ~frame[column].map(lambda s: bool(IDENTIFIER.match(s)))
    _flag(problems, file, frame, bad, column,
          "not a valid identifier", keys,
          "use 1-64 letters, digits, '_' or '-', starting with a letter")


def _check_empty(
    file: str, frame: pd.DataFrame, columns: list[str], keys: list[str], problems: list[Problem]
) -> pd.Series:
    empty = pd.Series(False, index=frame.index)
    for column in columns:
        mask = frame[column] == ""
        _flag(problems, file, frame, mask, column, "empty cell", keys, "every cell needs a value")
        empty |= mask
    return empty


def _check_duplicates(
    file: str, frame: pd.DataFrame, keys: list[str], problems: list[Problem]
) -> None:
    if not keys:
        if len(frame) > 1:
            problems.append(Problem(file, f"{len(frame)} rows; this table holds one value"))
        return
    dup = frame.duplicated(subset=keys, keep="first")
    _flag(problems, file, frame, dup, keys[-1], "duplicate key", keys,
          "each key combination may appear once")


# --------------------------------------------------------------------------- sets


def _parse_sets(
    cat: Catalogue, tables: dict[str, pd.DataFrame], problems: list[Problem]
) -> dict[str, pd.DataFrame]:
    sets: dict[str, pd.DataFrame] = {}
    for name, spec in cat.sets.items():
        frame = tables.get(name)
        if frame is None and spec.optional:
            sets[name] = pd.DataFrame(columns=list(spec.columns)).rename_axis(spec.key)
            continue
        if frame is None:
            problems.append(Problem(spec.file, "required file missing",
                                    fix=f"create it with columns {spec.key}, "
                                        + ", ".join(spec.columns)))
            sets[name] = pd.DataFrame(columns=list(spec.columns)).rename_axis(spec.key)
            continue
        sets[name] = _parse_set(spec, frame, problems)
    _check_set_references(cat, sets, tables, problems)
    return sets


def _parse_set(spec: SetSpec, frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    expected = [spec.key, *spec.columns]
    if not _check_columns(spec.file, frame, expected, problems):
        return pd.DataFrame(columns=list(spec.columns)).rename_axis(spec.key)
    filled = [c for c in expected if not spec.columns.get(c, {}).get("may_be_empty")]
    _check_empty(spec.file, frame, filled, [spec.key], problems)
    _check_duplicates(spec.file, frame, [spec.key], problems)
    if spec.dtype == "int":
        years = pd.to_numeric(frame[spec.key], errors="coerce")
        bad = years.isna() | (years != years.round())
        _flag(problems, spec.file, frame, bad, spec.key, "not a whole number", [spec.key])
        frame = frame.assign(**{spec.key: years.where(~bad, -1).astype(int)})
        _check_years(spec, frame, problems)
    else:
        _check_identifiers(spec.file, frame, spec.key, [spec.key], problems)
    frame = frame.drop_duplicates(subset=[spec.key])
    return frame.set_index(spec.key)[list(spec.columns)]


def _check_years(spec: SetSpec, frame: pd.DataFrame, problems: list[Problem]) -> None:
    years = sorted(set(frame[spec.key]) - {-1})
    if not years:
        problems.append(Problem(spec.file, "no years given"))
        return
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if gaps:
        problems.append(Problem(spec.file, f"years must be consecutive; missing {gaps}",
                                column=spec.key, fix="list every year of the horizon"))


def _check_set_references(
    cat: Catalogue,
    sets: dict[str, pd.DataFrame],
    tables: dict[str, pd.DataFrame],
    problems: list[Problem],
) -> None:
    for name, spec in cat.sets.items():
        frame = tables.get(name)
        if frame is None:
            continue
        for column, info in spec.columns.items():
            target = info.get("ref")
            if not target or column not in frame.columns:
                continue
            valid = set(sets[target].index)
            bad = ~frame[column].isin(valid) & (frame[column] != "")
            _flag(problems, spec.file, frame, bad, column,
                  f"unknown {target}", [spec.key], _valid_hint(target, valid))


def _valid_hint(dim: str, valid: set[object]) -> str:
    shown = sorted(map(str, valid))
    tail = f", ... ({len(shown)} in all)" if len(shown) > 12 else ""
    return f"valid {dim} values: {', '.join(shown[:12])}{tail}" if shown else f"no {dim} defined"


def _domains(cat: Catalogue, sets: dict[str, pd.DataFrame]) -> dict[str, set[object]]:
    domains: dict[str, set[object]] = {name: set(frame.index) for name, frame in sets.items()}
    domains["region"] = set(sets["node"]["region"]) if "region" in sets["node"] else set()
    domains["stage"] = set(sets["process"]["stage"]) if "stage" in sets["process"] else set()
    domains.update({name: set(values) for name, values in cat.enums.items()})
    return domains


# --------------------------------------------------------------------------- keys


def _parse_keys(
    file: str,
    frame: pd.DataFrame,
    dims: tuple[str, ...],
    domains: dict[str, set[object]],
    problems: list[Problem],
) -> tuple[pd.DataFrame, pd.Series]:
    """Parse dimension columns; return the frame with typed keys and a mask of good rows."""
    good = pd.Series(True, index=frame.index)
    for dim in dims:
        column = frame[dim]
        if dim == "year":
            years = pd.to_numeric(column, errors="coerce")
            bad_int = years.isna() | (years != years.round())
            _flag(problems, file, frame, bad_int, dim, "not a whole number", list(dims))
            column = years.where(~bad_int, -1).astype(int)
            frame = frame.assign(year=column)
            bad = ~bad_int & ~column.isin(domains["year"])
            _flag(problems, file, frame, bad, dim, "year not in years.csv", list(dims),
                  _valid_hint("year", domains["year"]))
            good &= ~bad_int & ~bad
            continue
        filled = (column != "").astype(bool)
        if dim in catalogue().int_dims:
            numbers = pd.to_numeric(column, errors="coerce")
            bad = (numbers.isna() | (numbers != numbers.round())) & filled
            _flag(problems, file, frame, bad, dim, "not a whole number", list(dims))
            frame = frame.assign(**{dim: numbers.where(~bad, -1).fillna(-1).astype(int)})
            good &= ~bad & filled
            continue
        if dim in catalogue().free_dims:
            bad = ~column.map(lambda s: bool(IDENTIFIER.match(s))).astype(bool) & filled
            _flag(problems, file, frame, bad, dim, "not a valid identifier", list(dims),
                  "use 1-64 letters, digits, '_' or '-', starting with a letter")
        else:
            bad = ~column.isin(domains[dim]).astype(bool) & filled
            _flag(problems, file, frame, bad, dim, f"unknown {dim}", list(dims),
                  _valid_hint(dim, domains[dim]))
        good &= ~bad & filled
    return frame, good


# --------------------------------------------------------------------------- relations


def _parse_relation(
    spec: RelationSpec,
    frame: pd.DataFrame | None,
    domains: dict[str, set[object]],
    problems: list[Problem],
) -> pd.DataFrame:
    columns = [*spec.dims, *spec.columns]
    if frame is None:
        return pd.DataFrame(columns=columns)
    if not _check_columns(spec.file, frame, columns, problems):
        return pd.DataFrame(columns=columns)
    _check_empty(spec.file, frame, columns, list(spec.dims), problems)
    _check_duplicates(spec.file, frame, list(spec.dims), problems)
    frame, good = _parse_keys(spec.file, frame, spec.dims, domains, problems)
    for column, info in spec.columns.items():
        valid = domains[info["ref"]]
        bad = ~frame[column].isin(valid) & (frame[column] != "")
        _flag(problems, spec.file, frame, bad, column, f"unknown {info['ref']}",
              list(spec.dims), _valid_hint(info["ref"], valid))
        good &= ~bad
    return frame.loc[good, columns].drop_duplicates(subset=list(spec.dims)).reset_index(drop=True)


# --------------------------------------------------------------------------- parameters


def _empty_param(spec: ParamSpec) -> tuple[pd.Series, pd.DataFrame]:
    if spec.dims:
        index = pd.MultiIndex.from_arrays([[] for _ in spec.dims], names=list(spec.dims))
    else:
        index = pd.RangeIndex(0)
    return pd.Series([], index=index, dtype=float, name=spec.name), empty_origin(index)


def _parse_param(
    spec: ParamSpec,
    frame: pd.DataFrame | None,
    domains: dict[str, set[object]],
    problems: list[Problem],
) -> tuple[pd.Series, pd.DataFrame]:
    """Values in canonical units and, on the same index, each row's origin (no value)."""
    if frame is None:
        if spec.required:
            problems.append(Problem(spec.file, "required file missing",
                                    fix=f"columns: {', '.join([*spec.dims, *PROVENANCE_COLUMNS])}"))
        return _empty_param(spec)
    dims = list(spec.dims)
    if not _check_columns(spec.file, frame, [*dims, *PROVENANCE_COLUMNS], problems):
        return _empty_param(spec)
    empty = _check_empty(spec.file, frame, [*dims, *PROVENANCE_COLUMNS], dims, problems)
    _check_duplicates(spec.file, frame, dims, problems)
    frame, good = _parse_keys(spec.file, frame, spec.dims, domains, problems)
    values = _parse_values(spec, frame, dims, problems) & good & ~empty
    values &= _parse_range(spec, frame, dims, problems)
    if domains.get("source"):
        unknown = ~frame["source"].isin(domains["source"]) & (frame["source"] != "")
        _flag(problems, spec.file, frame, unknown, "source", "unknown source key", dims,
              "add it to sources.csv with its full citation, or use an existing key")
    bad_conf = ~frame["confidence"].isin(CONFIDENCE) & (frame["confidence"] != "")
    _flag(problems, spec.file, frame, bad_conf, "confidence", "must be H, M or L", dims,
          "H: official or peer-reviewed; M: trade press or vendor; L: proxy or derived")
    frame = frame.loc[values.to_numpy()].drop_duplicates(subset=dims or None)
    index = pd.MultiIndex.from_frame(frame[dims]) if dims else pd.RangeIndex(len(frame))
    series = pd.Series(frame["_canonical"].to_numpy(float), index=index, name=spec.name)
    return series, frame[list(ORIGIN_COLUMNS)].set_axis(index)


def _parse_values(
    spec: ParamSpec, frame: pd.DataFrame, dims: list[str], problems: list[Problem]
) -> pd.Series:
    """Convert ``value`` to the canonical unit in column ``_canonical``; return a good-row mask."""
    raw = frame["value"]
    number = pd.to_numeric(raw, errors="coerce")
    not_number = number.isna() & (raw != "")
    _flag(problems, spec.file, frame, not_number, "value", "not a number", dims,
          "write a plain number such as 1250 or 0.45 (no thousands separators)")
    infinite = np.isinf(number.fillna(0))
    _flag(problems, spec.file, frame, infinite, "value", "infinite values are not allowed",
          dims, "leave the row out to use the default")
    factor = pd.Series(np.nan, index=frame.index)
    for unit in frame["unit"].unique():
        if unit == "":
            continue
        try:
            factor[frame["unit"] == unit] = conversion_factor(unit, spec.unit)
        except UnitError as exc:
            _flag(problems, spec.file, frame, frame["unit"] == unit, "unit", str(exc), dims,
                  f"the canonical unit is {spec.unit}")
    canonical = number * factor
    frame["_canonical"] = canonical
    frame["_factor"] = factor
    ok = number.notna() & ~infinite & factor.notna()
    low = ok & (canonical < spec.min - 1e-12)
    high = ok & (canonical > spec.max + 1e-12)
    _flag(problems, spec.file, frame, low, "value",
          f"below the minimum {spec.min:g} {spec.unit}", dims, _fix_for(spec, "min"))
    _flag(problems, spec.file, frame, high, "value",
          f"above the maximum {spec.max:g} {spec.unit}", dims, _fix_for(spec, "max"))
    return ok & ~low & ~high


def _parse_range(
    spec: ParamSpec, frame: pd.DataFrame, dims: list[str], problems: list[Problem]
) -> pd.Series:
    """Optional ``low``/``high`` columns (same unit as ``value``) for uncertainty studies."""
    ok = pd.Series(True, index=frame.index)
    for side in ("low", "high"):
        raw = frame[side] if side in frame.columns else pd.Series("", index=frame.index)
        number = pd.to_numeric(raw, errors="coerce")
        bad = number.isna() & (raw != "") | np.isinf(number.fillna(0))
        _flag(problems, spec.file, frame, bad, side, "not a finite number", dims,
              "leave the cell empty when there is no range")
        frame[f"{side}_canonical"] = number * frame["_factor"]
        ok &= ~bad
    value, low, high = frame["_canonical"], frame["low_canonical"], frame["high_canonical"]
    outside = (low > value * (1 + 1e-12) + 1e-12) | (high < value * (1 - 1e-12) - 1e-12)
    _flag(problems, spec.file, frame, outside.fillna(False), "value",
          "outside its own low-high range", dims, "low <= value <= high")
    return ok & ~outside.fillna(False)


def _fix_for(spec: ParamSpec, side: str) -> str:
    if spec.unit in ("1", "t/t") and side == "max":
        return "shares are fractions, not percent (write 0.9, or 90 with unit %)"
    return "quantities, costs and factors of this table cannot be negative" if side == "min" else ""


# --------------------------------------------------------------------------- cross-table checks


def check_process_io(data: ModelData, problems: list[Problem]) -> None:
    """Every process has inputs and outputs, each summing to one (no mass created or lost)."""
    io = data.params["process_io"]
    file = data.cat.params["process_io"].file
    sums = io.groupby(level=["process", "direction"]).sum()
    for process in data.sets["process"].index:
        for direction in ("in", "out"):
            total = sums.get((process, direction), 0.0)
            if abs(total - 1.0) <= TOLERANCE:
                continue
            what = "inputs" if direction == "in" else "outputs"
            rule = (f"{what} of process '{process}' sum to {total:.6g}, not 1"
                    if total else f"process '{process}' has no {what}")
            fix = ("one unit of activity is one tonne of input; list losses as explicit outputs "
                   "(e.g. a loss or residue material) so that mass balances close")
            problems.append(Problem(file, rule, key=f"process={process!r}", column="value",
                                    fix=fix))


def check_composition(data: ModelData, problems: list[Problem]) -> None:
    """The element fractions of a material sum to at most one."""
    comp = data.params["material_composition"]
    if comp.empty:
        return
    totals = comp.groupby(level="material").sum()
    for material, total in totals[totals > 1 + TOLERANCE].items():
        problems.append(Problem(data.cat.params["material_composition"].file,
                                f"fractions sum to {total:.6g} > 1", key=f"material={material!r}",
                                column="value",
                                fix="mass fractions of one material cannot exceed 1"))


def check_required_coverage(data: ModelData, problems: list[Problem]) -> None:
    """Parameters marked required have a row for every element of their set."""
    for name, spec in data.cat.params.items():
        if spec.required and not spec.dims and len(data.params[name]) != 1:
            problems.append(Problem(spec.file, "needs exactly one row with a valid value",
                                    fix="columns: value, unit, source, confidence"))
        if not spec.required or len(spec.dims) != 1:
            continue
        dim = spec.dims[0]
        have = set(data.params[name].index.get_level_values(0))
        for missing in sorted(set(data.sets[dim].index) - have):
            problems.append(Problem(spec.file, f"no value for {dim} '{missing}'",
                                    key=f"{dim}={missing!r}", fix="add a row for it"))


def check_region_coverage(data: ModelData, problems: list[Problem]) -> None:
    """A process that uses electricity sits in a region with a grid factor for every year."""
    elec = data.params["process_electricity"]
    users = elec[elec > 0].index.get_level_values("process")
    if len(users) == 0:
        return
    regions = data.sets["node"]["region"]
    nodes = data.sets["process"].loc[users, "node"]
    for name in ("grid_emission_factor", "electricity_price"):
        have = set(data.params[name].index)
        for process, node in nodes.items():
            region = regions[node]
            missing = [y for y in data.years if (region, y) not in have]
            if missing:
                problems.append(Problem(
                    data.cat.params[name].file,
                    f"region '{region}' (process '{process}' uses electricity) has no value "
                    f"for years {_years_text(missing)}",
                    key=f"region={region!r}", fix="add a row for each model year"))


def check_route_ends(data: ModelData, problems: list[Problem]) -> None:
    """A route connects two different nodes."""
    routes = data.sets["route"]
    loops = routes.index[routes["origin"] == routes["destination"]]
    for route in loops:
        problems.append(Problem(data.cat.sets["route"].file, "origin equals destination",
                                key=f"route={route!r}", column="destination",
                                value=routes.at[route, "destination"]))


def check_must_serve_reachable(data: ModelData, problems: list[Problem]) -> None:
    """A must-serve market can be reached: a supply, a route or a process brings the material.

    Where only capacity-limited routes bring it, their capacity must cover the minimum.
    """
    need = data.params["market_min"]
    need = need[need > 0]
    if need.empty:
        return
    routes = data.sets["route"]
    carried = data.relations["route_material"].assign(
        node=lambda f: f["route"].map(routes["destination"]))
    supplied = set(zip(*[data.keys("supply_max")[c] for c in ("node", "material")], strict=True))
    io = data.keys("process_io")
    made = io[io["direction"] == "out"].assign(
        node=lambda f: f["process"].map(data.sets["process"]["node"]))
    produced = set(zip(made["node"], made["material"], strict=True))
    file = data.cat.params["market_min"].file
    for (node, material, year), amount in need.items():
        if (node, material) in supplied or (node, material) in produced:
            continue
        inbound = carried[(carried["node"] == node) & (carried["material"] == material)]
        key = f"node={node!r}, material={material!r}, year={year}"
        if inbound.empty:
            problems.append(Problem(file, f"market must buy {amount:,.6g} t but no supply, route "
                                    "or process brings this material to this node", key=key,
                                    fix="add a route (routes.csv + route_materials.csv) or "
                                        "lower market_min"))
            continue
        frame = inbound[["route"]].assign(year=year)
        capacity = float(np.sum(data.lookup("route_capacity", frame)))
        if capacity < amount - 1e-9:
            problems.append(Problem(file, f"market must buy {amount:,.6g} t but the routes that "
                                    f"reach it ({', '.join(inbound['route'])}) carry at most "
                                    f"{capacity:,.6g} t", key=key,
                                    fix="raise route_capacity or lower market_min"))


def check_time_series_complete(data: ModelData, problems: list[Problem]) -> None:
    """Year series of parameters marked ``complete_years`` cover every model year per key."""
    for name, spec in data.cat.params.items():
        if not spec.complete_years or "year" not in spec.dims:
            continue
        series = data.params[name]
        if series.empty:
            continue
        others = [d for d in spec.dims if d != "year"]
        counts = series.groupby(level=others).size() if others else None
        expected = len(data.years)
        if counts is None:
            if len(series) != expected:
                have = set(series.index.get_level_values("year"))
                missing = [y for y in data.years if y not in have]
                problems.append(Problem(spec.file, f"missing years {_years_text(missing)}",
                                        fix="give a value for every model year"))
            continue
        for key in counts[counts != expected].index[:MAX_ROWS_PER_RULE]:
            key = key if isinstance(key, tuple) else (key,)
            subset = series.xs(key, level=others) if len(others) > 1 else series.xs(
                key[0], level=others[0])
            have = set(subset.index.get_level_values("year"))
            missing = [y for y in data.years if y not in have]
            problems.append(Problem(spec.file, f"missing years {_years_text(missing)}",
                                    key=_index_text(key, others),
                                    fix="give a value for every model year (a time series "
                                        "with gaps is almost always a data-entry slip)"))


_BOUND_PAIRS = (
    ("supply_min", "supply_max", "supply_max"),
    ("market_min", "market_max", "market_price"),
)


def check_min_below_max(data: ModelData, problems: list[Problem]) -> None:
    """Lower bounds apply to an existing supply or market and do not exceed upper bounds."""
    for low, high, owner in _BOUND_PAIRS:
        series, keys = data.params[low], data.keys(low)
        if series.empty:
            continue
        file = data.cat.params[low].file
        values = series.to_numpy()
        orphan = np.isnan(data.lookup(owner, keys)) & (values > 0)
        upper = data.lookup(high, keys)
        for i in np.flatnonzero(orphan):
            problems.append(Problem(file, f"no matching row in {data.cat.params[owner].file}",
                                    key=_index_text(series.index[i], series.index.names),
                                    column="value", value=float(values[i])))
        for i in np.flatnonzero(~orphan & (values > upper + 1e-9)):
            problems.append(Problem(file, f"exceeds {high} = {upper[i]:g}",
                                    key=_index_text(series.index[i], series.index.names),
                                    column="value", value=float(values[i]),
                                    fix=f"raise {high} or lower {low}"))


def _index_text(key: object, names: Sequence[str | None]) -> str:
    values = key if isinstance(key, tuple) else (key,)
    return ", ".join(f"{n}={v!r}" for n, v in zip(names, values, strict=True))


def _years_text(years: list[int]) -> str:
    return ", ".join(map(str, years)) if len(years) <= 4 else f"{years[0]}..{years[-1]}"


CROSS_CHECKS = (
    check_process_io,
    check_composition,
    check_required_coverage,
    check_region_coverage,
    check_route_ends,
    check_min_below_max,
    check_time_series_complete,
    check_must_serve_reachable,
)
