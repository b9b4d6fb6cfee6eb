"""The project's exception hierarchy.

Input problems are collected and raised once, as a bulleted list grouped by file, so that an
analyst fixes a spreadsheet in one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "AuditError",
    "InputError",
    "ModelWarning",
    "Problem",
    "ScenarioError",
    "SolveError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where, what was found, which rule, how to fix it.

    ``rank`` orders the list: 0 for a root cause that other problems may follow from (listed
    first), 1 for the rest, 2 for a summary of problems not listed (listed last).
    """

    file: str
    rule: str
    row: int | None = None  # 1-based line number in the file (header is line 1)
    key: str = ""
    column: str = ""
    value: object = None
    fix: str = ""
    rank: int = field(default=1, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" line {self.row}"
        if self.key:
            where += f" ({self.key})"
        what = f"column '{self.column}'" if self.column else ""
        if self.value is not None:
            what += f" = {self.value!r}" if what else f"value {self.value!r}"
        text = f"{where}: {what + ': ' if what else ''}{self.rule}"
        return text + (f". {self.fix}" if self.fix else "")


def _bullets(header: str, problems: Iterable[Problem | str]) -> str:
    ranks: dict[str, int] = {}
    for p in problems:
        rank = p.rank if isinstance(p, Problem) else 1
        ranks[str(p)] = min(ranks.get(str(p), rank), rank)
    items = sorted(ranks, key=lambda text: (ranks[text], text))
    return header + "\n" + "\n".join(f"  - {item}" for item in items)


class InputError(ValueError):
    """A data package breaks one or more rules; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem], header: str = "invalid input data") -> None:
        self.problems = list(problems)
        count = len({str(p) for p in self.problems})
        super().__init__(_bullets(f"{header} ({count} problem{'s' * (count != 1)}):", problems))


class ScenarioError(InputError):
    """A scenario file is malformed or points at something that does not exist.

    A subclass of ``InputError``, so ``except InputError`` catches every input problem.
    """

    def __init__(self, problems: list[Problem], header: str = "invalid scenario") -> None:
        super().__init__(problems, header=header)


class SolveError(RuntimeError):
    """The solver did not return an optimal solution."""

    def __init__(self, message: str, termination: str = "unknown") -> None:
        self.termination = termination
        super().__init__(message)


class AuditError(RuntimeError):
    """The independent post-solve audit found a mass or cost balance that does not close."""


class ModelWarning(UserWarning):
    """Something suspicious that does not stop the model."""
