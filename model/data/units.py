"""Units at the boundary: parse the ``unit`` column with pint and convert to canonical units.

The model itself is unitless; every number is converted here, once, when a table is read.
pint's own ``kt`` is a knot; ziya's registry (``units.txt``) redefines it as a kilotonne.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import pint

__all__ = ["UnitError", "conversion_factor", "registry"]

_AMBIGUOUS = frozenset({"ton", "tons", "kton", "short_ton", "long_ton", "ton_TNT"})


class UnitError(ValueError):
    """A unit string that cannot be parsed or converted to the canonical unit."""


@functools.cache
def registry() -> pint.UnitRegistry:
    """Return the project unit registry (pint defaults plus ``units.txt``)."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(on_redefinition="ignore",
                                                 autoconvert_offset_to_baseunit=False)
    text = resources.files("model.data").joinpath("units.txt").read_text(encoding="utf-8")
    ureg.load_definitions(text.splitlines())
    return ureg


@functools.cache
def conversion_factor(unit: str, canonical: str) -> float:
    """Return the factor that converts a value in ``unit`` to ``canonical``.

    >>> conversion_factor("kt", "t")
    1000.0
    >>> conversion_factor("kgCO2e/(t*km)", "tCO2e/(t*km)")
    0.001
    """
    ureg = registry()
    ambiguous = _AMBIGUOUS.intersection(re.findall(r"[A-Za-z_]+", unit))
    if ambiguous:
        raise UnitError(
            f"ambiguous unit {unit!r}: {sorted(ambiguous)[0]!r} is a short or long ton; "
            "write t (tonne), kt or Mt"
        )
    try:
        quantity = ureg.Quantity(1.0, unit)
    except Exception as exc:  # pint raises several types for bad strings
        raise UnitError(f"unknown unit {unit!r}") from exc
    try:
        return float(quantity.to(canonical).magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"unit {unit!r} cannot be converted to {canonical!r} (different dimensions)"
        ) from exc
    except Exception as exc:  # a canonical unit made of a material's bad unit (reported there)
        raise UnitError(f"unit {unit!r} cannot be converted to {canonical!r}") from exc
