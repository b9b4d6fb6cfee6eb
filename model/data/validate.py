"""Parse and check a data package; collect every problem, then raise once.

``load_data(path)`` is the only entry point most users need: it reads the CSV files, checks
them against the catalogue and against each other, converts units, and returns ``ModelData``.
Each rule is one ``check_*`` or ``_parse_*`` function that appends ``Problem`` objects.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.data.catalogue import (
    COUNTRY_DIMS,
    Catalogue,
    ParamSpec,
    RelationSpec,
    SetSpec,
    catalogue,
)
from model.data.completeness import (
    absent_notes,
    absent_tables,
    fill_notes,
    year_gaps,
    years_text,
)
from model.data.composition import check_element_split, transfer
from model.data.currency import RATES, row_factors
from model.data.dataset import ModelData
from model.data.io import input_hash, read_tables
from model.data.provenance import ORIGIN_COLUMNS, empty_origin
from model.data.quantities import (
    Counting,
    activity_units,
    mass_materials,
    material_unit_problem,
    material_units,
)
from model.data.reads import checked
from model.data.sets import crossing_keys
from model.data.species import check_species_basis
from model.errors import InputError, Problem

__all__ = ["IDENTIFIER", "dimension_values", "load_data", "parse_tables"]

IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")
CONFIDENCE = ("H", "M", "L")
PROVENANCE_COLUMNS = ("value", "unit", "source", "confidence")
OPTIONAL_COLUMNS = ("note", "low", "high")
MAX_ROWS_PER_RULE = 10
TOLERANCE = 1e-6
_LARGEST_WHOLE = 2**53  # whole numbers (years, cohorts) up to this are exact as floats
_SHOWN_GAPS = 12  # missing years listed in a message


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
    """Check and convert already-read string tables (see ``load_data``).

    Problems of the set tables (years, materials, nodes, ...) are root causes and are listed
    first; problems of tables that use a broken set are counted, not listed.
    """
    cat = catalogue()
    roots: list[Problem] = []
    sets = _parse_sets(cat, tables, roots)
    roots += _unit_problems(cat, sets)
    roots = [replace(p, rank=0) for p in roots]
    problems: list[Problem] = []
    _check_set_references(cat, sets, tables, problems)
    domains = dimension_values(cat, sets)
    relations = {
        name: _parse_relation(spec, tables.get(name), domains, problems)
        for name, spec in cat.relations.items()
    }
    params: dict[str, pd.Series] = {}
    origins: dict[str, pd.DataFrame] = {}
    counting = Counting(material_units(sets["material"]), activity_units(sets["process"]))
    for name in sorted(cat.params, key=lambda n: n != RATES):  # rates convert the others
        params[name], origins[name] = _parse_param(cat.params[name], tables.get(name), domains,
                                                   problems, params.get(RATES), counting)
    params = {name: params[name] for name in cat.params}
    origins = {name: origins[name] for name in cat.params}
    problems = [*roots, *_without_follow_on(cat, roots, problems)]
    years = tuple(sorted(int(y) for y in domains["year"]))  # type: ignore[call-overload]
    absent = absent_tables(cat, tables)
    data = ModelData(
        years=years,
        sets=sets,
        relations=relations,
        params=params,
        origins=origins,
        source=source,
        input_hash=digest,
        absent_tables=tuple(spec.file for spec in absent),
        notes=(*absent_notes(absent), *fill_notes(cat, params, years)),
    )
    if not problems:
        for check in CROSS_CHECKS:  # what each reads is kept for scenarios (model.data.reads)
            checked(data, check, problems)
        for check in FILE_CHECKS:
            check(data, problems)
        problems = _with_lines(cat, tables, problems)
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


def _with_lines(
    cat: Catalogue, tables: dict[str, pd.DataFrame], problems: list[Problem]
) -> list[Problem]:
    """Cross-table problems that name one row by its whole key get that row's line number.

    The cross-table rules read the parsed data, which has no line numbers; the key text
    (``node='mkt', material='metal', year=2025``) finds the row in the file as read.
    """
    names, lines = cat.files(), {}
    out = []
    for problem in problems:
        name = names.get(problem.file)
        if problem.row is None and problem.key and name in tables:
            if name not in lines:
                lines[name] = _key_lines(cat, name, tables[name])
            problem = replace(problem, row=lines[name].get(problem.key))
        out.append(problem)
    return out


def _key_lines(cat: Catalogue, name: str, frame: pd.DataFrame) -> dict[str, int]:
    """The line of each row of a table, by the key text of ``_index_text``."""
    spec = cat.params.get(name) or cat.sets.get(name) or cat.relations.get(name)
    dims = list(spec.dims) if isinstance(spec, ParamSpec | RelationSpec) else \
        [spec.key] if spec else []
    if not dims or any(d not in frame.columns for d in dims):
        return {}
    whole = {"year", *cat.int_dims}
    texts: dict[str, int] = {}
    for i, values in enumerate(_normal_keys(frame, dims).itertuples(index=False)):
        typed = tuple(int(v) if d in whole and v.lstrip("-").isdigit() else v
                      for d, v in zip(dims, values, strict=True))
        texts.setdefault(_index_text(typed, dims), _line(frame, i))
    return texts


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
    bad = ~_identifiers(_cells(frame, column))
    _flag(problems, file, frame, bad, column,
          "not a valid identifier", keys,
          "use 1-64 letters, digits, '_' or '-', starting with a letter")


def _cells(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column of a table as read (strings) as a NumPy object array: the rules below work on
    arrays, since a pandas operation costs tens of microseconds on tables of a few hundred
    rows (``load_data`` of the default package: 0.54 -> 0.3 s)."""
    return frame[column].to_numpy(dtype=object)


