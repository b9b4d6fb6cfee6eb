"""Which parameters a cross-table rule reads, kept with the data package.

A scenario re-runs only the rules whose tables its overrides changed
(``model.data.scenarios``), so it needs each rule's reads on the data before the overrides.
``load_data`` records them as it runs the rules, so the first scenario of a process does not
run every rule again only to learn what it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from model.data.dataset import ModelData
from model.errors import Problem

__all__ = ["Reads", "checked", "reads_of"]

Rule = Callable[[ModelData, list[Problem]], None]


class Reads(dict[str, pd.Series]):
    """The parameters of ``ModelData``, recording which ones a rule reads."""

    def __init__(self, params: dict[str, pd.Series]) -> None:
        super().__init__(params)
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> pd.Series:
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:  # noqa: D102
        self.read.add(name)
        return super().get(name, default)


def _recorded(data: ModelData, rule: Rule, problems: list[Problem]) -> frozenset[str]:
    reads = Reads(data.params)
    rule(replace(data, params=reads), problems)
    return frozenset(reads.read)


def _kept(data: ModelData, rule: Rule, compute: Callable[[], frozenset[str]]) -> frozenset[str]:
    """``compute()``, kept in ``data.derived`` while every parameter is the same object (a
    sweep's members share their base's)."""
    return data.derived.get(  # type: ignore[no-any-return]
        f"reads:{rule.__name__}", tuple(data.params.values()), compute)


def checked(data: ModelData, rule: Rule, problems: list[Problem]) -> None:
    """Run ``rule`` on ``data`` (its problems into ``problems``), keeping what it read."""
    found = _recorded(data, rule, problems)
    _kept(data, rule, lambda: found)


def reads_of(data: ModelData, rule: Rule) -> frozenset[str]:
    """The parameters ``rule`` reads on ``data`` (run once to find out, unless kept)."""
    return _kept(data, rule, lambda: _recorded(data, rule, []))
