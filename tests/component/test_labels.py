"""The cube's coordinate labels: those taken at the labels' known set rows (what the cube
passes) equal those found by looking the labels up, and name routes by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.data.dataset import ModelData
from model.data.validate import load_data
from model.results.labels import label_coords

DATA = Path(__file__).resolve().parents[1] / "data"
INPUTS = Path(__file__).resolve().parents[2] / "inputs"  # names in English and Chinese


def _dims(data: ModelData, extra: str | None = None) -> dict[str, np.ndarray]:
    dims = {dim: np.sort(np.asarray(data.sets[dim].index, dtype=object))
            for dim in ("route", "node", "process", "material")}
    if extra is not None:  # a label that is in no set: named by itself
        dims = {dim: np.append(keys, extra).astype(object) for dim, keys in dims.items()}
    return dims


def _same(found: dict, taken: dict) -> None:
    assert list(found) == list(taken)
    for name, (dim, values) in found.items():
        assert taken[name][0] == dim, name
        np.testing.assert_array_equal(np.asarray(values, dtype=str),
                                      np.asarray(taken[name][1], dtype=str), err_msg=name)


def test_labels_taken_at_known_rows_equal_the_labels_looked_up() -> None:
    for path in (INPUTS, DATA / "toy", DATA / "multi", DATA / "steelt"):
        data = load_data(path)
        dims = _dims(data)
        rows = {dim: data.sets[dim].index.get_indexer(keys) for dim, keys in dims.items()}
        _same(label_coords(dims, data), label_coords(dims, data, rows))


def test_a_label_in_no_set_is_named_by_itself_either_way() -> None:
    data = load_data(DATA / "toy")
    dims = _dims(data, extra="elsewhere")
    rows = {dim: data.sets[dim].index.get_indexer(keys) for dim, keys in dims.items()}
    assert all((r[-1] == -1) for r in rows.values())
    found, taken = label_coords(dims, data), label_coords(dims, data, rows)
    _same(found, taken)
    assert taken["node_label"][1][-1] == "elsewhere"
    assert taken["origin"][1][-1] == "nan"  # an unknown route has no ends


def test_a_route_is_named_by_its_ends_and_mode() -> None:
    data = load_data(DATA / "toy")
    dims = _dims(data)
    rows = {dim: data.sets[dim].index.get_indexer(keys) for dim, keys in dims.items()}
    coords = label_coords(dims, data, rows)
    routes, nodes, modes = data.sets["route"], data.sets["node"], data.sets["mode"]

    def name(table: pd.DataFrame, key: str) -> str:
        label = table.loc[key, "label"] if "label" in table else None
        return str(label) if isinstance(label, str) and label else key

    for i, route in enumerate(dims["route"]):
        origin, destination, mode = routes.loc[route, ["origin", "destination", "mode"]]
        assert coords["route_label"][1][i] == (
            f"{name(nodes, origin)} → {name(nodes, destination)} ({name(modes, mode)})")
        assert coords["exporter_country"][1][i] == nodes.loc[origin, "country"]
