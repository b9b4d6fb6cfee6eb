"""Labels of the result cube's coordinates: route ends and mode, node country and region,
process place and stage, and the names of materials, nodes, processes, stages, modes, routes
and emission species in English (``*_label``) and Chinese (``*_label_zh``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData

__all__ = ["label_coords", "species_labels", "species_names"]


class _Names:
    """The English and Chinese name of each row of the set tables asked for, made once per
    table (a route's ends and the nodes are named from the same table): a row's ``label``
    (English), else its id; ``label_zh`` (Chinese), else the English name."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[pd.DataFrame, np.ndarray, np.ndarray]] = {}

    def of(self, table: pd.DataFrame, keys: np.ndarray, at: np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
        """English and Chinese names of ``keys`` (the key itself where it is not a row);
        ``at``: the keys' rows in ``table`` when known (-1: not in it)."""
        made = self._made.get(id(table))
        if made is None or made[0] is not table:
            ids = np.asarray(table.index, dtype=str).astype(object)
            en = _first_named(table, ("label",), ids)
            made = (table, en, _first_named(table, ("label_zh",), en))
            self._made[id(table)] = made
        own = np.asarray(keys, dtype=str).astype(object)
        at = _rows(table, own) if at is None else at
        return _at(own, at, made[1]), _at(own, at, made[2])


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


def _route_coords(names: _Names, data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    routes, nodes = data.sets["route"], data.sets["node"]
    at = _rows(routes, np.asarray(keys, dtype=str).astype(object))
    origin, destination = _taken(routes, "origin", at), _taken(routes, "destination", at)
    starts, ends = _rows(nodes, origin), _rows(nodes, destination)
    modes = _taken(routes, "mode", at).astype(str)
    mode_en, mode_zh = names.of(data.sets["mode"], modes)
    origin_en, origin_zh = names.of(nodes, origin, starts)
    destination_en, destination_zh = names.of(nodes, destination, ends)
    return {
        "origin": ("route", origin.astype(str)),
        "destination": ("route", destination.astype(str)),
        "exporter_country": ("route", _taken(nodes, "country", starts).astype(str)),
        "importer_country": ("route", _taken(nodes, "country", ends).astype(str)),
        "mode": ("route", modes),
        "mode_label": ("route", mode_en),
        "mode_label_zh": ("route", mode_zh),
        "route_label": ("route", _route_names(origin_en, destination_en, mode_en, "en")),
        "route_label_zh": ("route", _route_names(origin_zh, destination_zh, mode_zh, "zh")),
    }


def _node_coords(names: _Names, data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    table = data.sets["node"]
    at = _rows(table, np.asarray(keys, dtype=str).astype(object))
    return {
        **_labelled(names, table, keys, "node", at),
        "node_country": ("node", _filled(_taken(table, "country", at))),
        "node_region": ("node", _filled(_taken(table, "region", at))
                        if "region" in table else np.full(len(keys), "")),
    }


def _process_coords(names: _Names, data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    table = data.sets["process"]
    own = np.asarray(keys, dtype=str).astype(object)
    at = _rows(table, own)
    ids = np.asarray(table.index, dtype=str).astype(object)
    stage_en = _first_named(table, ("stage_label", "stage"), ids)
    stage_zh = _first_named(table, ("stage_label_zh",), stage_en)
    return {
        **_labelled(names, table, keys, "process", at),
        "process_node": ("process", _taken(table, "node", at).astype(str)),
        "process_stage": ("process", _taken(table, "stage", at).astype(str)),
        "process_stage_label": ("process", _at(own, at, stage_en)),
        "process_stage_label_zh": ("process", _at(own, at, stage_zh)),
    }


def label_coords(dims: dict[str, np.ndarray], data: ModelData) -> dict[str, tuple]:
    """Route ends and mode, node country, process place and stage, and the names of
    materials, nodes, processes, stages, modes and routes in English (``*_label``) and Chinese
    (``*_label_zh``; the English name where the data has no Chinese one, the id where it
    has neither), for the cube's coordinates ``dims``; made with the cube (one alignment)."""
    coords: dict[str, tuple] = {}
    names = _Names()
    if "route" in dims:
        coords.update(_route_coords(names, data, dims["route"]))
    for dim in ("material", "node", "constraint", "process"):
        if dim not in dims:
            continue
        keys = dims[dim]
        if dim == "node":
            coords.update(_node_coords(names, data, keys))
        elif dim == "process":
            coords.update(_process_coords(names, data, keys))
        else:
            coords.update(_labelled(names, data.sets[dim], keys, dim))
    return coords
