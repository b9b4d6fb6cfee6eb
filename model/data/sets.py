"""Sparse index sets, built once from ``ModelData`` with pandas joins (no dense products).

Each set is a DataFrame whose rows are the index tuples, with columns named after the
dimensions in index order; its name carries the dimension letters (Temoa style):

========================  ==========================================  =======================
set                       rows                                        built from
========================  ==========================================  =======================
``SUPPLY_nmy``            (node, material, year) a supply exists       supply_max rows
``SALE_nmy``              (node, material, year) a market exists       market_price rows
``DISPOSAL_nmy``          (node, material, year) disposal exists       disposal_cost × years
``STOCK_nmy``             (node, material, year) a stockpile exists    stockpile_capacity × years
``FLOW_rmy``              (route, material, year) a route may carry    route_materials × years
``ACTIVITY_py``           (process, year)                              processes × years
``NEWCAP_py``             (process, year) capacity may be built        process_invest_cost × years
``IO_pmd``                (process, material, direction) coefficient   process_io rows
``BALANCE_nmy``           (node, material, year) with any term         union of all of the above
========================  ==========================================  =======================
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.data.codes import by_runs, numbered
from model.data.composition import transfer
from model.data.dataset import ModelData

__all__ = ["IndexSets", "build_index_sets", "crossing_keys", "keep_rows", "key_rows",
           "label_rows", "route_rows", "set_rows", "taken"]


@dataclass(frozen=True)
class IndexSets:
    """The sparse index sets of one model instance (see the module docstring)."""

    SUPPLY_nmy: pd.DataFrame
    SALE_nmy: pd.DataFrame
    DISPOSAL_nmy: pd.DataFrame
    STOCK_nmy: pd.DataFrame
    FLOW_rmy: pd.DataFrame
    ACTIVITY_py: pd.DataFrame
    NEWCAP_py: pd.DataFrame
    IO_pmd: pd.DataFrame
    BALANCE_nmy: pd.DataFrame
    YEARS: tuple[int, ...]

    def sizes(self) -> dict[str, int]:
        """Number of rows of each set."""
        return {k: len(v) for k, v in self.__dict__.items() if isinstance(v, pd.DataFrame)}


def _columns(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """``frame[names]``, or ``frame`` itself when those are its columns in that order."""
    return frame if list(frame.columns) == names else frame[names]


def _cross_years(frame: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Each row of ``frame`` (no ``year`` column) once per year, row by row (as a cross
    merge orders them), with the year last."""
    n, each = len(frame), np.asarray(years, dtype=np.int64)
    rows = np.repeat(np.arange(n), len(each))
    return pd.DataFrame({**{c: _taken_as(frame[c], rows) for c in frame.columns},
                         "year": np.tile(each, n)}, copy=False)


def _taken_as(column: pd.Series, rows: np.ndarray) -> Any:
    """``column`` at ``rows`` for a new frame, keeping its type (a frame would take objects
    that are strings for strings)."""
    if column.dtype == object:
        return pd.Series(column.to_numpy()[rows], dtype=object, copy=False)
    return column.array.take(rows)


def _distinct_levels(index: pd.MultiIndex, names: list[str]) -> pd.DataFrame:
    """``index.to_frame(index=False)[names].drop_duplicates()``: the first row of each key,
    found by the index's own codes (one integer per key) rather than by hashing its labels."""
    code = np.zeros(len(index), np.int64)
    for name in names:
        level = index.names.index(name)
        code = code * (len(index.levels[level]) + 1) + np.asarray(index.codes[level]) + 1
    first = np.sort(np.unique(code, return_index=True)[1])
    return pd.DataFrame({name: index.get_level_values(name)[first] for name in names},
                        index=first)


#: A node column and a material column, with their labels' rows in the sets when known.
_Part = tuple[pd.Series, pd.Series, "tuple[np.ndarray, np.ndarray] | None"]


