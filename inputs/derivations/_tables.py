"""Helpers shared by the derivation scripts: rewrite a table's rows idempotently."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

INPUTS = Path(__file__).resolve().parents[1]
YEARS = range(2025, 2041)
Row = list

# (value, unit, source, confidence, note) of one parameter row
Spec = tuple[float, str, str, str, str]


def read(name: str) -> tuple[list[str], list[Row]]:
    """Header and rows of ``inputs/<name>.csv``."""
    with (INPUTS / f"{name}.csv").open(newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def write(name: str, header: list[str], rows: Iterable[Row]) -> None:
    """Write ``inputs/<name>.csv`` (LF line ends, as committed)."""
    with (INPUTS / f"{name}.csv").open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


#: Columns written by hand (translations), not by the scripts: a rewritten row keeps them.
HAND_ADDED = ("label_zh", "stage_label", "stage_label_zh")


def rewrite(name: str, drop: Callable[[Row], bool], rows: Iterable[Row],
            header: list[str] | None = None) -> None:
    """Keep the rows of ``inputs/<name>.csv`` that ``drop`` rejects and append ``rows``
    (``header`` creates the file when it does not exist yet).

    A new row that stops where the hand-written columns (``HAND_ADDED``, at the end of the
    header) begin keeps their cells from the dropped row with the same key (first column).
    """
    kept: dict[str, Row] = {}
    if (INPUTS / f"{name}.csv").exists():
        header, body = read(name)
        kept = {r[0]: r for r in body if drop(r)}
        body = [r for r in body if not drop(r)]
    else:
        assert header is not None, f"inputs/{name}.csv does not exist and no header was given"
        body = []
    write(name, header, body + [_hand_added(header, list(r), kept) for r in rows])


def _hand_added(header: list[str], row: Row, kept: dict[str, Row]) -> Row:
    missing = header[len(row):]
    if not missing or not all(c in HAND_ADDED for c in missing):
        return row
    old = kept.get(str(row[0]), [])
    return row + [old[i] if i < len(old) else "" for i in range(len(row), len(header))]


def process_tables(process: str, *, cost: Spec, electricity: Spec, invest: Spec,
                   lifetime: Spec, capacity: Spec, max_new: Spec) -> None:
    """The per-process parameter rows of a new process (capacities for every model year)."""
    mine = lambda r: r[0] == process  # noqa: E731
    for name, spec in (("process_cost", cost), ("process_electricity", electricity),
                       ("process_invest_cost", invest), ("process_lifetime", lifetime)):
        rewrite(name, mine, [[process, *spec]])
    for name, spec in (("process_capacity", capacity), ("process_max_new_capacity", max_new)):
        rewrite(name, mine, [[process, year, *spec] for year in YEARS])
