"""Blocks kept across the members of a study, replayed when everything they read is the same.

A block is a function of what it reads: parameters, sets and relations of ``ModelData`` and
its scalar fields, the index sets, the handles it is given, and the program it adds to (its
column and row counts, and the terms earlier blocks declared, when it reads them). While a
block runs, ``BlockMemo`` records which of these it reads and what it adds to the program.
For the next member the block is *replayed* (its families, terms and handles put back as
they were) when every input it read is the same object or equal in value; otherwise it runs
again. After a block runs again, each of its outputs that equals the recorded one by value is
replaced by the recorded object, so that later blocks see the same handles and replay.

No list says which parameters a block uses: the record is made by running the block, so a
replayed program is the program the blocks would build (the tests compare them member by
member). The index sets are kept the same way (``BlockMemo.index_sets``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import scipy.sparse as sp

from model.data.dataset import ModelData
from model.data.sets import IndexSets, build_index_sets
from model.lp.program import Program

__all__ = ["BlockMemo", "same"]

T = TypeVar("T")

#: Answers of ``same`` for pandas objects, by the pair's identities (the pair kept with it).
Seen = dict[tuple[int, int], tuple[Any, Any, bool]]

_ABSENT = object()  # a key that was looked up and not found
_FIELDS = ("years", "accounting", "stock_supply")  # scalar fields of ModelData blocks may read
_TERM_LISTS = ("cost_terms", "emission_terms", "balance_terms")  # appended to by blocks
_STORES = (*_TERM_LISTS, "bounds")  # the program's containers a block may read


def same(a: Any, b: Any, seen: Seen | None = None) -> bool:
    """True when ``a`` and ``b`` are the same object or equal in value (NaN equals NaN).

    ``seen`` keeps the answers for pandas objects by identity while both are alive (one
    comparison of a member's outputs meets the same key frames many times)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if sp.issparse(a):
        return a.shape == b.shape and (a != b).nnz == 0
    if isinstance(a, pd.DataFrame | pd.Series | pd.Index):
        if seen is None:
            return bool(a.equals(b)) and _labels(a) == _labels(b)
        key = (id(a), id(b))
        if key not in seen:  # the pair is kept with the answer: their ids stay theirs
            seen[key] = (a, b, bool(a.equals(b)) and _labels(a) == _labels(b))
        return bool(seen[key][2])
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return _same_parts(a, b, seen)


def _same_parts(a: Any, b: Any, seen: Seen | None) -> bool:
    """``same`` for containers (dataclass, list, tuple, dict) and plain values."""
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name), seen)
                   for f in dataclasses.fields(a))
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y, seen) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], seen) for k in a)
    return bool(a == b)


def _labels(a: pd.DataFrame | pd.Series | pd.Index) -> tuple[Any, ...]:
    """Labels ``equals`` does not compare (it does compare values, dtypes and column labels)."""
    if isinstance(a, pd.DataFrame):
        return tuple(a.columns), tuple(a.index.names)
    if isinstance(a, pd.Series):
        return a.name, tuple(a.index.names)
    return (tuple(a.names),)