def _sorted_pairs(data: ModelData, parts: list[_Part]) -> pd.DataFrame:
    """The distinct (node, material) pairs of ``parts`` (node and material columns), sorted
    by node and material: ``pd.concat(...).drop_duplicates().sort_values(...)``.

    Each pair is marked in a table of every (node, material) of the sets, by the labels'
    rows in them (given, or coded by runs), and read in the order of the labels; the
    columns take the type that joining the parts gives. A label outside the sets goes to
    pandas.
    """
    nodes, materials = data.sets["node"].index, data.sets["material"].index
    seen = np.zeros((len(nodes), len(materials)), dtype=bool)
    unique = nodes.is_unique and materials.is_unique
    for node, material, known in parts:
        row, col = (known if known is not None and unique
                    else (by_runs(node.array, nodes.get_indexer),
                          by_runs(material.array, materials.get_indexer)) if unique
                    else (None, None))
        if row is None or col is None or (row < 0).any() or (col < 0).any():
            frames = [pd.DataFrame({"node": n, "material": m}) for n, m, _ in parts]
            return pd.concat(frames).drop_duplicates().sort_values(["node", "material"])
        seen[row, col] = True
    types = {name: _joined_type([part[k] for part in parts])
             for k, name in enumerate(("node", "material"))}
    by_node = np.argsort(np.asarray(nodes, dtype=object), kind="stable")
    by_material = np.argsort(np.asarray(materials, dtype=object), kind="stable")
    i, j = np.nonzero(seen[by_node][:, by_material])  # by node, then material
    return pd.DataFrame({
        "node": pd.Series(np.asarray(nodes, dtype=object)[by_node[i]], dtype=types["node"]),
        "material": pd.Series(np.asarray(materials, dtype=object)[by_material[j]],
                              dtype=types["material"])})


def _joined_type(columns: list[pd.Series]) -> Any:
    """The type ``pd.concat(columns)`` gives (an empty column counts): theirs when they
    agree, object for strings beside objects, else as pandas joins their first rows."""
    types = {column.dtype for column in columns}
    if len(types) == 1:
        return types.pop()
    if len(types) == 2 and np.dtype(object) in types and any(
            isinstance(t, pd.StringDtype) for t in types):
        return np.dtype(object)
    return pd.concat([column.iloc[:1] for column in columns]).dtype


def _route_ends(data: ModelData, keys: pd.DataFrame, end: str
                ) -> tuple[pd.Series, np.ndarray | None]:
    """``keys["route"].map(routes[end])``: the node at that end of each key's route, taken
    at the routes' rows (kept with ``keys``, as the flows' keys reuse them), and those
    nodes' rows in the node set when found so."""
    routes = data.sets["route"]
    ends = routes[end]
    if routes.index.is_unique and isinstance(ends.dtype, pd.StringDtype):
        at = key_rows(data, "route", keys)
        if not (at < 0).any():
            nodes = route_end_rows(data, end)
            return pd.Series(ends.array.take(at), index=keys.index, name="route"), nodes[at]
    return keys["route"].map(ends), None


def route_end_rows(data: ModelData, end: str) -> np.ndarray:
    """Row in the node set of the node at ``end`` (``origin``, ``destination``) of each row
    of the route set (-1: not a node), found once while the two sets are the same."""
    inputs = (data.sets["route"], data.sets["node"])
    return data.derived.get(  # type: ignore[no-any-return]
        f"route {end} rows", inputs, lambda: label_rows(data, "node", inputs[0][end]))


def _process_nodes(data: ModelData, keys: pd.DataFrame) -> tuple[pd.Series, np.ndarray | None]:
    """``keys["process"].map(processes["node"])``: the node of each key's process, and
    those nodes' rows in the node set when found from the processes' rows."""
    table = data.sets["process"]
    nodes = keys["process"].map(table["node"])
    if not (table.index.is_unique and _unique_sets(data)):
        return nodes, None
    at = key_rows(data, "process", keys)
    return nodes, None if (at < 0).any() else label_rows(data, "node", table["node"])[at]


def _with_material(data: ModelData, nodes: pd.Series, rows: np.ndarray | None,
                   keys: pd.DataFrame) -> _Part:
    """``nodes`` (of the rows of ``keys``, their set rows ``rows`` if known) beside the
    ``material`` of ``keys``."""
    if rows is None or not _unique_sets(data):
        return nodes, keys["material"], None
    return nodes, keys["material"], (rows, key_rows(data, "material", keys))