def _within(values: np.ndarray, allowed: Collection[object]) -> np.ndarray:
    """``Series.isin`` on an array: whether each value is one of ``allowed``."""
    kept = allowed if isinstance(allowed, set | frozenset) else set(allowed)
    return np.fromiter((v in kept for v in values.tolist()), dtype=bool, count=len(values))


def _identifiers(values: np.ndarray) -> np.ndarray:
    """Whether each value is a valid identifier (``IDENTIFIER``)."""
    return np.fromiter((bool(IDENTIFIER.match(v)) for v in values.tolist()), dtype=bool,
                       count=len(values))


def _check_empty(
    file: str, frame: pd.DataFrame, columns: list[str], keys: list[str], problems: list[Problem]
) -> np.ndarray:
    """Flag the empty cells of ``columns``; return the rows with any."""
    empty = np.zeros(len(frame), dtype=bool)
    for column in columns:
        cells = _cells(frame, column) == ""
        _flag(problems, file, frame, cells, column, "empty cell", keys, "every cell needs a value")
        empty |= cells
    return empty


def _check_duplicates(
    file: str, frame: pd.DataFrame, keys: list[str], problems: list[Problem]
) -> bool:
    """Flag rows whose key an earlier row has; return whether there were any."""
    if not keys:
        if len(frame) > 1:
            problems.append(Problem(file, f"{len(frame)} rows; this table holds one value"))
        return len(frame) > 1
    columns = _normal_columns(frame, keys)
    if not _repeated(columns).any():
        return False
    normal = _normal_keys(frame, keys, columns)  # to word the messages
    dup = np.flatnonzero(normal.duplicated(keep="first").to_numpy())
    first = normal.drop_duplicates(keep="first")
    first_line = dict(zip(map(tuple, first.to_numpy()), first.index + 2, strict=True))
    for i in dup[:MAX_ROWS_PER_RULE]:
        same = first_line[tuple(normal.iloc[i])]
        problems.append(Problem(file, f"duplicate key (same key as line {same})",
                                _line(frame, i), _key_text(frame, i, keys), keys[-1],
                                frame.iloc[i][keys[-1]], "each key combination may appear once"))
    if len(dup) > MAX_ROWS_PER_RULE:
        problems.append(Problem(file, f"duplicate key ({len(dup) - MAX_ROWS_PER_RULE} more rows "
                                "like this)", column=keys[-1]))
    return True


def _normal_keys(frame: pd.DataFrame, keys: list[str],
                 columns: list[np.ndarray] | None = None) -> pd.DataFrame:
    """Key columns as compared for duplicates: a whole-number year ``2025.0`` reads ``2025``
    (``columns``: their ``_normal_columns``, when made already)."""
    columns = _normal_columns(frame, keys) if columns is None else columns
    return pd.DataFrame(dict(zip(keys, columns, strict=True)), index=frame.index, dtype="str")


def _normal_columns(frame: pd.DataFrame, keys: list[str]) -> list[np.ndarray]:
    """``_normal_keys`` as one object array of strings per key column."""
    whole_dims = {"year", *catalogue().int_dims}
    columns = []
    for key in keys:
        text = frame[key].astype(str).to_numpy(dtype=object)
        if key in whole_dims:
            numbers = pd.to_numeric(text, errors="coerce")
            whole = (numbers == np.round(numbers)) & (np.abs(numbers) <= _LARGEST_WHOLE)
            if whole.any():
                text = text.copy()
                text[whole] = numbers[whole].astype(np.int64).astype(str)
        columns.append(text)
    return columns


def _codes(columns: list[np.ndarray]) -> np.ndarray:
    """One integer per row, equal for rows equal in every column: each column factorized,
    combined with the codes so far and factorized again (the code stays below the rows)."""
    code = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column)
        code = pd.factorize(code * (len(uniques) + 1) + codes)[0].astype(np.int64)
    return code


def _repeated(columns: list[np.ndarray]) -> np.ndarray:
    """Rows whose values in ``columns`` are those of an earlier row (``duplicated``)."""
    code = _codes(columns)
    first = np.zeros(len(code), dtype=bool)
    first[np.unique(code, return_index=True)[1]] = True
    return ~first


def _references(cat: Catalogue) -> dict[tuple[str, str], str]:
    """The set table each (file, column) refers to, through a dimension or a reference."""
    derived = {"region": "node", "stage": "process", **dict.fromkeys(COUNTRY_DIMS, "node")}
    refs: dict[tuple[str, str], str] = {}
    for spec in cat.sets.values():
        refs.update({(spec.file, c): i["ref"] for c, i in spec.columns.items() if "ref" in i})
    for rel in cat.relations.values():
        refs.update({(rel.file, d): derived.get(d, d) for d in rel.dims})
        refs.update({(rel.file, c): i["ref"] for c, i in rel.columns.items()})
    for param in cat.params.values():
        refs.update({(param.file, d): derived.get(d, d) for d in (*param.dims, "source")})
    return {where: name for where, name in refs.items() if name in cat.sets}


