"""Generate ``docs/formulation.md`` from the constraint blocks' docstrings.

``python -m model.docs > docs/formulation.md`` (or ``make docs``); a test fails when the
committed page differs from what this prints.
"""

from __future__ import annotations

import inspect
import re
import sys

from model.blocks import BLOCKS, build_program
from model.data import composition, quantities, species
from model.data.catalogue import catalogue

__all__ = ["formulation_markdown"]


_MATH = re.compile(r":math:`([^`]*)`")
_CODE = re.compile(r"``([^`]*)``")


def _inline(text: str) -> str:
    return _CODE.sub(r"`\1`", _MATH.sub(r"$\1$", text))


def _table(lines: list[str]) -> list[str]:
    """Convert an RST simple table (rules of ``=``) to a Markdown pipe table."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"=+", lines[0])]

    def cells(line: str) -> list[str]:
        edges = [a for a, _ in spans[1:]] + [len(line) + 1]
        starts = [a for a, _ in spans]
        return [_inline(line[a:b].strip()).replace("|", "\\|")
                for a, b in zip(starts, edges, strict=True)]

    rows = [cells(line) for line in lines if line.strip() and not set(line.strip()) <= {"=", " "}]
    head, body = rows[0], rows[1:]
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(r) + " |" for r in body)]


def _rst_to_md(doc: str) -> str:
    """Turn ``.. math::`` directives into ``$$`` blocks and simple tables into pipe tables."""
    out: list[str] = []
    lines = inspect.cleandoc(doc).splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith(".. math::"):
            i += 1
            label, body = "", []
            while i < len(lines) and (lines[i].startswith("   ") or not lines[i].strip()):
                text = lines[i].strip()
                if text.startswith(":label:"):
                    label = text.split(":label:")[1].strip()
                elif text:
                    body.append(text)
                i += 1
            out += ([f"**({label})**", ""] if label else []) + ["$$", *body, "$$", ""]
            continue
        if line.startswith("===") and set(line.strip()) <= {"=", " "}:
            j = i + 1
            rules = 1
            while j < len(lines) and rules < 3:
                rules += lines[j].startswith("===")
                j += 1
            out += _table(lines[i:j])
            i = j
            continue
        out.append(_inline(line))
        i += 1
    return "\n".join(out)


def formulation_markdown() -> str:
    """The whole formulation page as Markdown."""
    parts = [
        "# ziya formulation",
        "",
        "Generated from the docstrings of `model/blocks/*.py` (the recipe and objective:",
        "`model/blocks/recipe.py`) by `python -m model.docs`; do not edit by hand.",
        "Sets: `model/data/sets.py`. Units: every parameter is converted to the canonical unit",
        "below when the data package is read.",
        "",
    ]
    for add in (*BLOCKS, build_program):
        title = add.__name__
        parts += [f"## `{title}` ({add.__module__})", "", _rst_to_md(add.__doc__ or ""), ""]
    for module in (quantities, composition, species):
        parts += [f"## `{module.__name__}`", "", _rst_to_md(module.__doc__ or ""), ""]
    parts += ["## Parameters", "", "| parameter | dims | canonical unit | default | description |",
              "|---|---|---|---|---|"]
    for name, spec in catalogue().params.items():
        default = "required" if spec.required else ("none" if spec.default is None
                                                    else f"{spec.default:g}")
        parts.append(f"| `{name}` | {', '.join(spec.dims) or '-'} | {spec.unit} | {default} | "
                     f"{spec.description} |")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(formulation_markdown())
