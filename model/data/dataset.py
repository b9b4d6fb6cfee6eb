"""``ModelData``: the validated data package in canonical units.

Parameters are kept as sparse ``pd.Series`` with a MultiIndex named after their dimensions,
not as dense xarray arrays: the network is sparse (routes, process inputs, supplies) and the
model is built by joining these series on their keys. ``to_dataset`` gives an xarray view.

Each value is stored once, in ``params``. ``origins`` holds, per row and on the same index,
only its unit, source, confidence and range (``model.data.provenance``); ``provenance`` derives the
full table, values included, when read. Writers go through ``with_param``, which updates both.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from model.data.catalogue import Catalogue, catalogue
from model.data.codes import by_runs
from model.data.currency import RATES, reprice
from model.data.provenance import (
    CODE_CHANGE,
    Change,
    empty_origin,
    parameter_provenance,
    update_origin,
)

__all__ = ["Change", "Derived", "ModelData", "crossed_rows", "index_positions"]


def _rows_in(index: pd.MultiIndex, columns: list[Any],
             known: list[SetRows | None] | None = None) -> np.ndarray:
    """Position in ``index`` (unique) of each key given by ``columns`` (one array per level,
    in level order); -1 if absent. Keys are matched level by level against the index's own
    codes, each key as one integer (mixed radix), instead of building a second MultiIndex;
    a sorted index is searched, not hashed. ``known``: per level, the keys' rows in the
    dimension's set where they are kept (``_level_codes``)."""
    if _room(index) >= 2**62:  # too many combinations for one integer
        return index.get_indexer(pd.MultiIndex.from_arrays(columns))
    known = known or [None] * len(columns)
    return _coded_rows(index, [_level_codes(level, column, rows) for level, column, rows
                               in zip(index.levels, columns, known, strict=True)])


#: The rows of a key column in its dimension's set (unique labels), where they are kept
#: with the key frame: the set's labels and each key's row in them (-1: not in the set).
SetRows = tuple[pd.Index, np.ndarray]


def _level_codes(level: pd.Index, column: Any, rows: SetRows | None) -> np.ndarray:
    """Code in ``level`` (unique labels) of each value of ``column``; -1 if absent.

    With ``rows`` (the values' rows in their set, kept with the key frame) the set's labels
    are found in the level, each once, and taken per value: no value is hashed again.
    Whole numbers (years) in a sorted level are searched. Else the values are coded by
    runs (``by_runs``).
    """
    if rows is not None and len(rows[1]) >= len(rows[0]):
        return np.append(np.asarray(level.get_indexer(rows[0]), np.int64), -1)[rows[1]]
    values = np.asarray(column) if column.dtype.kind in "iu" else None
    if (values is not None and level.dtype.kind in "iu" and level.is_monotonic_increasing
            and level.is_unique):
        have = level.to_numpy()
        if not len(have):
            return np.full(len(values), -1, np.int64)
        at = np.minimum(np.searchsorted(have, values), len(have) - 1)
        return np.where(have[at] == values, at, -1)
    return np.asarray(by_runs(column, level.get_indexer), np.int64)


def crossed_rows(index: pd.MultiIndex, columns: list[Any], last: np.ndarray
                 ) -> np.ndarray | None:
    """``_rows_in`` of every key of ``columns`` (the levels but the last) crossed with each
    value of ``last`` (the last level), as a (keys, values) array: the keys and the values
    are coded once each, not once per crossed key. None when the index is too large."""
    if _room(index) >= 2**62:
        return None
    n, k = len(columns[0]), len(last)
    codes = [np.repeat(by_runs(column, level.get_indexer), k)
             for level, column in zip(index.levels[:-1], columns, strict=True)]
    codes.append(np.tile(np.asarray(index.levels[-1].get_indexer(last)), n))
    return _coded_rows(index, codes).reshape(n, k)


def _room(index: pd.MultiIndex) -> int:
    return math.prod(len(level) + 1 for level in index.levels)