class _Reads(dict[str, Any]):
    """A dict that notes which keys were read (all of them when it is iterated)."""

    def __init__(self, source: dict[str, Any], kind: str, log: dict[tuple[str, str], Any]):
        super().__init__(source)
        self._kind, self._log = kind, log

    def _note(self, key: str) -> None:
        self._log[(self._kind, key)] = dict.get(self, key, _ABSENT)

    def keys_of(self, name: str) -> pd.Index:
        """The index of parameter ``name``, noted as a read of its keys only."""
        index = dict.__getitem__(self, name).index
        self._log.setdefault(("keys", name), index)
        return index

    def _note_all(self) -> None:
        for key in dict.keys(self):
            self._note(key)
        self._log[(self._kind, "*")] = frozenset(dict.keys(self))

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._note(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._note_all()
        return super().__iter__()

    def keys(self) -> Any:  # type: ignore[override]
        self._note_all()
        return super().keys()

    def values(self) -> Any:  # type: ignore[override]
        self._note_all()
        return super().values()

    def items(self) -> Any:  # type: ignore[override]
        self._note_all()
        return super().items()


class _Watched(list[Any]):
    """A list of the program's terms that notes whether a block read it (appending is not)."""

    read = False

    def __iter__(self) -> Iterator[Any]:
        self.read = True
        return super().__iter__()

    def __len__(self) -> int:
        self.read = True
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self.read = True
        return super().__getitem__(index)


class _WatchedDict(dict[str, Any]):
    """The program's column bounds, noting whether a block read them (adding is not)."""

    read = False

    def _seen(self) -> None:
        self.read = True

    def __getitem__(self, key: str) -> Any:
        self._seen()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._seen()
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._seen()
        return super().__iter__()

    def __len__(self) -> int:
        self._seen()
        return super().__len__()

    def values(self) -> Any:  # type: ignore[override]
        self._seen()
        return super().values()

    def items(self) -> Any:  # type: ignore[override]
        self._seen()
        return super().items()


def _watch(store: Any) -> Any:
    return _WatchedDict(store) if isinstance(store, dict) else _Watched(store)


def _unwatch(store: Any) -> Any:
    return dict.copy(store) if isinstance(store, dict) else list.copy(store)


def _snapshot(store: Any) -> Any:
    return dict.copy(store) if isinstance(store, dict) else tuple(list.copy(store))


def _current(data: ModelData, key: tuple[str, str]) -> Any:
    kind, name = key
    if kind == "keys":
        series = data.params.get(name)
        return _ABSENT if series is None else series.index
    source = getattr(data, kind)
    if name == "*":
        return frozenset(source)
    return source.get(name, _ABSENT)


@dataclass
class _Record:
    """What one block read, and what it added to the program."""

    reads: dict[tuple[str, str], Any]
    fields: tuple[Any, ...]
    args: tuple[Any, ...]
    counts: tuple[int, int]  # the program's columns and rows when the block started
    terms_read: dict[str, Any]  # the program's stores the block read, as they were
    columns: dict[str, Any]
    rows: dict[str, Any]
    terms: dict[str, list[Any]]  # terms the block appended, per list
    bounds: dict[str, Any]  # bounds of the column families it added
    result: Any

    def holds(self, data: ModelData, args: tuple[Any, ...], p: Program) -> bool:
        """Whether a block given these inputs would do exactly what is recorded."""
        seen: Seen = {}
        return ((p.n_columns, p.n_rows) == self.counts
                and same(self.fields, tuple(getattr(data, f) for f in _FIELDS))
                and same(self.args, args, seen)
                and all(same(_snapshot(getattr(p, name)), was, seen)
                        for name, was in self.terms_read.items())
                and all(same(value, _current(data, key), seen)
                        for key, value in self.reads.items()))

    def replay(self, p: Program) -> Any:
        """Put the recorded families and terms back into ``p``; the block's handles."""
        p.columns.update(self.columns)
        p.bounds.update(self.bounds)
        p.rows.update(self.rows)
        for name, terms in self.terms.items():
            getattr(p, name).extend(terms)
        p.n_columns = self.counts[0] + sum(len(c) for c in self.columns.values())
        p.n_rows = self.counts[1] + sum(r.n_rows for r in self.rows.values())
        return self.result


@dataclass
class BlockMemo:
    """The record of each block (and of the index sets) from the last member built."""

    enabled: bool = True  # False: every block runs (a single build keeps no record)
    records: dict[str, _Record] = field(default_factory=dict)
    replayed: list[str] = field(default_factory=list)  # blocks replayed for the last member
    _sets: tuple[dict[tuple[str, str], Any], tuple[Any, ...], IndexSets] | None = None

    def index_sets(self, data: ModelData) -> IndexSets:
        """``build_index_sets(data)``, or the last member's sets when it read the same."""
        if not self.enabled:
            return build_index_sets(data)
        fields = tuple(getattr(data, f) for f in _FIELDS)
        if self._sets is not None:
            reads, was, sets = self._sets
            if same(was, fields) and all(same(v, _current(data, k)) for k, v in reads.items()):
                return sets
        log: dict[tuple[str, str], Any] = {}
        sets = build_index_sets(_recording(data, log))
        if self._sets is not None and same(sets, self._sets[2]):
            sets = self._sets[2]  # same sets from other values: later blocks can replay
        self._sets = (log, fields, sets)
        return sets

    def start(self) -> None:
        """Begin a new member."""
        self.replayed = []

    def call(self, block: Callable[..., T], p: Program, data: ModelData, *args: Any) -> T:
        """``block(p, data, *args)``, replayed from the record when its inputs are the same."""
        if not self.enabled:
            return block(p, data, *args)
        name = block.__name__
        record = self.records.get(name)
        if record is not None and record.holds(data, args, p):
            self.replayed.append(name)
            return record.replay(p)  # type: ignore[no-any-return]
        fresh = self._run(block, p, data, args)
        if record is not None:
            _keep_equal(fresh, record, p)
        self.records[name] = fresh
        return fresh.result  # type: ignore[no-any-return]

    def _run(self, block: Callable[..., Any], p: Program, data: ModelData,
             args: tuple[Any, ...]) -> _Record:
        log: dict[tuple[str, str], Any] = {}
        counts = (p.n_columns, p.n_rows)
        columns, rows = set(p.columns), set(p.rows)
        lengths = {name: len(getattr(p, name)) for name in _TERM_LISTS}
        before = {name: _snapshot(getattr(p, name)) for name in _STORES}
        for name in _STORES:
            setattr(p, name, _watch(getattr(p, name)))
        try:
            result = block(p, _recording(data, log), *args)
        finally:
            read = {name for name in _STORES if getattr(p, name).read}
            for name in _STORES:
                setattr(p, name, _unwatch(getattr(p, name)))
        return _Record(
            reads=log, fields=tuple(getattr(data, f) for f in _FIELDS), args=args,
            counts=counts,
            terms_read={n: before[n] for n in read},
            columns={k: v for k, v in p.columns.items() if k not in columns},
            rows={k: v for k, v in p.rows.items() if k not in rows},
            terms={n: getattr(p, n)[lengths[n]:] for n in _TERM_LISTS},
            bounds={k: v for k, v in p.bounds.items() if k not in columns},
            result=result)


class _RecordingData(ModelData):
    """``ModelData`` whose ``index_of(name)`` (and so ``keys(name)``) notes a read of the
    parameter's keys, not values."""

    def index_of(self, name: str) -> pd.Index:
        params = self.params
        return params.keys_of(name) if isinstance(params, _Reads) else params[name].index


def _recording(data: ModelData, log: dict[tuple[str, str], Any]) -> ModelData:
    fields = {f.name: getattr(data, f.name) for f in dataclasses.fields(data) if f.init}
    return _RecordingData(**{**fields, "params": _Reads(data.params, "params", log),
                             "sets": _Reads(data.sets, "sets", log),
                             "relations": _Reads(data.relations, "relations", log)})


def _keep_equal(fresh: _Record, old: _Record, p: Program) -> None:
    """Where a block that ran again made what it made before, use the recorded objects."""
    seen: Seen = {}
    for name, family in list(fresh.columns.items()):
        if same(family, old.columns.get(name), seen):
            fresh.columns[name] = p.columns[name] = old.columns[name]
    for name, family in list(fresh.rows.items()):
        if same(family, old.rows.get(name), seen):
            fresh.rows[name] = p.rows[name] = old.rows[name]
    for kind, terms in fresh.terms.items():
        held = getattr(p, kind)
        start = len(held) - len(terms)
        for i, (new, was) in enumerate(zip(terms, old.terms.get(kind, []), strict=False)):
            if same(new, was, seen):
                terms[i] = held[start + i] = was
    if same(fresh.result, old.result, seen):
        fresh.result = old.result
