"""The parameter catalogue (``catalogue.yaml``): tables, columns, keys, canonical units."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

__all__ = ["COUNTRY_DIMS", "Catalogue", "ParamSpec", "RelationSpec", "SetSpec", "catalogue"]

#: Dimensions whose labels are the countries of nodes.csv (column ``country``).
COUNTRY_DIMS = ("country", "exporter", "importer")

# none: a key with rows for some model years must have them for all (gaps are errors);
# default: years without a row take the catalogue default, and each filled year is reported.
FILL_RULES = ("none", "default")


@dataclass(frozen=True)
class SetSpec:
    """An entity table: one row per element, keyed by ``key``."""

    name: str
    file: str
    key: str
    description: str
    dtype: str = "str"
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    optional: bool = False


@dataclass(frozen=True)
class RelationSpec:
    """A table of allowed key combinations (no numbers)."""

    name: str
    file: str
    dims: tuple[str, ...]
    description: str
    columns: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ParamSpec:
    """A parameter table: ``dims`` columns, then value, unit, source, confidence."""

    name: str
    file: str
    dims: tuple[str, ...]
    unit: str
    description: str
    default: float | None = None
    min: float = -math.inf
    max: float = math.inf
    required: bool = False
    fill: str = "none"  # how years without a row are filled: none (an error) or default
    unlimited: bool = False  # a written ``inf`` means no limit (implied by a default of inf)
    year_optional: bool = False  # a row without a year holds in every year a dated row leaves


@dataclass(frozen=True)
class Catalogue:
    """All table specifications of a data package."""

    sets: dict[str, SetSpec]
    relations: dict[str, RelationSpec]
    params: dict[str, ParamSpec]
    enums: dict[str, tuple[str, ...]]
    free_dims: tuple[str, ...] = ()
    int_dims: tuple[str, ...] = ()

    def files(self) -> dict[str, str]:
        """Map each file name to the table it holds."""
        names: dict[str, str] = {s.file: n for n, s in self.sets.items()}
        names.update({r.file: n for n, r in self.relations.items()})
        names.update({p.file: n for n, p in self.params.items()})
        return names


def _param(name: str, raw: dict[str, Any]) -> ParamSpec:
    default = raw.get("default")
    return ParamSpec(
        name=name,
        file=raw["file"],
        dims=tuple(raw["dims"]),
        unit=str(raw["unit"]),
        description=" ".join(str(raw["description"]).split()),
        default=None if default is None else float(default),
        min=float(raw.get("min", -math.inf)),
        max=float(raw.get("max", math.inf)),
        required=bool(raw.get("required", False)),
        fill=_fill(name, raw),
        unlimited=_unlimited(name, raw),
        year_optional=_year_optional(name, raw),
    )


def _year_optional(name: str, raw: dict[str, Any]) -> bool:
    """Whether the year column may be left out or empty (``year: optional``).

    A row without a year holds in every model year that has no row of its own for the key:
    a constant with dated exceptions (a yield that improves from 2030, a regulatory step).
    """
    if raw.get("year", "required") not in ("required", "optional"):
        raise ValueError(f"catalogue.yaml: parameter {name!r}: year must be required or optional")
    optional = raw.get("year") == "optional"
    if optional and (not raw["dims"] or raw["dims"][-1] != "year"):
        raise ValueError(f"catalogue.yaml: parameter {name!r}: an optional year must be the "
                         "last dimension")
    return optional


def _unlimited(name: str, raw: dict[str, Any]) -> bool:
    """Whether ``inf`` means "no limit": stated by ``unlimited: true`` or a default of inf.

    Only an upper bound (``max`` inf) can be unlimited.
    """
    default = raw.get("default")
    unlimited = bool(raw.get("unlimited", default is not None and math.isinf(float(default))))
    if unlimited and not math.isinf(float(raw.get("max", math.inf))):
        raise ValueError(f"catalogue.yaml: parameter {name!r}: `unlimited` needs max .inf")
    return unlimited


def _fill(name: str, raw: dict[str, Any]) -> str:
    """The parameter's rule for years without a row (only for year-indexed parameters)."""
    fill = str(raw.get("fill", "none"))
    if fill not in FILL_RULES or (fill != "none" and ("year" not in raw["dims"]
                                                      or raw.get("default") is None)):
        raise ValueError(f"catalogue.yaml: parameter {name!r}: fill must be one of "
                         f"{', '.join(FILL_RULES)}, and a fill rule needs a year dimension "
                         f"and a default; got {fill!r}")
    return fill


@functools.cache
def catalogue() -> Catalogue:
    """Load and cache the catalogue shipped with the package."""
    text = resources.files("model.data").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    raw = YAML(typ="safe", pure=True).load(text)
    sets = {
        n: SetSpec(
            name=n,
            file=s["file"],
            key=s["key"],
            description=" ".join(str(s["description"]).split()),
            dtype=s.get("dtype", "str"),
            columns=s.get("columns", {}),
            optional=bool(s.get("optional", False)),
        )
        for n, s in raw["sets"].items()
    }
    relations = {
        n: RelationSpec(n, r["file"], tuple(r["dims"]), " ".join(str(r["description"]).split()),
                        r.get("columns", {}))
        for n, r in raw["relations"].items()
    }
    params = {n: _param(n, p) for n, p in raw["parameters"].items()}
    enums = {n: tuple(v) for n, v in raw["enums"].items()}
    free = tuple(raw.get("free_dims", []))
    ints = tuple(raw.get("int_dims", []))
    return Catalogue(sets=sets, relations=relations, params=params, enums=enums, free_dims=free,
                     int_dims=ints)
