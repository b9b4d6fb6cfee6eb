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


def rewrite(name: str, drop: Callable[[Row], bool], rows: Iterable[Row],
            header: list[str] | None = None) -> None:
    """Keep the rows of ``inputs/<name>.csv`` that ``drop`` rejects and append ``rows``
    (``header`` creates the file when it does not exist yet)."""
    path = INPUTS / f"{name}.csv"
    if path.exists():
        with path.open(newline="") as f:
            table = list(csv.reader(f))
        header, body = table[0], [r for r in table[1:] if not drop(r)]
    else:
        assert header is not None, f"{path} does not exist and no header was given"
        body = []
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body + list(rows))


def process_tables(process: str, *, cost: Spec, electricity: Spec, invest: Spec,
                   lifetime: Spec, capacity: Spec, max_new: Spec) -> None:
    """The per-process parameter rows of a new process (capacities for every model year)."""
    mine = lambda r: r[0] == process  # noqa: E731
    for name, spec in (("process_cost", cost), ("process_electricity", electricity),
                       ("process_invest_cost", invest), ("process_lifetime", lifetime)):
        rewrite(name, mine, [[process, *spec]])
    for name, spec in (("process_capacity", capacity), ("process_max_new_capacity", max_new)):
        rewrite(name, mine, [[process, year, *spec] for year in YEARS])
