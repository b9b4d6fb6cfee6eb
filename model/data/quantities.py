"""What a material and a process's activity are counted in: tonnes, or their own unit.

A material whose ``unit`` in ``materials.csv`` is not ``t`` (electricity in MWh, labour in h,
parts in pieces) is still a commodity of the network: it is supplied, moved, processed and
sold like any other, but it carries no mass. In every parameter keyed by such a material the
``t`` that counts the material stands for its unit (a price of ``CNY/MWh``, a supply of
``MWh/yr``), and mass closure of processes leaves it out.

Likewise a process with no material in tonnes may count its activity in its own
``activity_unit`` (``processes.csv``; e.g. ``piece``): its capacity is then in ``piece/yr``,
its cost in ``CNY/piece`` and its transfer coefficients per piece (``h/piece``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from model.data.units import registry

__all__ = ["MASS_UNIT", "Counting", "activity_units", "mass_materials", "material_unit_problem",
           "material_units"]

MASS_UNIT = "t"
_TONNE = re.compile(r"(?<![A-Za-z0-9_])t(?![A-Za-z0-9_])")
# Tables whose tonnes are not those of their material or activity (element per tonne,
# tonnes per item, a group's weight).
_MASS_ONLY = frozenset({"material_composition", "return_share", "product_unit_mass"})


def _units(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series(MASS_UNIT, index=table.index, dtype=object, name=column)
    units = table[column].astype(object).fillna("").astype(str).str.strip()
    return units.mask(units == "", MASS_UNIT).rename(column)


def material_units(materials: pd.DataFrame) -> pd.Series:
    """The unit of each material (``t`` where the optional column is absent or empty)."""
    return _units(materials, "unit")


def activity_units(processes: pd.DataFrame) -> pd.Series:
    """The unit of each process's activity (``t`` unless ``activity_unit`` says otherwise)."""
    return _units(processes, "activity_unit")


def mass_materials(materials: pd.DataFrame) -> pd.Index:
    """The materials counted in tonnes."""
    units = material_units(materials)
    return units.index[units == MASS_UNIT]


def material_unit_problem(unit: str) -> str | None:
    """Why ``unit`` cannot count a material or an activity other than in t, or None."""
    if unit == MASS_UNIT:
        return None
    try:
        quantity = registry().parse_expression(unit)  # numbers too: '2025', '1000 h'
    except Exception:  # pint raises several types for bad strings
        return f"unknown unit {unit!r}"
    if getattr(quantity, "magnitude", None) != 1:  # a plain number, or a unit times one
        return f"not a unit: {unit!r} has a number in it (write a unit such as MWh, h or piece)"
    if quantity.dimensionality == registry().Quantity(1.0, MASS_UNIT).dimensionality:
        return f"a mass is counted in {MASS_UNIT} (got {unit!r})"
    return None


def _bracket(unit: str) -> str:
    return unit if re.fullmatch(r"[A-Za-z_]+", unit) else f"({unit})"


@dataclass(frozen=True)
class Counting:
    """The unit of each material and of each process's activity."""

    materials: pd.Series
    activities: pd.Series

    def row_units(self, name: str, canonical: str, dims: tuple[str, ...],
                  frame: pd.DataFrame) -> pd.Series:
        """Each row's canonical unit: the catalogue's, with the tonne that counts the row's
        material (or, in a table keyed by process only, the process's activity) replaced by
        its unit. ``process_io`` is material per activity, ``process_species_emissions``
        tonnes of species per unit of its basis (activity or a material)."""
        plain = pd.Series(canonical, index=frame.index, dtype=object)
        if name in _MASS_ONLY or not _TONNE.search(canonical):
            return plain
        activity = (frame["process"].map(self.activities).fillna(MASS_UNIT)
                    if "process" in dims else None)
        if name == "process_io" and activity is not None:
            material = frame["material"].map(self.materials).fillna(MASS_UNIT)
            return material.map(_bracket) + "/" + activity.map(_bracket)
        if name == "process_species_emissions" and activity is not None:
            basis = frame["basis"].map(self.materials).fillna(activity)
            return "t/" + basis.map(_bracket)
        if "material" in dims:
            unit = frame["material"].map(self.materials).fillna(MASS_UNIT)
        elif activity is not None:
            unit = activity
        else:
            return plain
        return unit.map(lambda u: _TONNE.sub(_bracket(u), canonical))