def _coded_rows(index: pd.MultiIndex, wanted: list[np.ndarray]) -> np.ndarray:
    """``_rows_in`` of keys given by their codes in the index's levels (-1: not a label)."""
    have = np.zeros(len(index), np.int64)
    want = np.zeros(len(wanted[0]), np.int64)
    missing = np.zeros(len(want), bool)
    for level, codes, code in zip(index.levels, index.codes, wanted, strict=True):
        radix = len(level) + 1
        missing |= code < 0
        have = have * radix + np.asarray(codes, np.int64) + 1
        want = want * radix + code + 1
    if len(have) and bool(np.all(have[1:] > have[:-1])):
        pos = np.minimum(np.searchsorted(have, want), len(have) - 1)
        pos[have[pos] != want] = -1
    else:
        pos = pd.Index(have).get_indexer(want)
    pos[missing] = -1
    return pos


def index_positions(index: pd.Index, keys: pd.DataFrame, dims: tuple[str, ...] | list[str],
                    known: list[SetRows | None] | None = None) -> np.ndarray:
    """Position in ``index`` (a parameter's) of each row of ``keys``; -1 if absent.
    ``known``: per dimension, the keys' rows in its set where they are kept
    (``ModelData.set_rows``)."""
    if len(dims) == 1:  # a flat index: no MultiIndex to factorize
        flat = pd.Index(index.get_level_values(0))
        return _level_codes(flat, keys[dims[0]].array, known[0] if known else None)
    return _rows_in(index, [keys[d].array for d in dims], known)


class KeyPositions:
    """Positions of key frames in parameter indexes, kept while the key frame lives.

    A study's members share their index sets (``BlockMemo.index_sets``) and most parameter
    indexes (a scenario or member that moves values keeps the index, or a view of it), so a
    (parameter, key frame) pair searched once is not searched again while the parameter's
    index is the same (``Index.is_``: the same object or a view of it; indexes are
    immutable). Key frames are treated as immutable once made, as the block memo does. An
    entry goes when its key frame goes; copies and pickles start empty.
    """

    def __init__(self) -> None:
        self._found: dict[tuple[str, int], tuple[pd.Index, int, np.ndarray]] = {}

    def get(self, name: str, index: pd.Index, keys: pd.DataFrame,
            find: Callable[[], np.ndarray]) -> np.ndarray:
        """The positions ``find()`` gives for ``keys`` in ``index`` (of parameter ``name``)."""
        pos = self.kept(name, index, keys)
        if pos is not None:
            return pos
        pos = find()
        pos.flags.writeable = False
        key = (name, id(keys))
        if key not in self._found:
            weakref.finalize(keys, self._found.pop, key, None)
        self._found[key] = (index, len(keys), pos)
        return pos

    def kept(self, name: str, index: pd.Index, keys: pd.DataFrame) -> np.ndarray | None:
        """The positions kept for ``keys`` in ``index`` (of ``name``), if any."""
        hit = self._found.get((name, id(keys)))
        if hit is not None and hit[0].is_(index) and hit[1] == len(keys):
            return hit[2]
        return None

    def carry(self, source: pd.DataFrame, target: pd.DataFrame, rows: np.ndarray,
              names: list[str]) -> None:
        """Keep for ``target``, made of rows ``rows`` of ``source``, the positions kept for
        ``source`` under each of ``names`` (such as ``"node set"``), taken at those rows."""
        for name in names:
            hit = self._found.get((name, id(source)))
            if hit is not None and hit[1] == len(source):
                self.get(name, hit[0], target, functools.partial(np.take, hit[2], rows))

    def __reduce__(self) -> tuple[type[KeyPositions], tuple[()]]:
        return (KeyPositions, ())

    def __deepcopy__(self, memo: dict[int, Any]) -> KeyPositions:
        return KeyPositions()