def _without_follow_on(
    cat: Catalogue, roots: list[Problem], problems: list[Problem]
) -> list[Problem]:
    """``problems`` less those in columns that refer to a broken set table, plus their count.

    A missing ``years.csv`` makes every year cell of every table "not in years.csv": those
    follow from the root cause and are counted in one line instead of listed.
    """
    broken = {name for name, spec in cat.sets.items() if spec.file in {p.file for p in roots}}
    refs = _references(cat)
    follows = [refs.get((p.file, p.column)) in broken for p in problems]
    if not any(follows):
        return problems
    hidden = [p for p, f in zip(problems, follows, strict=True) if f]
    files = sorted({p.file for p in hidden})
    shown = ", ".join(files[:4]) + (", ..." if len(files) > 4 else "")
    used = ", ".join(sorted(cat.sets[name].file for name in broken))
    summary = Problem("not listed", f"{len({str(p) for p in hidden})} more problems in "
                      f"{len(files)} tables ({shown}), in columns that refer to {used}; they "
                      "follow from the problems above", fix="fix those first and validate again",
                      rank=2)
    return [*(p for p, f in zip(problems, follows, strict=True) if not f), summary]


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
                                    fix="create it with columns "
                                        + ", ".join([spec.key, *spec.columns])))
            sets[name] = pd.DataFrame(columns=list(spec.columns)).rename_axis(spec.key)
            continue
        sets[name] = _parse_set(spec, frame, problems)
    return sets