def _part(data: ModelData, keys: pd.DataFrame, node: str = "node", material: str = "material"
          ) -> _Part:
    """``keys``'s node and material columns, with their rows in the sets (kept with
    ``keys`` when they are its ``node`` and ``material``)."""
    if node == "node" and material == "material" and _unique_sets(data):
        return (keys[node], keys[material],
                (key_rows(data, "node", keys), key_rows(data, "material", keys)))
    return keys[node], keys[material], None


def _unique_sets(data: ModelData) -> bool:
    return bool(data.sets["node"].index.is_unique and data.sets["material"].index.is_unique)


def build_index_sets(data: ModelData) -> IndexSets:
    """Build every sparse index set from the validated data."""
    years = data.years
    supply = numbered(_columns(data.keys("supply_max"), ["node", "material", "year"]))
    sale = numbered(_columns(data.keys("market_price"), ["node", "material", "year"]))
    disposal = _cross_years(_columns(data.keys("disposal_cost"), ["node", "material"]), years)
    stock = _cross_years(_columns(data.keys("stockpile_capacity"), ["node", "material"]), years)
    carried = _columns(data.relations["route_material"], ["route", "material"])
    flow = _cross_years(carried, years)
    processes = pd.DataFrame({"process": data.sets["process"].index})
    activity = _cross_years(processes, years)
    expandable = pd.DataFrame(
        {"process": data.index_of("process_invest_cost").get_level_values("process")})
    newcap = _cross_years(expandable, years)
    io = _distinct_levels(transfer(data).index, ["process", "material", "direction"]
                          ).reset_index(drop=True)
    for name, frame in (("supply_max", supply), ("market_price", sale)):  # made from these
        data.positions.get(name, data.index_of(name), frame,
                           functools.partial(np.arange, len(frame)))
    returns = data.relations["market_return"]
    touched = _sorted_pairs(data, [
        _part(data, supply),
        _part(data, sale),
        _part(data, disposal),
        _part(data, stock),
        _with_material(data, *_route_ends(data, carried, "origin"), carried),
        _with_material(data, *_route_ends(data, carried, "destination"), carried),
        _with_material(data, *_process_nodes(data, io), io),
        _part(data, returns, "return_node", "return_material"),
    ])
    # the pairs sorted, then each crossed with the years in order: sorted by node, material
    # and year without sorting the crossed rows
    balance = _cross_years(touched, tuple(sorted(years)))
    for crossed, rows in ((flow, carried), (activity, processes), (newcap, expandable),
                          (balance, touched)):
        _keep_rows(data, crossed, rows, len(years))
    return IndexSets(
        SUPPLY_nmy=supply,
        SALE_nmy=sale,
        DISPOSAL_nmy=disposal,
        STOCK_nmy=stock,
        FLOW_rmy=flow,
        ACTIVITY_py=activity,
        NEWCAP_py=newcap,
        IO_pmd=io,
        BALANCE_nmy=balance,
        YEARS=years,
    )


def route_rows(data: ModelData, keys: pd.DataFrame) -> np.ndarray:
    """Row in the route set of each key's ``route`` (a route not in it: ``KeyError``, as
    ``.loc`` raises); take the route set's columns at these rows (``key_rows``)."""
    return _known(data, "route", keys["route"], key_rows(data, "route", keys))


def key_rows(data: ModelData, dim: str, keys: pd.DataFrame) -> np.ndarray:
    """Row in the set of ``dim`` (unique labels) of each key's ``dim``; -1 if not in it.

    Kept with the key frame (``ModelData.positions``): a frame's rows are found once, not
    once per block and again in the cube; those of the index sets crossed with the years
    are found when the sets are built, from the rows before the crossing.
    """
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    return data.positions.get(f"{dim} set", data.sets[dim].index, keys,
                              lambda: label_rows(data, dim, keys[dim]))


