"""Numbers for people, in one place: reports, chart axes and the command line, in both languages.

Money reads ``41.04 bn CNY`` / ``410.44 亿元``, tonnes ``8.79 Mt`` / ``879.52 万吨``, emissions
``1.13 MtCO2e`` / ``113.31 万吨二氧化碳当量``, shares ``10%``. Solver round-off never shows:
values within ``TINY`` of zero read ``0`` (no ``-0.0``, no ``-1.11e-16``), and no number is
written in scientific notation.

Sign convention (everywhere): **net result = revenue − cost** (present value, discounted to the
first model year); a positive net result is a gain. The solver minimises its objective,
``cost − revenue`` = −net result; ``net_result`` converts one into the other.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

__all__ = ["QUANTITIES", "TINY", "amount", "clean", "net_result", "plain", "quantity_of",
           "readable_columns", "readable_table", "scale_for", "share", "table_scale",
           "unit_text"]

#: Values closer to zero than this are solver round-off and read as 0.
TINY = 1e-9

#: Each quantity's display units, largest first: (factor, unit) per language.
QUANTITIES: dict[str, dict[str, list[tuple[float, str]]]] = {
    "money": {"en": [(1e9, "bn CNY"), (1e6, "M CNY"), (1.0, "CNY")],
              "zh": [(1e8, "亿元"), (1e4, "万元"), (1.0, "元")]},
    "mass": {"en": [(1e6, "Mt"), (1e3, "kt"), (1.0, "t")],
             "zh": [(1e8, "亿吨"), (1e4, "万吨"), (1.0, "吨")]},
    "own": {"en": [(1.0, "own unit")], "zh": [(1.0, "各自单位")]},
    "emissions": {"en": [(1e6, "MtCO2e"), (1e3, "ktCO2e"), (1.0, "tCO2e")],
                  "zh": [(1e8, "亿吨二氧化碳当量"), (1e4, "万吨二氧化碳当量"),
                         (1.0, "吨二氧化碳当量")]},
}

#: Canonical units in Chinese (the English text keeps the canonical unit).
_UNITS_ZH = {"CNY": "元", "t": "吨", "tCO2e": "吨二氧化碳当量", "yr": "年", "%": "%"}


def clean(value: float) -> float:
    """``value`` with solver round-off removed: 0.0 within ``TINY`` of zero, never -0.0."""
    number = float(value)
    return 0.0 if abs(number) < TINY else number + 0.0


def _fixed(value: float, digits: int) -> str:
    """Fixed-point with thousands separators; a result that rounds to zero has no sign."""
    text = f"{clean(value):,.{digits}f}"
    return text.lstrip("-") if not re.search(r"[1-9]", text) else text


def plain(value: float, digits: int | None = None) -> str:
    """A number without a unit: whole numbers with separators from 100 on, else three
    significant digits (``0.0123``); ``digits`` fixes the decimals. NaN reads ``–``."""
    number = float(value)
    if not math.isfinite(number):
        return "–" if math.isnan(number) else ("∞" if number > 0 else "-∞")
    number = clean(number)
    if digits is None:
        digits = 0 if abs(number) >= 100 or number == 0 else \
            max(0, 2 - math.floor(math.log10(abs(number))))
    return _fixed(number, digits)


def scale_for(value: float, quantity: str, lang: str = "en") -> tuple[float, str]:
    """The display unit of ``value`` (the largest whose factor it reaches): (factor, unit)."""
    steps = QUANTITIES[quantity][lang]
    size = abs(clean(value)) if math.isfinite(value) else 0.0
    return next(((f, u) for f, u in steps if size >= f), steps[-1])


def table_scale(values: object, quantity: str, lang: str = "en") -> tuple[float, str, int]:
    """One display unit for a table or column of ``values``: (factor, unit, decimals).

    The unit suits the typical (median non-zero) value, so that small rows do not all read
    0.00 next to one large row; decimals keep about three significant digits there.
    """
    numbers = np.abs(np.asarray(values, dtype=float)).ravel()
    numbers = numbers[np.isfinite(numbers) & (numbers >= TINY)]
    typical = float(np.median(numbers)) if numbers.size else 0.0
    factor, unit = scale_for(typical, quantity, lang)
    scaled = typical / factor
    digits = 0 if factor == 1 or scaled >= 100 else 1 if scaled >= 10 else 2
    return factor, unit, digits


def amount(value: float, quantity: str, lang: str = "en", signed: bool = False) -> str:
    """``value`` in its display unit: ``41.04 bn CNY``, ``410.44 亿元``, ``1,234 t``.

    ``signed`` writes a plus sign on positive numbers (differences between scenarios).
    """
    if not math.isfinite(value):
        return "–"
    factor, unit = scale_for(value, quantity, lang)
    text = plain(value / factor, 2 if factor > 1 else None)  # 0.12 tCO2e, not 0 (issue 18)
    if signed and re.search(r"[1-9]", text) and not text.startswith("-"):
        text = "+" + text
    return f"{text} {unit}"


def quantity_of(name: str) -> str | None:
    """The quantity of a name with a unit suffix (``total_cost_cny`` -> money), else None."""
    for suffix, quantity in (("_cny", "money"), ("_tco2e", "emissions"), ("_t", "mass")):
        if name.endswith(suffix):
            return quantity
    return None


def share(value: float, digits: int = 0) -> str:
    """A fraction as a percentage: 0.1 -> ``10%``."""
    number = float(value)
    return "–" if not math.isfinite(number) else f"{_fixed(100 * number, digits)}%"


def net_result(objective: float) -> float:
    """Net result (revenue − cost) of a solver objective (cost − revenue)."""
    return clean(-float(objective))


def unit_text(unit: str, lang: str) -> str:
    """A canonical unit (``CNY/tCO2e``, ``t/yr``) in the language: ``元/吨二氧化碳当量``."""
    if lang != "zh":
        return unit
    return "/".join(_UNITS_ZH.get(part.strip(), part.strip()) for part in unit.split("/"))


def _table_quantity(unit: str) -> str | None:
    """The quantity of a summary table from the unit in its title (``[t/yr]`` -> mass);
    None for prices and other units, which are not rescaled."""
    head, _, per = unit.partition("/")
    if per.strip() not in ("", "yr"):
        return None
    return {"CNY": "money", "t": "mass", "tCO2e": "emissions"}.get(head.strip())


def readable_table(title: str, frame: pd.DataFrame, lang: str = "en") -> tuple[str, pd.DataFrame]:
    """A summary table for people: one display unit for the whole table, shares in %.

    The unit is read from the title's brackets (``cost by category [CNY/yr]`` becomes
    ``cost by category [M CNY/yr]``); a ``[activity / capacity]`` table reads in %.
    """
    match = re.search(r"\[([^\]]+)\]\s*$", title)
    unit = match.group(1) if match else ""
    numbers = frame.apply(pd.to_numeric, errors="coerce")
    if "capacity" in unit or unit == "1":
        return (title[:match.start()] + "[%]" if match else title,
                numbers.map(lambda v: share(v, 1)))
    quantity = _table_quantity(unit)
    if quantity is None or numbers.empty:
        return title, numbers.map(plain)
    factor, shown, digits = table_scale(numbers.to_numpy(dtype=float), quantity, lang)
    rest = unit.split("/", 1)[1] if "/" in unit else ""
    label = shown + ("/" + unit_text(rest, lang) if rest else "")
    assert match is not None
    return (title[:match.start()] + f"[{label}]",
            numbers.map(lambda v: plain(v / factor, digits)))


#: Column-name unit suffixes: (suffix, quantity or None, canonical unit shown for None).
_SUFFIXES = (("_cny_per_tco2e", None, "CNY/tCO2e"), ("_cny_per_t", None, "CNY/t"),
             ("_cny", "money", ""), ("_tco2e", "emissions", ""), ("_t", "mass", ""),
             ("_share", "share", ""))


def readable_columns(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table for people whose column names carry their units (``budget_tco2e``): each such
    column in one display unit named in its header (``budget [MtCO2e]``), every other number
    plain (no e-notation, no -0)."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            out[str(column)] = values
            continue
        name, quantity, unit = str(column), None, ""
        for suffix, kind, canonical in _SUFFIXES:
            if name.endswith(suffix):
                name, quantity, unit = name[:-len(suffix)], kind, canonical
                break
        if quantity == "share":
            out[f"{name} [%]"] = values.map(lambda v: share(v, 1))
        elif quantity is not None:
            factor, shown, digits = table_scale(values.to_numpy(dtype=float), quantity, lang)
            out[f"{name} [{shown}]"] = values.map(lambda v, f=factor, d=digits: plain(v / f, d))
        else:
            out[f"{name} [{unit_text(unit, lang)}]" if unit else name] = values.map(plain)
    return pd.DataFrame(out, index=frame.index)
