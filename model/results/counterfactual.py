"""The counterfactual of a result: by default the result of the scenario it ``extends``.

A scenario file that ``extends`` another records that file (``parent`` in the cube's
``scenario_resolved``). Its counterfactual is the parent's result file next to it,
``<folder>/<parent name>.nc``, if that file is fresh: written for the parent scenario as it
reads now (same scenario hash) from the same data (same input hash). ``ziya run`` solves and
writes the parent when a report needs it and no fresh result exists.
"""

from __future__ import annotations

import json
from pathlib import Path

import xarray as xr

from model.data.scenarios import Scenario, load_scenario
from model.errors import InputError

__all__ = ["fresh", "parent_file", "parent_scenario", "parent_result_path", "read_counterfactual"]


def parent_file(ds: xr.Dataset) -> str:
    """The file the result's scenario extends ('' when it extends nothing)."""
    try:
        resolved = json.loads(str(ds.attrs.get("scenario_resolved", "{}")) or "{}")
    except json.JSONDecodeError:
        return ""
    return str(resolved.get("parent") or "")


def parent_scenario(ds: xr.Dataset) -> Scenario | None:
    """The scenario the result's scenario extends, read from its file (None: no parent, or
    the file can no longer be read)."""
    parent = parent_file(ds)
    if not parent:
        return None
    try:
        return load_scenario(parent)
    except InputError:
        return None


def parent_result_path(parent: Scenario, result: Path) -> Path:
    """Where the parent's result lives: beside ``result``, named after the parent."""
    return Path(result).parent / f"{parent.name}.nc"


def fresh(candidate: xr.Dataset, parent: Scenario, input_hash: str) -> bool:
    """Whether ``candidate`` is the parent scenario as it reads now, solved on the same data."""
    return (candidate.attrs.get("scenario_hash") == parent.digest()
            and candidate.attrs.get("input_hash") == input_hash)


def read_counterfactual(ds: xr.Dataset, result: Path) -> tuple[xr.Dataset | None, str]:
    """The fresh result of ``ds``'s parent beside ``result``, and a note saying why there is
    none ('' when found)."""
    from model.results.cube import read_results

    parent = parent_scenario(ds)
    if parent is None:
        return None, ""
    path = parent_result_path(parent, result)
    if not path.is_file():
        return None, f"no result of the counterfactual '{parent.name}' at {path}"
    candidate = read_results(path)
    if not fresh(candidate, parent, str(ds.attrs.get("input_hash", ""))):
        return None, (f"{path} is not the counterfactual '{parent.name}' as it reads now (its "
                      "scenario or data changed); solve it again")
    return candidate, ""
