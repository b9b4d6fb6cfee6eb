"""Names instead of ids: the display names of a result cube's materials, places, processes,
stages and transport modes in the report's language.

The names are the cube's label coordinates (``material_label``, ``material_label_zh``, ...),
which come from the data package's ``label`` and ``label_zh`` columns. An id without a name (a
cube written before the labels, or a data package without them) stands for itself.
"""

from __future__ import annotations

import xarray as xr

__all__ = ["KINDS", "names"]

#: What can be named: (coordinate holding the ids, coordinate holding the English names).
KINDS = {
    "material": ("material", "material_label"),
    "node": ("node", "node_label"),
    "process": ("process", "process_label"),
    "stage": ("process_stage", "process_stage_label"),
    "mode": ("mode", "mode_label"),
    "route": ("route", "route_label"),
    "constraint": ("constraint", "constraint_label"),
    "species": ("species", "species_label"),
}


class Names(dict[str, str]):
    """Display name of each id; an unknown id is its own name."""

    def __missing__(self, key: str) -> str:
        return str(key)


def names(ds: xr.Dataset, kind: str, lang: str) -> Names:
    """The display names of the ids of ``kind`` (see ``KINDS``) in ``lang``."""
    ids, english = KINDS[kind]
    if ids not in ds.coords:
        return Names()
    wanted = [english + "_zh", english] if lang == "zh" else [english]
    column = next((c for c in wanted if c in ds.coords), None)
    keys = [str(k) for k in ds[ids].to_numpy()]
    if column is None:
        return Names()
    values = [str(v) for v in ds[column].to_numpy()]
    return Names({k: v or k for k, v in zip(keys, values, strict=True)})
