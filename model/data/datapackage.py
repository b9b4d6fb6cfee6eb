"""Data-package metadata generated from the catalogue.

- ``descriptor()``: a Frictionless ``datapackage.json`` (Table Schema: fields, primary keys,
  foreign keys) so that other tools can read and check the package.
- ``tables_markdown()``: the table-by-table reference inserted into ``inputs/README.md``.

``python -m model.data.datapackage inputs/`` rewrites both; a test fails when they are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from model.data.catalogue import Catalogue, ParamSpec, catalogue
from model.data.io import atomic_write

__all__ = ["descriptor", "tables_markdown", "update_package"]

BEGIN = "<!-- BEGIN GENERATED TABLE REFERENCE (python -m model.data.datapackage inputs) -->"
END = "<!-- END GENERATED TABLE REFERENCE -->"
PROVENANCE_FIELDS = [
    {"name": "value", "type": "number", "description": "The number, in the row's unit"},
    {"name": "unit", "type": "string", "description": "Unit of value (converted with pint)"},
    {"name": "source", "type": "string", "description": "Where the number comes from"},
    {"name": "confidence", "type": "string", "constraints": {"enum": ["H", "M", "L"]},
     "description": "H official/peer-reviewed, M trade press/vendor, L proxy/derived"},
]


def _dim_field(cat: Catalogue, dim: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": dim, "type": "integer" if dim == "year" else "string"}
    if dim in cat.enums:
        field["constraints"] = {"enum": list(cat.enums[dim])}
    return field


def _foreign_keys(cat: Catalogue, dims: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"fields": dim, "reference": {"resource": cat.sets[dim].file[:-4], "fields": dim}}
        for dim in dims
        if dim in cat.sets
    ]


def _param_resource(cat: Catalogue, spec: ParamSpec,
                    header: list[str] | None = None) -> dict[str, Any]:
    """The resource of a parameter table; an optional year column is described only where the
    file has it (``header``), and is then not part of the primary key (it may be empty)."""
    dims = list(spec.dims)
    if spec.year_optional and header is not None and "year" not in header:
        dims.remove("year")
    fields = [_dim_field(cat, d) for d in dims]
    if spec.year_optional and "year" in dims:
        fields[dims.index("year")]["constraints"] = {"required": False}
    schema: dict[str, Any] = {
        "fields": fields + PROVENANCE_FIELDS,
        "foreignKeys": _foreign_keys(cat, tuple(dims)),
    }
    if dims:
        schema["primaryKey"] = [d for d in dims if not (spec.year_optional and d == "year")]
    return {
        "name": spec.file[:-4],
        "path": spec.file,
        "description": f"{spec.description} Canonical unit: {spec.unit}.",
        "schema": schema,
    }


def descriptor(present: set[str] | None = None,
               headers: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The Frictionless descriptor for the files in ``present`` (default: every table);
    ``headers`` (the columns of each file) leaves out an optional year a file does not have."""
    cat = catalogue()
    resources = []
    for s in cat.sets.values():
        fields = [_dim_field(cat, s.key) if s.key == "year" else {"name": s.key, "type": "string"}]
        fields += [{"name": c, "type": "string", "description": info.get("description", "")}
                   for c, info in s.columns.items()]
        keys = [{"fields": c, "reference": {"resource": cat.sets[i["ref"]].file[:-4],
                                            "fields": i["ref"]}}
                for c, i in s.columns.items() if "ref" in i]
        resources.append({"name": s.file[:-4], "path": s.file, "description": s.description,
                          "schema": {"fields": fields, "primaryKey": [s.key],
                                     "foreignKeys": keys}})
    for r in cat.relations.values():
        resources.append({"name": r.file[:-4], "path": r.file, "description": r.description,
                          "schema": {"fields": [_dim_field(cat, d) for d in r.dims],
                                     "primaryKey": list(r.dims),
                                     "foreignKeys": _foreign_keys(cat, r.dims)}})
    resources += [_param_resource(cat, p, (headers or {}).get(p.file))
                  for p in cat.params.values()]
    if present is not None:
        resources = [r for r in resources if r["path"] in present]
    return {"name": "ziya-inputs", "profile": "tabular-data-package",
            "description": "ziya data package (see README.md)", "resources": resources}


def tables_markdown() -> str:
    """Reference of every table: file, columns, keys, canonical unit, default."""
    cat = catalogue()
    lines = ["## Table reference", "",
             "Entity tables (one row per element; the first column is the key):", ""]
    for s in cat.sets.values():
        cols = ", ".join(f"`{c}`" + (f" → `{i['ref']}`" if "ref" in i else "")
                         + (" (optional)" if i.get("optional") else "")
                         for c, i in s.columns.items())
        lines.append(f"- **`{s.file}`** (`{s.key}`{', ' + cols if cols else ''}): {s.description}")
    lines += ["", "Relations:", ""]
    lines += [f"- **`{r.file}`** ({', '.join(f'`{d}`' for d in r.dims)}): {r.description}"
              for r in cat.relations.values()]
    lines += ["", "Parameters (columns: the dimensions, then `value`, `unit`, `source`, "
              "`confidence`). *Default* applies to key combinations without a row; *none* means "
              "the combination does not exist. A key with rows for some model years needs a row "
              "for every model year (a gap is an error), except where the default says *fills "
              "missing years*. Only the limits whose default says *`inf` = no limit* take "
              "`inf` (no limit in that year); every other table refuses `inf`.", "",
              "| file | dimensions | canonical unit | default | range | description |",
              "|---|---|---|---|---|---|"]
    for p in cat.params.values():
        default = "required" if p.required else ("none" if p.default is None else f"{p.default:g}")
        default += "; fills missing years" if p.fill == "default" else ""
        default += "; `inf` = no limit" if p.unlimited else ""
        bounds = f"[{p.min:g}, {p.max:g}]"
        dims = ", ".join(f"{d} (optional)" if p.year_optional and d == "year" else d
                         for d in p.dims)
        lines.append(f"| `{p.file}` | {dims or '–'} | {p.unit} | {default} | "
                     f"{bounds} | {p.description} |")
    return "\n".join(lines) + "\n"


def update_package(path: Path) -> None:
    """Rewrite ``datapackage.json`` and the generated part of ``README.md`` in ``path``."""
    path = Path(path)
    present = {p.name for p in path.glob("*.csv")}
    text = json.dumps(descriptor(present, csv_headers(path)), indent=2, ensure_ascii=False) + "\n"
    atomic_write(path / "datapackage.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
    readme = path / "README.md"
    if readme.exists():
        new = splice_readme(readme.read_text(encoding="utf-8"))
        atomic_write(readme, lambda tmp: tmp.write_text(new, encoding="utf-8"))


def csv_headers(path: Path) -> dict[str, list[str]]:
    """The header of every CSV file in ``path``."""
    headers = {}
    for file in path.glob("*.csv"):
        with file.open(encoding="utf-8") as handle:
            headers[file.name] = handle.readline().strip().split(",")
    return headers


def splice_readme(text: str) -> str:
    """Replace (or append) the generated section of a README."""
    block = f"{BEGIN}\n\n{tables_markdown()}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        return head + block + rest.split(END, 1)[1]
    return text.rstrip() + "\n\n" + block + "\n"


if __name__ == "__main__":
    for folder in sys.argv[1:] or ["inputs"]:
        update_package(Path(folder))