class Derived:
    """Values derived from a few inputs of ``ModelData``, kept while the inputs are the same.

    ``get(name, inputs, compute)`` returns the value ``compute()`` gave for ``inputs`` (the
    objects the derivation read: parameter series, sets, the years) while every one of them
    is the same object (inputs are treated as immutable, as ``KeyPositions`` does), else
    computes it again and keeps that. One value is kept per name. The caller reads its inputs
    from the data itself, so a recording ``ModelData`` (``model.blocks.memo``) still sees
    every read. Copies and pickles start empty.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[Any, ...], Any]] = {}

    def get(self, name: str, inputs: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """``compute()``, or the value kept for ``name`` when made from the same ``inputs``."""
        hit = self._kept.get(name)
        if hit is not None and len(hit[0]) == len(inputs) and all(
                a is b for a, b in zip(hit[0], inputs, strict=True)):
            return hit[1]
        value = compute()
        self._kept[name] = (inputs, value)
        return value

    def __reduce__(self) -> tuple[type[Derived], tuple[()]]:
        return (Derived, ())

    def __deepcopy__(self, memo: dict[int, Any]) -> Derived:
        return Derived()


@dataclass(frozen=True)
class ModelData:
    """A validated data package: sets, relations and parameters in canonical units.

    ``params`` holds each parameter's values (canonical units); ``origins`` holds each row's
    unit, source, confidence and ``low_canonical``/``high_canonical`` range, indexed like
    ``params`` and without the value. Change parameters only through ``with_param`` or
    ``with_params`` so that both stay in step.
    """

    years: tuple[int, ...]
    sets: dict[str, pd.DataFrame]
    relations: dict[str, pd.DataFrame]
    params: dict[str, pd.Series]
    origins: dict[str, pd.DataFrame]
    source: str
    input_hash: str
    accounting: str = "cut_off"  # or "substitution": avoided-emission credits are netted
    stock_supply: bool = False  # the stock model's end-of-life tonnes are in supply_max
    absent_tables: tuple[str, ...] = ()  # optional files not in the package (they take defaults)
    notes: tuple[str, ...] = ()  # what absent tables and filled years mean
    #: Shared by the copies ``with_param`` and friends make (``dataclasses.replace``).
    positions: KeyPositions = field(default_factory=KeyPositions, compare=False, repr=False)
    #: Derived tables (compositions, transfer coefficients), shared by copies like ``positions``.
    derived: Derived = field(default_factory=Derived, compare=False, repr=False)

    @property
    def cat(self) -> Catalogue:
        """The catalogue this data follows."""
        return catalogue()

    def scalar(self, name: str) -> float:
        """Value of a dimensionless parameter such as ``discount_rate``."""
        series = self.params[name]
        if series.empty:
            default = self.cat.params[name].default
            if default is None:
                raise KeyError(f"parameter {name!r} has no value and no default")
            return default
        return float(series.iloc[0])

    def lookup(self, name: str, keys: pd.DataFrame) -> np.ndarray:
        """Values of parameter ``name`` for each row of ``keys`` (columns = the parameter's dims).

        Combinations without a row take the catalogue default; a missing default is NaN.
        """
        spec = self.cat.params[name]
        series = self.params[name]
        fill = math.nan if spec.default is None else spec.default
        if not spec.dims:
            return np.full(len(keys), self.scalar(name) if not series.empty else fill)
        if len(keys) == 0:
            return np.empty(0)
        if not series.size:
            pos = np.full(len(keys), -1)
        else:
            pos = self.positions.get(name, series.index, keys, lambda: index_positions(
                series.index, keys, spec.dims, self.set_rows(keys, spec.dims)))
        values = series.to_numpy(dtype=float)
        return np.where(pos >= 0, values[np.maximum(pos, 0)] if values.size else fill, fill)

    def everywhere(self, name: str) -> float | None:
        """The value ``lookup(name, keys)`` gives for every key when parameter ``name`` has
        no rows (its default; NaN without one), else None."""
        if not self.params[name].empty:
            return None
        default = self.cat.params[name].default
        return math.nan if default is None else float(default)

    def set_rows(self, keys: pd.DataFrame, dims: tuple[str, ...] | list[str]
                 ) -> list[SetRows | None]:
        """For each of ``dims``: the rows of ``keys``'s labels in the dimension's set, where
        they are kept with the frame (``model.data.sets.key_rows``), else None."""
        out: list[SetRows | None] = []
        for dim in dims:
            table = self.sets.get(dim)
            rows = None if table is None else self.positions.kept(f"{dim} set", table.index,
                                                                   keys)
            out.append(None if rows is None or table is None else (table.index, rows))
        return out

    def ranges(self, name: str) -> pd.DataFrame:
        """``low``/``high`` of each row of parameter ``name`` (canonical units; NaN: none)."""
        origin = self.origins.get(name)
        if origin is None or origin.empty or not self.cat.params[name].dims:
            return pd.DataFrame(columns=["low", "high"], dtype=float)
        ranges = origin[["low_canonical", "high_canonical"]].astype(float)
        return ranges.set_axis(["low", "high"], axis=1)

    @property
    def provenance(self) -> dict[str, pd.DataFrame]:
        """Each parameter's rows as used: keys, value in the row's unit, unit, source, ...

        Derived from ``params`` and ``origins`` when read (see
        ``model.data.provenance.parameter_provenance``), so it always shows the values in use.
        """
        return {name: parameter_provenance(self, name) for name in self.params}

    def index_of(self, name: str) -> pd.Index:
        """The index of parameter ``name`` (its keys, not its values)."""
        return self.params[name].index

    def keys(self, name: str, columns: list[str] | None = None, **extra: Any) -> pd.DataFrame:
        """The key rows of a parameter as a DataFrame (one column per dim).

        ``columns``: only these dims, in this order (``keys(name)[columns]``); ``extra``:
        columns added after them (``.assign(**extra)``), in the same frame.
        """
        index = self.index_of(name)
        names = list(index.names)
        if not isinstance(index, pd.MultiIndex) or None in names or len(set(names)) < len(names):
            frame = index.to_frame(index=False)
            frame = frame if columns is None else frame[columns]
            return frame.assign(**extra) if extra else frame
        # what ``to_frame`` gives, from the levels' values without its checks and copies
        return pd.DataFrame({**{n: index.get_level_values(n) for n in columns or names}, **extra},
                            copy=False)

    def discount_factors(self) -> np.ndarray:
        """Present-value factor of each model year, discounted to the first year."""
        rate = self.scalar("discount_rate")
        years = np.asarray(self.years, dtype=float)
        return (1.0 + rate) ** -(years - years[0])

    def with_param(self, name: str, series: pd.Series, change: Change = CODE_CHANGE
                   ) -> ModelData:
        """A copy with parameter ``name`` replaced by ``series`` (canonical units).

        The one writer of parameter values: the rows whose value changes, and new rows, get
        their source, confidence, unit and range from ``change``; other rows keep theirs.

        Parameters
        ----------
        name
            A catalogue parameter.
        series
            Its new values, indexed by its dimensions (a ``RangeIndex`` for a scalar).
        change
            What to record for the changed rows (default: "set in code").
        """
        before = self.params.get(name, pd.Series(dtype=float))
        origin = self.origins.get(name)
        origin = empty_origin(before.index) if origin is None else origin
        series = series.rename(name)
        canonical = self.cat.params[name].unit
        params = {**self.params, name: series}
        origins = {**self.origins,
                   name: update_origin(origin, before, series, change, canonical)}
        if name == RATES:  # rows entered in a foreign currency follow their rate
            units = {n: s.unit for n, s in self.cat.params.items()}
            params, origins = reprice(params, origins, units, before, series)
        return replace(self, params=params, origins=origins)

    def with_params(self, params: dict[str, pd.Series], change: Change = CODE_CHANGE
                    ) -> ModelData:
        """A copy with some parameter series replaced, each through ``with_param``."""
        data = self
        for name, series in params.items():
            data = data.with_param(name, series, change)
        return data

    def with_accounting(self, accounting: str) -> ModelData:
        """A copy using ``cut_off`` or ``substitution`` carbon accounting."""
        if accounting not in ("cut_off", "substitution"):
            raise ValueError(f"accounting must be cut_off or substitution, got {accounting!r}")
        return replace(self, accounting=accounting)

    def to_dataset(self) -> xr.Dataset:
        """An xarray view of all parameters (dense over each parameter's own dims)."""
        arrays = {}
        for name, series in self.params.items():
            spec = self.cat.params[name]
            attrs = {"units": spec.unit, "description": spec.description}
            if not spec.dims:
                arrays[name] = xr.DataArray(self.scalar(name), attrs=attrs)
            elif not series.empty:
                renamed = series.rename_axis([f"{name}_{d}" for d in spec.dims])
                arrays[name] = xr.DataArray.from_series(renamed).assign_attrs(attrs)
        return xr.Dataset(arrays, attrs={"source": self.source, "input_hash": self.input_hash})
