"""Labels of the result cube's coordinates: route ends and mode, node country and region,
process place and stage, and the names of materials, nodes, processes, stages, modes, routes
and emission species in English (``*_label``) and Chinese (``*_label_zh``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.data.codes import factorize
from model.data.dataset import ModelData

__all__ = ["label_coords", "species_labels", "species_names"]


def _names_in(table: pd.DataFrame, keys: np.ndarray, *languages: tuple[str, ...]
              ) -> list[np.ndarray]:
    """For each tuple of ``columns`` in ``languages``: the first non-empty of the columns for
    each key of ``table``, else the key itself. The keys are looked up once for all the
    languages, and once per distinct key (a route's ends and mode repeat a few nodes and
    modes)."""
    keys = np.asarray(keys, dtype=str).astype(object)  # as strings, hashed as objects
    codes, distinct = factorize(keys, use_na_sentinel=False)
    pos = table.index.get_indexer(distinct)
    return [_names_at(table, pos, distinct, *columns)[codes] for columns in languages]


_EN, _ZH = ("label",), ("label_zh", "label")  # a name's columns in English, in Chinese


def _names_at(table: pd.DataFrame, pos: np.ndarray, keys: np.ndarray, *columns: str
              ) -> np.ndarray:
    """``_names_in`` of one language with the keys' rows of ``table`` given (``pos``, -1: not
    in the table)."""
    names = np.asarray(keys, dtype=str).astype(object)
    for column in reversed(columns):
        if column in table.columns:
            values = _column_at(table, column, pos)
            names = np.where(values != "", values, names)
    return names.astype(str)


def _column_at(table: pd.DataFrame, column: str, pos: np.ndarray) -> np.ndarray:
    """``table[column]`` at rows ``pos`` as strings ("" where missing or ``pos`` is -1)."""
    values = table[column].to_numpy(dtype=object, na_value="")
    if not len(values):
        return np.full(len(pos), "", dtype=object)
    taken = values[np.maximum(pos, 0)].astype(str).astype(object)
    taken[pos < 0] = ""
    return taken


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
    en, zh = _names_in(data.sets["species"], keys, _EN, _ZH)
    return {"species_label": ("species", en), "species_label_zh": ("species", zh)}


def _labelled(table: pd.DataFrame, keys: np.ndarray, dim: str) -> dict[str, tuple]:
    """``<dim>_label`` and ``<dim>_label_zh`` of ``keys`` from ``table``."""
    en, zh = _names_in(table, keys, _EN, _ZH)
    return {f"{dim}_label": (dim, en), f"{dim}_label_zh": (dim, zh)}


def _route_coords(data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    routes = data.sets["route"].reindex(keys)
    origin = routes["origin"].to_numpy(dtype=str)
    destination = routes["destination"].to_numpy(dtype=str)
    modes = routes["mode"].to_numpy(dtype=str)
    nodes, country = data.sets["node"], data.sets["node"]["country"]
    mode_en, mode_zh = _names_in(data.sets["mode"], modes, _EN, _ZH)
    origin_en, origin_zh = _names_in(nodes, origin, _EN, _ZH)
    destination_en, destination_zh = _names_in(nodes, destination, _EN, _ZH)
    return {
        "origin": ("route", origin),
        "destination": ("route", destination),
        "exporter_country": ("route", routes["origin"].map(country).to_numpy(dtype=str)),
        "importer_country": ("route", routes["destination"].map(country).to_numpy(dtype=str)),
        "mode": ("route", modes),
        "mode_label": ("route", mode_en),
        "mode_label_zh": ("route", mode_zh),
        "route_label": ("route", _route_names(origin_en, destination_en, mode_en, "en")),
        "route_label_zh": ("route", _route_names(origin_zh, destination_zh, mode_zh, "zh")),
    }


def _node_coords(data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    table = data.sets["node"]
    nodes = table.reindex(keys)
    return {
        **_labelled(table, keys, "node"),
        "node_country": ("node", nodes["country"].fillna("").to_numpy(dtype=str)),
        "node_region": ("node", nodes["region"].fillna("").to_numpy(dtype=str)
                        if "region" in nodes else np.full(len(keys), "")),
    }


def _process_coords(data: ModelData, keys: np.ndarray) -> dict[str, tuple]:
    table = data.sets["process"]
    procs = table.reindex(keys)
    stages = table.assign(stage_id=table["stage"])
    pos = stages.index.get_indexer(np.asarray(keys, dtype=str))
    return {
        **_labelled(table, keys, "process"),
        "process_node": ("process", procs["node"].to_numpy(dtype=str)),
        "process_stage": ("process", procs["stage"].to_numpy(dtype=str)),
        "process_stage_label": ("process",
                                _names_at(stages, pos, keys, "stage_label", "stage_id")),
        "process_stage_label_zh": ("process", _names_at(stages, pos, keys, "stage_label_zh",
                                                        "stage_label", "stage_id")),
    }


def label_coords(dims: dict[str, np.ndarray], data: ModelData) -> dict[str, tuple]:
    """Route ends and mode, node country, process place and stage, and the names of
    materials, nodes, processes, stages, modes and routes in English (``*_label``) and Chinese
    (``*_label_zh``; the English name where the data has no Chinese one, the id where it
    has neither), for the cube's coordinates ``dims``; made with the cube (one alignment)."""
    coords: dict[str, tuple] = {}
    if "route" in dims:
        coords.update(_route_coords(data, dims["route"]))
    for dim in ("material", "node", "constraint", "process"):
        if dim not in dims:
            continue
        keys = dims[dim]
        if dim == "node":
            coords.update(_node_coords(data, keys))
        elif dim == "process":
            coords.update(_process_coords(data, keys))
        else:
            coords.update(_labelled(data.sets[dim], keys, dim))
    return coords
