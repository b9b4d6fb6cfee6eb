"""Money in foreign currencies: converted to CNY at the exchange rate of the row's year.

A row of a money parameter (one whose canonical unit is in CNY) may be written in another
currency: a unit such as ``USD/t`` or ``RUB/t`` whose three-letter ISO 4217 code has rows in
``exchange_rate`` (CNY per unit of the currency, by year). The value is converted when the
table is read, at the rate of the row's own year, and the row keeps its unit: the input
appendix shows it as entered. Changing an exchange rate (a scenario override, a Monte Carlo
draw) re-prices every row entered in that currency (``ModelData.with_param`` calls
``reprice``), so the rate has one definition.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from model.data.units import UnitError, conversion_factor

__all__ = ["RATES", "foreign", "reprice", "row_factors"]

RATES = "exchange_rate"  # the parameter holding CNY per unit of each currency, by year
_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")


def foreign(unit: str) -> tuple[str, str] | None:
    """(currency code, the same unit in CNY) of a unit in one foreign currency, else None.

    >>> foreign("USD/t")
    ('USD', 'CNY/t')
    >>> foreign("CNY/t") is None
    True
    """
    codes = {c for c in _CODE.findall(unit) if c != "CNY"}
    if len(codes) != 1:
        return None
    code = codes.pop()
    return code, _CODE.sub(lambda m: "CNY" if m.group(1) == code else m.group(1), unit)


def row_factors(units: pd.Series, years: pd.Series | None, canonical: str,
                rates: pd.Series) -> tuple[np.ndarray, dict[str, str]]:
    """Factor from each row's unit to ``canonical``, and a message per unit that failed.

    A unit in a foreign currency is converted at ``rates`` (CNY per unit, indexed by
    (currency, year)) of the row's year: NaN, with a message, where the rate or the year is
    missing.
    """
    factors = np.full(len(units), np.nan)
    failed: dict[str, str] = {}
    text = units.to_numpy(dtype=object)  # compared as an array: no pandas call per unit
    for unit in pd.unique(text):
        rows = text == unit
        if unit == "":
            continue
        try:
            factors[rows] = conversion_factor(unit, canonical)
            continue
        except UnitError as exc:
            money = foreign(unit)
            if money is None or "CNY" not in canonical:
                failed[unit] = str(exc)
                continue
        code, in_cny = money
        try:
            base = conversion_factor(in_cny, canonical)
        except UnitError as exc:
            failed[unit] = str(exc)
            continue
        known = rates.index.get_level_values(0) if len(rates) else pd.Index([])
        if code not in set(known):
            failed[unit] = (f"unknown unit {unit!r}: no exchange_rate rows for currency "
                            f"{code!r}")
            continue
        if years is None:
            failed[unit] = (f"a value in {code} needs a year to pick its exchange rate, and "
                            "this table has no year column")
            continue
        wanted = pd.MultiIndex.from_arrays([np.full(int(rows.sum()), code),
                                            years[rows].to_numpy()])
        rate = rates.reindex(wanted).to_numpy(dtype=float)
        if np.isnan(rate).any():
            gaps = sorted({int(y) for y in years[rows][np.isnan(rate)]})
            failed[unit] = f"no exchange_rate for {code} in years {gaps}"
        factors[rows] = base * rate
    return factors, failed


def reprice(params: dict[str, pd.Series], origins: dict[str, pd.DataFrame], canonical: dict,
            before: pd.Series, after: pd.Series) -> tuple[dict, dict]:
    """Parameters and origins with every row entered in a foreign currency converted again
    at the rates ``after`` instead of ``before`` (value and range move together)."""
    params, origins = dict(params), dict(origins)
    for name, origin in origins.items():
        series = params.get(name)
        if name == RATES or series is None or series.empty or "year" not in series.index.names \
                or "CNY" not in canonical[name] or not origin["unit"].map(
                    lambda u: isinstance(u, str) and foreign(u) is not None).any():
            continue
        aligned = origin.reindex(series.index)
        units = aligned["unit"].fillna(canonical[name]).astype(str)
        years = pd.Series(series.index.get_level_values("year"), index=series.index)
        old, _ = row_factors(units, years, canonical[name], before)
        new, _ = row_factors(units, years, canonical[name], after)
        ratio = np.where(np.isfinite(old) & np.isfinite(new) & (old != 0), new / old, 1.0)
        params[name] = series * ratio
        moved = aligned.copy()
        for column in ("low_canonical", "high_canonical"):
            moved[column] = moved[column].astype(float) * ratio
        origins[name] = moved
    return params, origins