def _parse_set(spec: SetSpec, frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    expected = [spec.key, *spec.columns]
    optional = [c for c, info in spec.columns.items() if info.get("optional")]
    frame = frame.assign(**{c: "" for c in optional if c not in frame.columns})
    if not _check_columns(spec.file, frame, expected, problems):
        return pd.DataFrame(columns=list(spec.columns)).rename_axis(spec.key)
    filled = [c for c in expected if c not in optional
              and not spec.columns.get(c, {}).get("may_be_empty")]
    _check_empty(spec.file, frame, filled, [spec.key], problems)
    _check_duplicates(spec.file, frame, [spec.key], problems)
    if spec.dtype == "int":
        years, _ = _whole_numbers(spec.file, frame, spec.key, [spec.key], problems)
        frame = frame.assign(**{spec.key: years})
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
    missing = sum(b - a - 1 for a, b in itertools.pairwise(years))  # counted, not listed:
    if missing:  # a far year would make the list endless
        shown = list(itertools.islice(
            (y for a, b in itertools.pairwise(years) for y in range(a + 1, b)), _SHOWN_GAPS))
        more = f" ({missing} in all)" if missing > len(shown) else ""
        text = str(shown) if not more else str(shown)[:-1] + ", ...]"
        problems.append(Problem(spec.file, f"years must be consecutive; missing {text}{more}",
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
            valid, cells = set(sets[target].index), _cells(frame, column)
            bad = ~_within(cells, valid) & (cells != "")
            _flag(problems, spec.file, frame, bad, column,
                  f"unknown {target}", [spec.key], _valid_hint(target, valid))


def _valid_hint(dim: str, valid: set[object]) -> str:
    shown = sorted(map(str, valid))
    tail = f", ... ({len(shown)} in all)" if len(shown) > 12 else ""
    return f"valid {dim} values: {', '.join(shown[:12])}{tail}" if shown else f"no {dim} defined"


def dimension_values(cat: Catalogue, sets: dict[str, pd.DataFrame]) -> dict[str, set[object]]:
    """The values each dimension may take: the sets' keys, the nodes' regions and countries,
    the processes' stages and the catalogue's enumerations."""
    domains: dict[str, set[object]] = {name: set(frame.index) for name, frame in sets.items()}
    domains["region"] = set(sets["node"]["region"]) if "region" in sets["node"] else set()
    domains["stage"] = set(sets["process"]["stage"]) if "stage" in sets["process"] else set()
    countries = set(sets["node"]["country"]) if "country" in sets["node"] else set()
    domains.update(dict.fromkeys(COUNTRY_DIMS, countries))
    domains.update({name: set(values) for name, values in cat.enums.items()})
    return domains


# --------------------------------------------------------------------------- keys


def _whole_numbers(
    file: str, frame: pd.DataFrame, column: str, keys: list[str], problems: list[Problem],
    filled: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Column ``column`` as whole numbers (-1 where bad), and the bad cells: not a number, not
    whole (``inf`` included) or beyond ``_LARGEST_WHOLE``, each flagged (only ``filled``
    cells, when given). A larger float no longer tells neighbouring integers apart, and its
    cast to a 64-bit integer wraps (a year 9999999999999999999999 would become
    -9223372036854775808)."""
    numbers = pd.to_numeric(_cells(frame, column), errors="coerce").astype(float)
    finite = np.abs(numbers) < np.inf  # NaN and inf are not
    too_large = finite & (np.abs(numbers) > _LARGEST_WHOLE)
    bad = ~finite | (numbers != np.round(numbers)) | too_large
    shown = bad if filled is None else bad & filled
    _flag(problems, file, frame, shown & ~too_large, column, "not a whole number", keys)
    _flag(problems, file, frame, shown & too_large, column,
          f"too large: a whole number of at most {_LARGEST_WHOLE:,}", keys)
    return np.where(bad, -1, numbers).astype(np.int64), shown


def _parse_keys(
    file: str,
    frame: pd.DataFrame,
    dims: tuple[str, ...],
    domains: dict[str, set[object]],
    problems: list[Problem],
) -> tuple[pd.DataFrame, np.ndarray]:
    """Parse dimension columns; return the frame with typed keys and a mask of good rows."""
    good = np.ones(len(frame), dtype=bool)
    for dim in dims:
        if dim == "year":
            years, bad_int = _whole_numbers(file, frame, dim, list(dims), problems)
            frame = frame.assign(year=years)
            bad = ~bad_int & ~_within(years, domains["year"])
            _flag(problems, file, frame, bad, dim, "year not in years.csv", list(dims),
                  _valid_hint("year", domains["year"]))
            good &= ~bad_int & ~bad
            continue
        column = _cells(frame, dim)
        filled = column != ""
        if dim in catalogue().int_dims:  # an empty cell is flagged as empty, not here
            numbers, bad = _whole_numbers(file, frame, dim, list(dims), problems, filled)
            frame = frame.assign(**{dim: numbers})
            good &= ~bad & filled
            continue
        if dim in catalogue().free_dims:
            bad = ~_identifiers(column) & filled
            _flag(problems, file, frame, bad, dim, "not a valid identifier", list(dims),
                  "use 1-64 letters, digits, '_' or '-', starting with a letter")
        else:
            bad = ~_within(column, domains[dim]) & filled
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
        valid, cells = domains[info["ref"]], _cells(frame, column)
        bad = ~_within(cells, valid) & (cells != "")
        _flag(problems, spec.file, frame, bad, column, f"unknown {info['ref']}",
              list(spec.dims), _valid_hint(info["ref"], valid))
        good &= ~bad
    return frame.loc[good, columns].drop_duplicates(subset=list(spec.dims)).reset_index(drop=True)


# --------------------------------------------------------------------------- parameters


def _empty_param(spec: ParamSpec) -> tuple[pd.Series, pd.DataFrame]:
    index = _empty_index(spec.dims)
    return pd.Series([], index=index, dtype=float, name=spec.name), empty_origin(index)


@functools.cache
def _empty_index(dims: tuple[str, ...]) -> pd.Index:
    """The index of a table without rows (made once per dimensions: indexes are immutable)."""
    if dims:
        return pd.MultiIndex.from_arrays([[] for _ in dims], names=list(dims))
    return pd.RangeIndex(0)


def _keyed_by_empty_set(spec: ParamSpec, domains: dict[str, set[object]]) -> bool:
    """A required table with one value per element of a set that is empty (no routes, no
    modes): it has nothing to give and may be left out."""
    return len(spec.dims) == 1 and not domains.get(spec.dims[0])


def _parse_param(
    spec: ParamSpec,
    frame: pd.DataFrame | None,
    domains: dict[str, set[object]],
    problems: list[Problem],
    rates: pd.Series | None = None,
    counting: Counting | None = None,
) -> tuple[pd.Series, pd.DataFrame]:
    """Values in canonical units and, on the same index, each row's origin (no value);
    ``rates`` (exchange_rate) converts rows written in a foreign currency; ``counting`` (the
    unit of each material and activity) gives the canonical unit of a row of a material or
    process not counted in t."""
    if frame is None:
        if spec.required and not _keyed_by_empty_set(spec, domains):
            problems.append(Problem(spec.file, "required file missing",
                                    fix=f"columns: {', '.join([*spec.dims, *PROVENANCE_COLUMNS])}"))
        return _empty_param(spec)
    dims = list(spec.dims)
    if spec.year_optional and "year" not in frame.columns:
        frame = frame.assign(year="")
    if not _check_columns(spec.file, frame, [*dims, *PROVENANCE_COLUMNS], problems):
        return _empty_param(spec)
    required = [c for c in [*dims, *PROVENANCE_COLUMNS] if not (spec.year_optional and c == "year")]
    empty = _check_empty(spec.file, frame, required, dims, problems)
    repeated = _check_duplicates(spec.file, frame, dims, problems)
    every_year = (_cells(frame, "year") == "") if spec.year_optional else None
    if every_year is not None and every_year.any() and domains["year"]:
        first = min(int(y) for y in domains["year"])  # type: ignore[call-overload]
        frame = frame.assign(year=frame["year"].mask(every_year, str(first)))
    frame, good = _parse_keys(spec.file, frame, spec.dims, domains, problems)
    values = _parse_values(spec, frame, dims, problems, rates, counting) & good & ~empty
    values &= _parse_range(spec, frame, dims, problems)
    if domains.get("source"):
        cells = _cells(frame, "source")
        unknown = ~_within(cells, domains["source"]) & (cells != "")
        _flag(problems, spec.file, frame, unknown, "source", "unknown source key", dims,
              "add it to sources.csv with its full citation, or use an existing key")
    cells = _cells(frame, "confidence")
    bad_conf = ~_within(cells, CONFIDENCE) & (cells != "")
    _flag(problems, spec.file, frame, bad_conf, "confidence", "must be H, M or L", dims,
          "H: official or peer-reviewed; M: trade press or vendor; L: proxy or derived")
    frame = frame.loc[values]
    if every_year is not None:
        frame = _every_year(frame, every_year[values], dims, domains["year"])
    if repeated or every_year is not None:  # parsing makes no other keys equal
        frame = frame.drop_duplicates(subset=dims or None)
    index = pd.MultiIndex.from_frame(frame[dims]) if dims else pd.RangeIndex(len(frame))
    series = pd.Series(frame["_canonical"].to_numpy(float), index=index, name=spec.name)
    return series, frame[list(ORIGIN_COLUMNS)].set_axis(index)


def _every_year(
    frame: pd.DataFrame, every_year: np.ndarray, dims: list[str], years: set[object]
) -> pd.DataFrame:
    """Rows without a year, repeated for every model year their key has no dated row for."""
    dated = frame.loc[~every_year]
    general = frame.loc[every_year]
    each = np.array(sorted(years), dtype=np.int64)  # type: ignore[type-var]
    general = general.take(np.repeat(np.arange(len(general)), len(each))).assign(
        year=np.tile(each, len(general)))  # each row once per year, row by row
    code = _codes([np.concatenate([dated[d].to_numpy(), general[d].to_numpy()]) for d in dims])
    general = general.loc[~np.isin(code[len(dated):], code[:len(dated)])]  # no dated row
    return pd.concat([dated, general], ignore_index=True).sort_values(dims, kind="stable")


def _parse_values(
    spec: ParamSpec, frame: pd.DataFrame, dims: list[str], problems: list[Problem],
    rates: pd.Series | None = None, counting: Counting | None = None,
) -> np.ndarray:
    """Convert ``value`` to the canonical unit in column ``_canonical``; return a good-row mask."""
    raw = _cells(frame, "value")
    number = pd.to_numeric(raw, errors="coerce").astype(float)
    not_number = np.isnan(number) & (raw != "")
    _flag(problems, spec.file, frame, not_number, "value", "not a number", dims,
          "write a plain number such as 1250 or 0.45 (no thousands separators)")
    no_limit = _no_limit(spec, number)
    infinite = np.isinf(number) & ~no_limit
    _flag(problems, spec.file, frame, infinite, "value", "infinite values are not allowed",
          dims, f"write a finite number (only {_unlimited_text()} accept inf: no limit)")
    years = frame["year"] if "year" in dims else None
    canonical_units = (pd.Series(spec.unit, index=frame.index, dtype=object) if counting is None
                       else counting.row_units(spec.name, spec.unit, spec.dims, frame))
    factor = np.full(len(frame), np.nan)
    units, canonical_of_row = frame["unit"], canonical_units.to_numpy(dtype=object)
    for canonical_unit in pd.unique(canonical_of_row):
        rows = canonical_of_row == canonical_unit
        every = bool(rows.all())  # most tables: no selection to make
        factors, failed = row_factors(units if every else units[rows],
                                      years if years is None or every else years[rows],
                                      canonical_unit,
                                      rates if rates is not None else pd.Series(dtype=float))
        factor[rows] = factors
        for unit, message in failed.items():
            _flag(problems, spec.file, frame, rows & (_cells(frame, "unit") == unit)
                  & np.isnan(factor), "unit", message, dims,
                  f"the canonical unit is {canonical_unit}"
                  + (" (or a foreign currency with exchange_rate rows)" if "CNY" in spec.unit
                     else ""))
    with np.errstate(over="ignore", invalid="ignore"):  # overflow: flagged below
        canonical = number * factor
    frame["_canonical"] = canonical
    frame["_factor"] = factor
    ok = ~np.isnan(number) & ~infinite & ~no_limit & ~np.isnan(factor)
    if spec.name in _MAX_RULES:  # a share of a tonne of activity, for materials in tonnes
        over = ok & (canonical_of_row == spec.unit) & (canonical > 1 + 1e-12)
        _flag(problems, spec.file, frame, over, "value",
              f"above the maximum 1 {spec.unit} for a material counted in t", dims,
              _MAX_RULES[spec.name])
        ok &= ~over
    return check_values(spec, frame, canonical, ok, dims, problems) | (no_limit & ~np.isnan(factor))


def _no_limit(spec: ParamSpec, number: np.ndarray) -> np.ndarray:
    """Rows that say ``inf`` for an unlimited-capable limit (``ParamSpec.unlimited``)."""
    if not spec.unlimited:
        return np.zeros(len(number), dtype=bool)
    return number == math.inf


def _unlimited_text() -> str:
    """The tables that accept ``inf``, for messages: ``supply_max, process_capacity, ...``."""
    return ", ".join(p.name for p in catalogue().params.values() if p.unlimited)


def check_values(
    spec: ParamSpec, frame: pd.DataFrame, canonical: np.ndarray | pd.Series,
    ok: np.ndarray | pd.Series, dims: list[str], problems: list[Problem],
) -> np.ndarray:
    """Values in the canonical unit are finite and within the catalogue's ``[min, max]``.

    The one range rule, used for the CSV tables and for the rows a scenario override changes
    (``model.data.scenarios``). A value can overflow to infinity in the unit conversion or a
    scale (1e308 CNY/kgCO2e is inf CNY/tCO2e) and is rejected; only a written ``inf`` for a
    limit that can be unlimited (``ParamSpec.unlimited``) means something (no limit), and
    callers leave such rows out of ``ok``. ``frame`` holds the ``dims`` columns and the
    ``value`` shown; returns ``ok`` without the flagged rows.
    """
    canonical, ok = np.asarray(canonical, dtype=float), np.asarray(ok, dtype=bool)
    overflow = ok & ~np.isfinite(canonical)
    _flag(problems, spec.file, frame, overflow, "value",
          f"not a finite number in the canonical unit {spec.unit} (it overflows when converted "
          "or scaled)", dims, "check the size of the value and its unit")
    ok = ok & ~overflow
    low = ok & (canonical < spec.min - 1e-12)
    high = ok & (canonical > spec.max + 1e-12)
    _flag(problems, spec.file, frame, low, "value",
          f"below the minimum {spec.min:g} {spec.unit}", dims, _fix_for(spec, "min"))
    _flag(problems, spec.file, frame, high, "value",
          f"above the maximum {spec.max:g} {spec.unit}", dims, _fix_for(spec, "max"))
    return ok & ~low & ~high


def _parse_range(
    spec: ParamSpec, frame: pd.DataFrame, dims: list[str], problems: list[Problem]
) -> np.ndarray:
    """Optional ``low``/``high`` columns (same unit as ``value``) for uncertainty studies."""
    ok = np.ones(len(frame), dtype=bool)
    factor = frame["_factor"].to_numpy(dtype=float)
    for side in ("low", "high"):
        raw = _cells(frame, side) if side in frame.columns else None
        if raw is None or not (raw != "").any():  # no range this side
            frame[f"{side}_canonical"] = np.nan
            continue
        number = pd.to_numeric(raw, errors="coerce").astype(float)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow: flagged below
            converted = number * factor
        frame[f"{side}_canonical"] = converted
        overflow = np.isinf(converted)  # also after conversion
        bad = np.isnan(number) & (raw != "") | np.isinf(number) | overflow
        _flag(problems, spec.file, frame, bad, side, "not a finite number", dims,
              "leave the cell empty when there is no range")
        ok &= ~bad
    value, low, high = (frame[c].to_numpy(dtype=float)
                        for c in ("_canonical", "low_canonical", "high_canonical"))
    outside = (low > value * (1 + 1e-12) + 1e-12) | (high < value * (1 - 1e-12) - 1e-12)
    _flag(problems, spec.file, frame, outside, "value",
          "outside its own low-high range", dims, "low <= value <= high")
    return ok & ~outside


# The rule behind a table's maximum where it is not "a share": told instead of the percent hint.
_MAX_RULES = {
    "process_io": "a transfer coefficient is tonnes per tonne of activity: the inputs of a "
                  "process sum to 1 and so do its outputs (mass closure), so none exceeds 1",
}


def _fix_for(spec: ParamSpec, side: str) -> str:
    if side == "max" and spec.name in _MAX_RULES:
        return _MAX_RULES[spec.name]
    if spec.unit in ("1", "t/t") and side == "max":
        return "shares are fractions, not percent (write 0.9, or 90 with unit %)"
    return "quantities, costs and factors of this table cannot be negative" if side == "min" else ""


# --------------------------------------------------------------------------- cross-table checks


def check_process_io(data: ModelData, problems: list[Problem]) -> None:
    """Every process has inputs and outputs; in every year its inputs counted in tonnes sum to
    one and so do its outputs (no mass created or lost). Materials counted in another unit
    (materials.csv ``unit``) are left out; a process with none in tonnes closes no mass."""
    file = data.cat.params["process_io"].file
    rows = transfer(data).rename("value").reset_index()
    mass = rows["material"].isin(mass_materials(data.sets["material"]))
    sums = rows[mass].groupby(["process", "direction", "year"])["value"].sum()
    has_mass = set(rows.loc[mass, "process"])
    listed = set(zip(rows["process"], rows["direction"], strict=True))
    fix = ("one unit of activity is one tonne of input; list losses as explicit outputs "
           "(e.g. a loss or residue material) so that mass balances close")
    for process in data.sets["process"].index:
        for direction in ("in", "out"):
            what = "inputs" if direction == "in" else "outputs"
            if (process, direction) not in listed:
                problems.append(Problem(file, f"process '{process}' has no {what}",
                                        key=f"process={process!r}", column="value", fix=fix))
                continue
            if process not in has_mass:
                continue
            totals = sums.get((process, direction), pd.Series(dtype=float))
            totals = totals.reindex(list(data.years), fill_value=0.0)
            off = totals[(totals - 1.0).abs() > TOLERANCE]
            if off.empty:
                continue
            years = "" if len(off) == len(data.years) else f" in {years_text(list(off.index))}"
            rule = (f"{what} of process '{process}' sum to {off.iloc[0]:.6g}{years}, not 1 "
                    "(mass closure of the materials counted in t)")
            problems.append(Problem(file, rule, key=f"process={process!r}", column="value",
                                    fix=fix))


def _unit_problems(cat: Catalogue, sets: dict[str, pd.DataFrame]) -> list[Problem]:
    """A material's unit and a process's activity unit are t or a unit that is not a mass
    (root causes: every row of the material or process reads per that unit)."""
    fix = "write t, or a unit such as MWh, GJ, h or piece for a quantity that is not a mass"
    problems = []
    for table, column, units in (("material", "unit", material_units(sets["material"])),
                                 ("process", "activity_unit", activity_units(sets["process"]))):
        for key, unit in units.items():
            problem = material_unit_problem(unit)
            if problem:
                problems.append(Problem(cat.sets[table].file, problem, key=f"{table}={key!r}",
                                        column=column, value=unit, fix=fix, rank=0))
    return problems


def check_material_units(data: ModelData, problems: list[Problem]) -> None:
    """A material not counted in t has no composition; a process with a material in t counts
    its activity in t."""
    io = data.keys("process_io")
    massy = set(io.loc[io["material"].isin(mass_materials(data.sets["material"])), "process"])
    activity = activity_units(data.sets["process"])
    for process in sorted(massy & set(activity.index[activity != "t"])):
        problems.append(Problem(data.cat.sets["process"].file,
                                f"process '{process}' takes or makes a material counted in t, so "
                                "its activity is counted in t (a tonne of input)",
                                key=f"process={process!r}", column="activity_unit",
                                value=activity[process], fix="leave activity_unit empty or t"))
    units = material_units(data.sets["material"])
    comp = data.keys("material_composition")
    other = comp[~comp["material"].isin(mass_materials(data.sets["material"]))]
    for material in other["material"].unique()[:MAX_ROWS_PER_RULE]:
        problems.append(Problem(data.cat.params["material_composition"].file,
                                f"material '{material}' is counted in {units[material]}, not "
                                "tonnes, and has no mass fractions", key=f"material={material!r}",
                                fix="remove its rows, or count the material in t"))


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
    users = elec[elec > 0].index.get_level_values("process").unique()
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
                    f"for years {years_text(missing)}",
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
    """A key with rows for some model years has them for every model year.

    A gap would otherwise take the default silently (an unlimited build, no cap, no price).
    Parameters whose catalogue entry states ``fill: default`` are exempt; their filled years
    are reported as notes (``model.data.completeness.fill_notes``).
    """
    for name, spec in data.cat.params.items():
        if spec.fill != "none":
            continue
        gaps = year_gaps(spec, data.params[name], data.years)
        unlimited = spec.unlimited
        fix = ("give a value for every model year (a time series with gaps is almost always a "
               "data-entry slip)" + ("; write inf for a year without a limit" if unlimited
                                     else ""))
        for key, missing in gaps[:MAX_ROWS_PER_RULE]:
            problems.append(Problem(spec.file, f"missing years {years_text(missing)}", key=key,
                                    fix=fix))
        if len(gaps) > MAX_ROWS_PER_RULE:
            problems.append(Problem(spec.file, f"missing years for {len(gaps) - MAX_ROWS_PER_RULE}"
                                    " more keys", fix=fix))


_BOUND_PAIRS = (
    ("supply_min", "supply_max", "supply_max"),
    ("market_min", "market_max", "market_price"),
)
# How to give a lower bound the supply or market it needs (by the owner table).
_OWNER_FIX = {
    "supply_max": "a supply exists only where supply_max.csv has a row: add one for this key "
                  "(inf for no limit), or remove this row",
    "market_price": "a market exists only where market_price.csv has a row: add one for this "
                    "key (a price of 0 for a demand-only market that pays nothing), or remove "
                    "this row",
}


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
                                    column="value", value=_plain(values[i]),
                                    fix=_OWNER_FIX[owner]))
        for i in np.flatnonzero(~orphan & (values > upper + 1e-9)):
            problems.append(Problem(file, f"exceeds {high} = {upper[i]:g}",
                                    key=_index_text(series.index[i], series.index.names),
                                    column="value", value=_plain(values[i]),
                                    fix=f"raise {high} or lower {low}"))


def _plain(value: object) -> object:
    """A NumPy scalar as the Python value a message shows (``2000``, not ``np.int64(2000)``)."""
    value = value.item() if isinstance(value, np.generic) else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _index_text(key: object, names: Sequence[str | None]) -> str:
    values = key if isinstance(key, tuple) else (key,)
    return ", ".join(f"{n}={_plain(v)!r}" for n, v in zip(names, values, strict=True))


# Parameters of new capacity: they mean something only for a process that can be expanded.
_EXPANSION_PARAMS = ("process_max_new_capacity", "process_unit_size", "process_unit_fixed_cost",
                     "process_min_utilisation")


def check_expansion_rows(data: ModelData, problems: list[Problem]) -> None:
    """Rows about new capacity belong to a process that can be expanded.

    Only a process with a ``process_invest_cost`` row gets new capacity; a build limit, unit
    size, unit fixed cost or least utilisation of another process would be ignored.
    """
    expandable = set(data.params["process_invest_cost"].index.get_level_values("process"))
    invest_file = data.cat.params["process_invest_cost"].file
    for name in _EXPANSION_PARAMS:
        series = data.params[name]
        if series.empty:
            continue
        processes = series.index.get_level_values("process")
        orphans = sorted(set(processes) - expandable)
        for process in orphans[:MAX_ROWS_PER_RULE]:
            rows = series[processes == process]
            years = sorted(int(y) for y in rows.index.get_level_values("year")) \
                if "year" in series.index.names else []
            key = f"process={process!r}" + (f", year={years_text(years)}" if years else "")
            these = "these rows" if len(rows) > 1 else "this row"
            problems.append(Problem(
                data.cat.params[name].file,
                f"process '{process}' cannot be expanded (no row in {invest_file}), so "
                f"{these} would be ignored", key=key, column="value",
                fix=f"add a row for '{process}' to {invest_file} (0 for free new capacity), "
                    f"or remove {these}"))
        if len(orphans) > MAX_ROWS_PER_RULE:
            problems.append(Problem(data.cat.params[name].file,
                                    f"{len(orphans) - MAX_ROWS_PER_RULE} more processes like "
                                    "this"))


_LANE_RULES = ("import_tariff", "import_tariff_specific", "export_duty", "trade_quota")
_AD_VALOREM = ("import_tariff", "export_duty")


def check_trade_rules(data: ModelData, problems: list[Problem]) -> None:
    """Trade rules name a lane that crosses a border, and every ad valorem charge has a value.

    A rule whose exporter equals its importer would never apply. A material charged a share
    of its value (a duty, export VAT not refunded, capital in transit) on a route it may
    carry needs a ``customs_value`` in that year.
    """
    for name in _LANE_RULES:
        series = data.params[name]
        if series.empty:
            continue
        lanes = series.index.to_frame(index=False)
        inside = lanes[lanes["exporter"] == lanes["importer"]]
        for _, row in inside.drop_duplicates(["material", "exporter"]).head(
                MAX_ROWS_PER_RULE).iterrows():
            problems.append(Problem(
                data.cat.params[name].file, "exporter equals importer: a rule for trade inside "
                "one country never applies", key=f"material={row['material']!r}, "
                f"exporter={row['exporter']!r}, importer={row['importer']!r}", column="importer",
                value=row["importer"], fix="name the two countries of a border crossing"))
    carried = data.relations["route_material"][["route", "material"]]
    if carried.empty:
        return
    years = pd.DataFrame({"year": list(data.years)})
    keys = crossing_keys(data, carried.merge(years, how="cross"))
    seller = keys.assign(country=keys["exporter"])
    shares = [data.lookup(name, keys) for name in _AD_VALOREM]
    shares.append(data.lookup("vat_rate", seller) - data.lookup("export_vat_rebate", seller))
    charged = keys["crossing"].to_numpy() & (np.max(shares, axis=0) > 0)
    charged |= (data.lookup("route_transit_days", keys)
                * data.lookup("transit_interest_rate", keys)) > 0
    missing = charged & np.isnan(data.lookup("customs_value", keys))
    file = data.cat.params["customs_value"].file
    for material, rows in keys[missing].groupby("material", sort=True):
        problems.append(Problem(
            file, f"material '{material}' is charged a share of its value on route "
            f"'{rows['route'].iloc[0]}' (a duty, export VAT not refunded or capital in "
            f"transit) but has no customs value in years {years_text(sorted(set(rows['year'])))}",
            key=f"material={material!r}", column="value",
            fix="add a customs_value row (CNY/t) for each of these years"))


_CONSTRAINT_TERMS = ("constraint_supply", "constraint_sales", "constraint_flow",
                     "constraint_activity", "constraint_new_capacity", "constraint_emissions")


def check_user_constraints(data: ModelData, problems: list[Problem]) -> None:
    """A user-defined constraint weighs something and has a bound; its minimum does not
    exceed its maximum."""
    names = [str(k) for k in data.sets["constraint"].index] if "constraint" in data.sets else []
    if not names:
        return
    file = data.cat.sets["constraint"].file
    weighed = set()
    for name in _CONSTRAINT_TERMS:
        series = data.params[name]
        weighed |= set(series[series != 0].index.get_level_values("constraint").astype(str))
    bounded = set()
    for name in ("constraint_min", "constraint_max"):
        series = data.params[name]
        finite = series[np.isfinite(series.to_numpy(dtype=float))]
        bounded |= set(finite.index.get_level_values("constraint").astype(str))
    for name in names:
        if name not in weighed:
            problems.append(Problem(file, "the constraint weighs nothing: no coefficient in "
                                    "any constraint_* table", key=f"constraint={name!r}",
                                    fix="add rows to constraint_sales, constraint_activity, ... "
                                        "or remove the constraint"))
        elif name not in bounded:
            problems.append(Problem(file, "the constraint has no bound in any year",
                                    key=f"constraint={name!r}",
                                    fix="add constraint_min or constraint_max rows"))
    low = data.params["constraint_min"]
    if low.empty:
        return
    high = data.lookup("constraint_max", data.keys("constraint_min"))
    for i in np.flatnonzero(low.to_numpy(dtype=float) > high + 1e-9):
        problems.append(Problem(data.cat.params["constraint_min"].file,
                                f"exceeds constraint_max = {high[i]:g}",
                                key=_index_text(low.index[i], low.index.names), column="value",
                                value=_plain(low.to_numpy()[i]),
                                fix="raise constraint_max or lower constraint_min"))


CROSS_CHECKS = (
    check_material_units,
    check_process_io,
    check_element_split,
    check_species_basis,
    check_composition,
    check_required_coverage,
    check_region_coverage,
    check_route_ends,
    check_min_below_max,
    check_must_serve_reachable,
    check_expansion_rows,
    check_trade_rules,
    check_user_constraints,
)
# Rules for the CSV files only, not re-run after scenario overrides: an override names the
# years it sets (e.g. a cap from 2030), a file with a gap has lost a row.
FILE_CHECKS = (check_time_series_complete,)
