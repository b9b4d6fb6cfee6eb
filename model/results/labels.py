"""Labels of the result cube's coordinates: route ends and mode, node country and region,
process place and stage, and the names of materials, nodes, processes, stages, modes, routes
and emission species in English (``*_label``) and Chinese (``*_label_zh``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData
from model.data.sets import label_rows, route_end_rows

__all__ = ["label_coords", "species_labels", "species_names"]


class _Names:
    """The English and Chinese name of each row of the set tables asked for, and their
    columns as text, made once per table (a route's ends and the nodes are named from the
    same table): a row's ``label`` (English), else its id; ``label_zh`` (Chinese), else the
    English name. Keys whose rows are all known are named by taking those rows."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray,
                                    np.ndarray]] = {}
        self._text: dict[tuple[int, str], tuple[pd.DataFrame, np.ndarray]] = {}
        self._rows: dict[tuple[int, str, str], tuple[pd.DataFrame, np.ndarray]] = {}

    def _names(self, table: pd.DataFrame
               ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The table, its rows' English and Chinese names, and those names as text."""
        made = self._made.get(id(table))
        if made is None or made[0] is not table:
            ids = np.asarray(table.index, dtype=str).astype(object)
            en = _first_named(table, ("label",), ids)
            zh = _first_named(table, ("label_zh",), en)
            made = (table, en, zh, en.astype(str), zh.astype(str))
            self._made[id(table)] = made
        return made

    def of(self, table: pd.DataFrame, keys: np.ndarray, at: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
        """English and Chinese names of ``keys`` (the key itself where it is not a row);
        ``at``: the keys' rows in ``table`` when known (-1: not in it)."""
        made = self._names(table)
        if at is not None and _all_rows(at, made[1]):
            return made[3][at], made[4][at]
        own = np.asarray(keys, dtype=str).astype(object)
        at = _rows(table, own) if at is None else at
        return _at(own, at, made[1]), _at(own, at, made[2])

    def rows(self, data: ModelData, dim: str, table: pd.DataFrame, column: str,
             at: np.ndarray) -> np.ndarray:
        """Row in the set of ``dim`` of ``table[column]`` at rows ``at`` (-1: not a row of
        ``table``, or a value not in the set), found once per row of ``table``."""
        made = self._rows.get((id(table), column, dim))
        if made is None or made[0] is not table:
            made = (table, label_rows(data, dim, table[column]))
            self._rows[(id(table), column, dim)] = made
        return _through(made[1], at)

    def text(self, table: pd.DataFrame, column: str, at: np.ndarray) -> np.ndarray:
        """``table[column]`` at rows ``at`` as text (-1: "nan", what a missing value gives)."""
        made = self._text.get((id(table), column))
        if made is None or made[0] is not table:
            made = (table, np.asarray(table[column].to_numpy(dtype=object), dtype=str))
            self._text[(id(table), column)] = made
        if _all_rows(at, made[1]):
            return made[1][at]
        return _taken(table, column, at).astype(str)


def _through(rows: np.ndarray, at: np.ndarray) -> np.ndarray:
    """``rows`` (one per row of a table) at the table's rows ``at`` (-1: -1)."""
    if not len(rows):
        return np.full(len(at), -1, dtype=np.int64)
    return np.where(at >= 0, rows[np.maximum(at, 0)], -1)


def _all_rows(at: np.ndarray, rows: np.ndarray) -> bool:
    """Whether every one of ``at`` is a row (none is -1, and there are rows to take)."""
    return len(rows) > 0 and (not len(at) or int(at.min()) >= 0)


def _first_named(table: pd.DataFrame, columns: tuple[str, ...], otherwise: np.ndarray
                 ) -> np.ndarray:
    """Per row of ``table``: the first non-empty of ``columns``, else ``otherwise``."""
    names = otherwise
    for column in reversed(columns):
        if column in table.columns:
            values = table[column].to_numpy(dtype=object, na_value="").astype(str).astype(object)
            names = np.where(values != "", values, names)
    return names


def _rows(table: pd.DataFrame, keys: np.ndarray) -> np.ndarray:
    """Row of each of ``keys`` in ``table`` (unique ids); -1 if not in it."""
    return np.asarray(table.index.get_indexer(keys), np.int64)


def _at(keys: np.ndarray, at: np.ndarray, names: np.ndarray) -> np.ndarray:
    """``names`` (one per row of a table) at the keys' rows ``at``; a key not in it (-1):
    the key itself (``keys`` as objects)."""
    if not len(names):
        return keys.astype(str)
    return np.where(at >= 0, names[np.maximum(at, 0)], keys).astype(str)


def _taken(table: pd.DataFrame, column: str, pos: np.ndarray) -> np.ndarray:
    """``table[column]`` at rows ``pos`` (-1: NaN), as objects (what ``reindex`` gives)."""
    values = table[column].to_numpy(dtype=object)
    if not len(values):
        return np.full(len(pos), np.nan, dtype=object)
    return np.where(pos >= 0, values[np.maximum(pos, 0)], np.nan)


def _filled(values: np.ndarray) -> np.ndarray:
    """``values`` as strings, "" where missing."""
    return np.where(pd.isna(values), "", values).astype(str)


def _route_names(origin: np.ndarray, destination: np.ndarray, mode: np.ndarray, lang: str
                 ) -> np.ndarray:
    """A route by the names of its ends and mode: ``Ziya park → Tianjin die-casters
    (truck)``."""
    parts = ((origin, "→", destination, "（", mode, "）") if lang == "zh"
             else (origin, " → ", destination, " (", mode, ")"))
    out = np.asarray(origin, dtype=str)
    for part in parts[1:]:
        out = np.strings.add(out, part)
    width = int(np.strings.str_len(out).max()) if len(out) else 1
    return out.astype(f"<U{max(width, 1)}")  # as wide as the longest name, as np.array makes


def species_labels(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    """Names of the emission species (added with the species, after the other labels; made
    with the cube when no process emits a species, so that none is added later)."""
    if "species" not in ds.dims or "species_label" in ds.coords:
        return ds
    return ds.assign_coords(species_names(data, ds["species"].to_numpy()))


def species_names(data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    en, zh = _Names().of(data.sets["species"], keys)
    return {"species_label": ("species", en), "species_label_zh": ("species", zh)}


def _labelled(names: _Names, table: pd.DataFrame, keys: np.ndarray, dim: str,
              at: np.ndarray | None = None) -> dict[str, tuple]:
    """``<dim>_label`` and ``<dim>_label_zh`` of ``keys`` from ``table`` (``at``: their
    rows in it, when known)."""
    en, zh = names.of(table, keys, at)
    return {f"{dim}_label": (dim, en), f"{dim}_label_zh": (dim, zh)}


def _route_coords(names: _Names, data: ModelData, keys: np.ndarray, at: np.ndarray | None
                  ) -> dict[str, tuple]:
    routes, nodes = data.sets["route"], data.sets["node"]
    if at is None:
        at = _rows(routes, np.asarray(keys, dtype=str).astype(object))
    origin, destination = names.text(routes, "origin", at), names.text(routes, "destination", at)
    starts, ends = (_through(route_end_rows(data, end), at) for end in ("origin", "destination"))
    modes = names.text(routes, "mode", at)
    mode_en, mode_zh = names.of(data.sets["mode"], modes,
                                names.rows(data, "mode", routes, "mode", at))
    origin_en, origin_zh = names.of(nodes, origin, starts)
    destination_en, destination_zh = names.of(nodes, destination, ends)
    return {
        "origin": ("route", origin),
        "destination": ("route", destination),
        "exporter_country": ("route", names.text(nodes, "country", starts)),
        "importer_country": ("route", names.text(nodes, "country", ends)),
        "mode": ("route", modes),
        "mode_label": ("route", mode_en),
        "mode_label_zh": ("route", mode_zh),
        "route_label": ("route", _route_names(origin_en, destination_en, mode_en, "en")),
        "route_label_zh": ("route", _route_names(origin_zh, destination_zh, mode_zh, "zh")),
    }


def _node_coords(names: _Names, data: ModelData, keys: np.ndarray, at: np.ndarray | None
                 ) -> dict[str, tuple]:
    table = data.sets["node"]
    if at is None:
        at = _rows(table, np.asarray(keys, dtype=str).astype(object))
    return {
        **_labelled(names, table, keys, "node", at),
        "node_country": ("node", _filled(_taken(table, "country", at))),
        "node_region": ("node", _filled(_taken(table, "region", at))
                        if "region" in table else np.full(len(keys), "")),
    }


def _process_coords(names: _Names, data: ModelData, keys: np.ndarray, at: np.ndarray | None
                    ) -> dict[str, tuple]:
    table = data.sets["process"]
    own = np.asarray(keys, dtype=str).astype(object)
    if at is None:
        at = _rows(table, own)
    ids = np.asarray(table.index, dtype=str).astype(object)
    stage_en = _first_named(table, ("stage_label", "stage"), ids)
    stage_zh = _first_named(table, ("stage_label_zh",), stage_en)
    return {
        **_labelled(names, table, keys, "process", at),
        "process_node": ("process", names.text(table, "node", at)),
        "process_stage": ("process", names.text(table, "stage", at)),
        "process_stage_label": ("process", _at(own, at, stage_en)),
        "process_stage_label_zh": ("process", _at(own, at, stage_zh)),
    }


def label_coords(dims: dict[str, np.ndarray], data: ModelData,
                 rows: dict[str, np.ndarray] | None = None) -> dict[str, tuple]:
    """Route ends and mode, node country, process place and stage, and the names of
    materials, nodes, processes, stages, modes and routes in English (``*_label``) and Chinese
    (``*_label_zh``; the English name where the data has no Chinese one, the id where it
    has neither), for the cube's coordinates ``dims``; made with the cube (one alignment).
    ``rows``: the rows of a dimension's labels in its set, where known."""
    coords: dict[str, tuple] = {}
    names = _Names()
    rows = rows or {}
    if "route" in dims:
        coords.update(_route_coords(names, data, dims["route"], rows.get("route")))
    for dim in ("material", "node", "constraint", "process"):
        if dim not in dims:
            continue
        keys = dims[dim]
        if dim == "node":
            coords.update(_node_coords(names, data, keys, rows.get(dim)))
        elif dim == "process":
            coords.update(_process_coords(names, data, keys, rows.get(dim)))
        else:
            coords.update(_labelled(names, data.sets[dim], keys, dim, rows.get(dim)))
    return coords
