"""Shared fixtures. Every test carries exactly one of the markers unit, component, integration."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
LEVELS = ("unit", "component", "integration")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder and insist on exactly one level marker (IDAES style)."""
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder in LEVELS and not any(item.get_closest_marker(m) for m in LEVELS):
            item.add_marker(getattr(pytest.mark, folder))
        found = [m for m in LEVELS if item.get_closest_marker(m)]
        if len(found) != 1:
            raise pytest.UsageError(f"{item.nodeid} needs exactly one of {LEVELS}, has {found}")


Edit = str | Callable[[str], str]


@pytest.fixture
def package(tmp_path: Path) -> Callable[..., Path]:
    """Copy a data package under tests/data (default: toy) and apply edits to its files.

    An edit is the new file text, a function of the old text, or None to delete the file.
    """

    count = iter(range(1000))

    def make(base: str = "toy", **edits: Edit | None) -> Path:
        target = tmp_path / f"{base}{next(count)}"
        shutil.copytree(DATA / base, target)
        for stem, edit in edits.items():
            path = target / f"{stem}.csv"
            if edit is None:
                path.unlink()
            elif callable(edit):
                path.write_text(edit(path.read_text() if path.exists() else ""))
            else:
                path.write_text(edit)
        return target

    return make


@pytest.fixture
def scenario_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a scenario YAML next to nothing; ``inputs`` is given explicitly."""

    def make(text: str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return make