def label_rows(data: ModelData, dim: str, labels: pd.Series) -> np.ndarray:
    """Row in the set of ``dim`` (unique labels) of each of ``labels``, coded by runs; -1 if
    not in it."""
    return np.asarray(by_runs(labels.array, data.sets[dim].index.get_indexer), np.int64)


def keep_rows(data: ModelData, keys: pd.DataFrame, dim: str, rows: np.ndarray) -> None:
    """Keep ``rows`` as the ``key_rows`` of ``keys``'s ``dim`` (found from the rows of the
    frames ``keys`` was made from)."""
    table = data.sets.get(dim)
    if table is not None and table.index.is_unique:
        data.positions.get(f"{dim} set", table.index, keys, rows.view)


def _keep_rows(data: ModelData, crossed: pd.DataFrame, rows: pd.DataFrame, n_years: int
               ) -> None:
    """``key_rows`` of ``crossed`` (``rows`` each crossed with ``n_years`` years, row by
    row) for each column of ``rows`` with a set: those of ``rows``, each repeated."""
    for dim in rows.columns:
        table = data.sets.get(dim)
        if table is not None and table.index.is_unique:
            keep_rows(data, crossed, dim, np.repeat(key_rows(data, dim, rows), n_years))


def set_rows(data: ModelData, dim: str, labels: pd.Series) -> np.ndarray:
    """Row in the set of ``dim`` of each of ``labels`` (a label not in it: ``KeyError``, as
    ``.loc`` raises), coded by runs; take the set's columns at these rows."""
    return _known(data, dim, labels, label_rows(data, dim, labels))


def _known(data: ModelData, dim: str, labels: pd.Series, at: np.ndarray) -> np.ndarray:
    """``at``, the set rows of ``labels``; a label not in the set (-1) raises the
    ``KeyError`` that ``.loc`` raises, naming it."""
    if (at < 0).any():
        data.sets[dim].loc[labels.to_numpy()[at < 0]]
    return at


def crossing_keys(data: ModelData, keys: pd.DataFrame) -> pd.DataFrame:
    """``exporter`` and ``importer`` (the countries of the route's two ends) of each
    (route, ...) key, and ``crossing``: whether they differ (the route crosses a border).

    Kept in ``data.derived`` for the last key frame asked (the flow keys, which the trade
    block, the choice of cost ranging and the cube ask for); the frame is not to be changed.
    """
    inputs = (keys, data.sets["route"], data.sets["node"])
    return data.derived.get(  # type: ignore[no-any-return]
        "crossing keys", inputs, lambda: _crossing_keys(data, keys))


def _crossing_keys(data: ModelData, keys: pd.DataFrame) -> pd.DataFrame:
    at = route_rows(data, keys)
    exporter, importer = (_route_countries(data, end) for end in ("origin", "destination"))
    crossing = exporter.to_numpy() != importer.to_numpy()  # per route, then taken per key
    return keys.assign(exporter=taken(exporter, at), importer=taken(importer, at),
                       crossing=crossing[at])


def _route_countries(data: ModelData, end: str) -> pd.Series:
    """``routes[end].map(nodes["country"])``: the country of each route's node at ``end``,
    taken at the node rows of the route ends when every end is a node."""
    routes, country = data.sets["route"], data.sets["node"]["country"]
    rows = route_end_rows(data, end)
    if len(rows) and int(rows.min()) >= 0 and country.dtype == _TEXT:
        return pd.Series(country.array.take(rows), index=routes.index, name=end)
    return routes[end].map(country)


def taken(column: pd.Series, at: np.ndarray) -> Any:
    """``column``'s values at rows ``at`` for a new frame column: the NumPy values, or the
    column's own array where a frame would infer that type from them anyway (strings without
    gaps), so that it does not infer it again for every row."""
    if column.dtype == _TEXT and len(at) and not column.hasnans:
        return column.array.take(at)
    values = column.to_numpy()
    if (column.dtype == object or not len(at) or column.hasnans
            or pd.Series(values[:1]).dtype != column.dtype):
        return values[at]
    return column.array.take(at)


_TEXT = pd.Series(["text"]).dtype  # what a frame infers for strings
