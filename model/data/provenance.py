"""Where each input value came from, kept beside ``ModelData.params`` without a copy of it.

``ModelData`` holds each parameter's values once, in ``params`` (canonical units). Beside them,
``origins`` holds per row only what the values do not say: the unit the row is shown in, its
source, its confidence and its low/high range. A row's value in its own unit is derived from
``params`` when it is read (``parameter_provenance``), so the appendix cannot show a value the
model did not use. Every writer (scenario overrides, the stock model, code) goes through
``ModelData.with_param``, which records a ``Change`` for the rows whose value it changed or
added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import xarray as xr

from model.data.currency import RATES, row_factors

if TYPE_CHECKING:
    from model.data.dataset import ModelData

__all__ = ["ORIGIN_COLUMNS", "Change", "empty_origin", "input_provenance",
           "parameter_provenance", "update_origin"]

ORIGIN_COLUMNS = ("unit", "source", "confidence", "low_canonical", "high_canonical")
PROVENANCE_COLUMNS = ("value", *ORIGIN_COLUMNS)
UNRECORDED = "not recorded (set without ModelData.with_param)"
SIGNIFICANT = 12  # digits of a value in the appendix (hides unit-conversion round-off)
_APPENDIX_COLUMNS = ("table", "key", "value", "unit", "source", "confidence")


@dataclass(frozen=True)
class Change:
    """What the provenance table records for the rows a writer changed or added.

    Parameters
    ----------
    source
        Source text of changed rows; ``{source}`` stands for the row's previous source.
    added
        Source text of rows that had no value before (default: ``source`` with ``{source}``
        read as "no row").
    confidence
        ``H``, ``M`` or ``L`` for the changed rows; None keeps each row's own (new rows: ``L``).
    unit
        Unit the changed rows are shown in; None keeps each row's own (new rows: canonical).
    ranges
        How each changed row's low/high range follows its value: ``keep`` it, ``scale`` it by
        ``factor``, ``shift`` it by the change of the value, or ``drop`` it.
    factor
        The multiplier for ``ranges="scale"``.
    """

    source: str
    added: str | None = None
    confidence: str | None = None
    unit: str | None = None
    ranges: Literal["keep", "scale", "shift", "drop"] = "drop"
    factor: float = 1.0

    def describe(self, previous: str) -> str:
        """Source text of a changed row whose previous source was ``previous``."""
        return self.source.replace("{source}", previous)

    def describe_added(self) -> str:
        """Source text of a row that had no value before."""
        return self.added if self.added is not None else self.describe("no row")


CODE_CHANGE = Change(source="set in code (was {source})", added="set in code")


def empty_origin(index: pd.Index) -> pd.DataFrame:
    """An origin table with no information for the rows of ``index`` (missing text, NaN
    ranges)."""
    n = len(index)
    return pd.DataFrame({c: np.full(n, np.nan) if c.endswith("_canonical")
                         else np.full(n, np.nan, dtype=object) for c in ORIGIN_COLUMNS},
                        index=index)


def _moved_ranges(origin: pd.DataFrame, shift: pd.Series, changed: pd.Series,
                  change: Change) -> None:
    """Move the low/high range of the changed rows as ``change.ranges`` says (in place)."""
    columns = ["low_canonical", "high_canonical"]
    if change.ranges == "drop":
        origin.loc[changed, columns] = np.nan
    elif change.ranges == "scale":
        origin.loc[changed, columns] = origin.loc[changed, columns] * change.factor
    elif change.ranges == "shift":
        moved = origin.loc[changed, columns].add(shift[changed], axis=0)
        origin.loc[changed, columns] = moved


def update_origin(origin: pd.DataFrame, before: pd.Series, after: pd.Series, change: Change,
                  canonical: str) -> pd.DataFrame:
    """The origin rows of ``after`` when a writer replaces ``before`` by it.

    Rows dropped by the writer are dropped; rows whose value changed, or that are new, get
    ``change``'s source, confidence, unit and range; the others keep their origin.
    """
    origin = origin.reindex(after.index).astype(
        {"low_canonical": float, "high_canonical": float})
    prior = before.reindex(after.index) if len(before) else pd.Series(np.nan, after.index)
    new = origin["source"].isna()
    changed = new | (after.to_numpy(float) != prior.to_numpy(float))
    if not changed.any():
        return origin
    old = origin.loc[changed & ~new, "source"].astype(str)
    origin.loc[changed & ~new, "source"] = [change.describe(s) for s in old]
    origin.loc[new, "source"] = change.describe_added()
    origin.loc[changed, "confidence"] = change.confidence or origin.loc[changed, "confidence"]
    origin.loc[new, "confidence"] = origin.loc[new, "confidence"].fillna("L")
    origin.loc[changed, "unit"] = change.unit or origin.loc[changed, "unit"]
    origin.loc[new, "unit"] = origin.loc[new, "unit"].fillna(canonical)
    _moved_ranges(origin, after - prior, changed, change)
    return origin


def parameter_provenance(data: ModelData, name: str) -> pd.DataFrame:
    """Every row of parameter ``name`` as used: keys, value in the row's unit, origin.

    Columns: the parameter's dimensions, ``value`` (in ``unit``, converted from the canonical
    value in ``data.params``), ``unit``, ``source``, ``confidence``, ``low_canonical`` and
    ``high_canonical``. Rows set without ``with_param`` show the canonical unit and say so.
    """
    spec = data.cat.params[name]
    series = data.params[name]
    index = series.index
    origin = _origin_of(data.origins.get(name), index)
    unit = _filled(origin["unit"], spec.unit)
    years = (pd.Series(index.get_level_values("year"), index=index)
             if "year" in (index.names or []) else None)
    rates = data.params.get(RATES, pd.Series(dtype=float))
    factor = row_factors(pd.Series(unit, index=index, dtype="str"), years, spec.unit, rates)[0]
    columns: dict[str, object] = {}
    if spec.dims:  # the keys, as ``reset_index`` makes them
        columns.update({level: index.get_level_values(i)
                        for i, level in enumerate(index.names)})
    columns.update(  # the text columns keep the types of the origin's (fillna would)
        value=series.to_numpy(float) / factor, unit=pd.array(unit, dtype="str"),
        source=pd.Series(_filled(origin["source"], UNRECORDED), dtype=origin["source"].dtype),
        confidence=pd.Series(_filled(origin["confidence"], "L"),
                             dtype=origin["confidence"].dtype),
        low_canonical=origin["low_canonical"].to_numpy(dtype=float),
        high_canonical=origin["high_canonical"].to_numpy(dtype=float))
    return pd.DataFrame(columns)


def _origin_of(stored: pd.DataFrame | None, index: pd.Index) -> pd.DataFrame:
    """The origin rows of ``index``: the stored ones (reindexed only when their index is
    another), or none recorded."""
    if stored is None:
        return empty_origin(index)
    return stored if stored.index is index else stored.reindex(index)


def _filled(column: pd.Series, missing: str) -> np.ndarray:
    """A text column as strings, ``missing`` where it has none (``fillna(...).astype(str)``)."""
    values = column.to_numpy(dtype=object)
    gaps = pd.isna(values)
    if gaps.any():
        values = values.copy()
        values[gaps] = missing
    return np.array([str(v) for v in values.tolist()], dtype=object)


def _appendix_rows(name: str, prov: pd.DataFrame) -> dict[str, np.ndarray]:
    """The appendix rows of one parameter: table, key text, value text, unit, source and
    confidence, as arrays of strings (Python lists and arrays: a frame per parameter costs
    more than its few hundred rows)."""
    dims = [c for c in prov.columns if c not in PROVENANCE_COLUMNS]
    n = len(prov)
    keys = [", ".join(parts) for parts in zip(*([str(v) for v in prov[d].tolist()]
                                                for d in dims), strict=True)] if dims else [""] * n
    text = {"table": np.full(n, name, dtype=object), "key": np.array(keys, dtype=object),
            "value": np.array([f"{v:.{SIGNIFICANT}g}" for v in prov["value"].tolist()],
                              dtype=object)}
    text.update({c: prov[c].to_numpy(dtype=object) for c in ("unit", "source", "confidence")})
    return text


def _kept_rows(data: ModelData, name: str) -> dict[str, np.ndarray]:
    """``_appendix_rows`` of parameter ``name``, kept in ``data.derived`` while its values,
    origins and the exchange rates are the same objects (a sweep member recomputes only the
    parameters it moves)."""
    inputs = (data.cat, data.params[name], data.origins.get(name), data.params.get(RATES))
    return data.derived.get(  # type: ignore[no-any-return]
        f"appendix:{name}", inputs, lambda: _appendix_rows(name, parameter_provenance(data, name)))


def input_provenance(data: ModelData) -> xr.Dataset:
    """Every input row's table, key, value, unit, source and confidence (report appendix).

    The values are those the model uses (after scenario overrides and the stock model), in
    each row's unit.

    Returns
    -------
    xr.Dataset
        No data variables; string coordinates ``input_table``, ``input_key``,
        ``input_value``, ``input_unit``, ``input_source`` and ``input_confidence`` on dimension
        ``input_row``.
    """
    parts = [_kept_rows(data, name) for name, series in data.params.items() if not series.empty]
    coords = {f"input_{c}": ("input_row", np.concatenate([p[c] for p in parts])
                             if parts else np.array([], dtype=object)) for c in _APPENDIX_COLUMNS}
    return xr.Dataset(coords=coords)
