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

import functools
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
    stored = data.origins.get(name)
    origin = (empty_origin(series.index) if stored is None else stored).reindex(series.index)
    unit = origin["unit"].fillna(spec.unit).astype(str)
    years = (pd.Series(series.index.get_level_values("year"), index=series.index)
             if "year" in (series.index.names or []) else None)
    rates = data.params.get(RATES, pd.Series(dtype=float))
    factor = row_factors(unit, years, spec.unit, rates)[0]
    frame = origin.assign(value=series.to_numpy(float) / factor, unit=unit,
                          source=origin["source"].fillna(UNRECORDED),
                          confidence=origin["confidence"].fillna("L"))
    frame = frame[list(PROVENANCE_COLUMNS)]
    return frame.reset_index() if spec.dims else frame.reset_index(drop=True)


def _appendix_rows(name: str, prov: pd.DataFrame) -> pd.DataFrame:
    dims = [c for c in prov.columns if c not in PROVENANCE_COLUMNS]
    columns = [prov[d].astype(str) for d in dims]
    key = functools.reduce(lambda left, right: left + ", " + right, columns) if dims else ""
    value = prov["value"].map(lambda v: f"{v:.{SIGNIFICANT}g}")
    return pd.DataFrame({"table": name, "key": key, "value": value, "unit": prov["unit"],
                         "source": prov["source"], "confidence": prov["confidence"]})


def _kept_rows(data: ModelData, name: str) -> pd.DataFrame:
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
    frames = [rows for name, series in data.params.items()
              if not series.empty and not (rows := _kept_rows(data, name)).empty]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["table", "key", "value", "unit", "source", "confidence"])
    coords = {f"input_{c}": ("input_row", table[c].astype(str).to_numpy()) for c in table.columns}
    return xr.Dataset(coords=coords)
