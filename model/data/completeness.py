"""What a data package leaves out, and what ziya puts in its place.

Two kinds of absence change results without being errors, so both are reported as notes (by
``ziya validate`` and in the result cube's ``input_notes`` attribute):

- an optional table that is absent: every combination takes the catalogue default, or none
  exists where the default is null (``absent_notes``);
- a year series of a parameter whose catalogue entry says ``fill: default``: a key with rows
  for some model years takes the default in the others (``fill_notes``).

A gap in any other year series is an error (``year_gaps`` finds them for
``model.data.validate.check_time_series_complete``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from model.data.catalogue import Catalogue, ParamSpec, RelationSpec, SetSpec

__all__ = ["absent_notes", "absent_tables", "fill_notes", "year_gaps"]

MAX_NOTES_PER_TABLE = 10

Spec = SetSpec | RelationSpec | ParamSpec


def _optional_specs(cat: Catalogue) -> Iterable[Spec]:
    yield from (s for s in cat.sets.values() if s.optional)
    yield from cat.relations.values()
    yield from (p for p in cat.params.values() if not p.required)


def absent_tables(cat: Catalogue, present: Iterable[str]) -> list[Spec]:
    """The optional tables (sets, relations, parameters) that are not in ``present``."""
    have = set(present)
    return [spec for spec in _optional_specs(cat) if spec.name not in have]


def _meaning(spec: Spec) -> str:
    """What an absent table means, from its catalogue entry."""
    if isinstance(spec, SetSpec):
        return f"no {spec.name} rows"
    if isinstance(spec, RelationSpec) or spec.default is None:
        return "no rows, so none exist"
    return f"{_every(spec.dims)} takes the default {_amount(spec)}"


def _every(dims: tuple[str, ...]) -> str:
    if not dims:
        return "it"
    return f"every {dims[0]}" if len(dims) == 1 else f"every ({', '.join(dims)})"


def _amount(spec: ParamSpec) -> str:
    """``0 t/yr``, ``inf t/yr (no limit)``, ``1`` (a dimensionless share)."""
    assert spec.default is not None
    unit = "" if spec.unit == "1" else f" {spec.unit}"
    return f"{spec.default:g}{unit}" + (" (no limit)" if math.isinf(spec.default) else "")


def absent_notes(specs: Iterable[Spec]) -> list[str]:
    """One note per absent optional table: what it means and what the table is for.

    >>> from model.data.catalogue import catalogue
    >>> absent_notes([catalogue().params["process_capacity"]])[0][:80]
    'process_capacity.csv is absent: every (process, year) takes the default 0 t/yr. '
    """
    return [f"{spec.file} is absent: {_meaning(spec)}. {spec.description}" for spec in specs]


def year_gaps(
    spec: ParamSpec, series: pd.Series, years: tuple[int, ...]
) -> list[tuple[str, list[int]]]:
    """Keys of a year series that have rows for some model years but not all.

    Returns ``(key text, missing years)`` pairs; the key text is empty for a series indexed
    by year alone.
    """
    if "year" not in spec.dims or series.empty:
        return []
    others = [d for d in spec.dims if d != "year"]
    keys = series.index.to_frame(index=False)
    gaps = []
    grouped = keys.groupby(others, sort=True)["year"] if others else [((), keys["year"])]
    for key, have in grouped:
        missing = sorted(set(years) - set(have))
        if missing:
            values = key if isinstance(key, tuple) else (key,)
            text = ", ".join(f"{d}={v!r}" for d, v in zip(others, values, strict=True))
            gaps.append((text, missing))
    return gaps


def years_text(years: list[int]) -> str:
    """``2026`` or ``2026, 2027`` or ``2026..2040`` (more than four years)."""
    return ", ".join(map(str, years)) if len(years) <= 4 else f"{years[0]}..{years[-1]}"


def fill_notes(
    cat: Catalogue, params: dict[str, pd.Series], years: tuple[int, ...]
) -> list[str]:
    """One note per key whose missing years a ``fill: default`` rule fills."""
    notes = []
    for name, spec in cat.params.items():
        if spec.fill != "default":
            continue
        gaps = year_gaps(spec, params[name], years)
        for key, missing in gaps[:MAX_NOTES_PER_TABLE]:
            where = f"{spec.file} ({key})" if key else spec.file
            rows = "row" if len(missing) == 1 else "rows"
            notes.append(f"{where}: no {rows} for {years_text(missing)}; takes the default "
                         f"{_amount(spec)} (fill: default)")
        if len(gaps) > MAX_NOTES_PER_TABLE:
            notes.append(f"{spec.file}: {len(gaps) - MAX_NOTES_PER_TABLE} more keys take the "
                         f"default {_amount(spec)} in some years (fill: default)")
    return notes
