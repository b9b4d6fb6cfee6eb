"""Domain formulas used by more than one layer, defined once: service window, annuity, the
nodes a carbon instrument covers, the value of the VAT refunded on collection, and the size
below which a quantity in a result is the solver's round-off."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.data.codes import matches

if TYPE_CHECKING:
    from model.data.dataset import ModelData

__all__ = ["QUANTITY_ROUND_OFF", "SCOPE_OF_SOURCE", "annuity_factor", "in_service",
           "scope_nodes", "service_pairs", "vat_refund_per_unit"]

#: A quantity (t/yr, tCO2e/yr, or a material's own unit per year) at or below this is the
#: solver's round-off, not a result: it moves nothing, has no ledger entry and no intensity or
#: recovery share of its own. Far above the noise of an optimal HiGHS solution (values of
#: 1e-12 t where another optimal basis has exactly 0) and far below a gram a year.
QUANTITY_ROUND_OFF = 1e-6

#: GHG-Protocol scope of each emission source type the blocks register.
SCOPE_OF_SOURCE = {
    "process": "scope1",
    "fuel": "scope1",
    "electricity": "scope2",
    "transport": "scope3",
    "disposal": "scope3",
}


def annuity_factor(rate: float, lifetime: np.ndarray) -> np.ndarray:
    r"""Capital recovery factor :math:`r(1+r)^L / ((1+r)^L - 1)`, or :math:`1/L` when r = 0.

    >>> float(annuity_factor(0.0, np.array([10.0]))[0])
    0.1
    """
    lifetime = np.asarray(lifetime, dtype=float)
    if rate == 0:
        return 1.0 / lifetime
    growth = (1.0 + rate) ** lifetime
    return rate * growth / (growth - 1.0)


def in_service(built: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    r"""Pairs of a build (columns ``process``, ``built``, ``life``, ...) and a year it serves.

    Capacity built in :math:`\tau` with life :math:`L` serves the years
    :math:`\tau \le y < \tau + L`. ``years`` has a ``year`` column and optionally
    ``process`` (then only those process-years are paired).

    >>> b = pd.DataFrame({"process": ["p"], "built": [2025], "life": [2.0]})
    >>> in_service(b, pd.DataFrame({"year": [2024, 2025, 2026, 2027]}))["year"].tolist()
    [2025, 2026]
    """
    b, y = service_pairs(built, years)
    pairs = built.take(b).reset_index(drop=True)  # as a merge on the process orders them
    for column in years.columns.drop("process", errors="ignore"):
        pairs[column] = years[column].array.take(y)
    return pairs


def service_pairs(built: pd.DataFrame, years: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The rows of ``in_service``'s pairs: of each pair, its row in ``built`` and in ``years``
    (by build, then year), paired by integer codes rather than a merge of frames."""
    on = "process" in years.columns
    b, y = matches(built["process"].to_numpy() if on else np.zeros(len(built), np.int64),
                   years["process"].to_numpy() if on else np.zeros(len(years), np.int64))
    year, start = years["year"].to_numpy()[y], built["built"].to_numpy()[b]
    keep = (year >= start) & (year < start + built["life"].to_numpy()[b])
    return b[keep], y[keep]


def scope_nodes(data: ModelData, instrument: str) -> list[str] | None:
    """The nodes ``instrument`` covers (``instrument_nodes``), or None: every node."""
    table = data.relations["instrument_node"]
    if table.empty:
        return None
    nodes = table.loc[table["instrument"] == instrument, "node"]
    return sorted(map(str, nodes)) if len(nodes) else None


def vat_refund_per_unit(made: pd.DataFrame, share: np.ndarray, vat: np.ndarray,
                        prices: pd.DataFrame) -> np.ndarray:
    r"""VAT refunded on collection per unit of a material made in a country and year:
    :math:`\theta_{m,k,y}\, v_{k,y}\, \bar p_{m,k,y}`, where :math:`\bar p` is the mean market
    price of the material over the markets of that country in that year (0 where it has none).

    ``made`` has columns ``material``, ``country``, ``year`` (one row per unit made); ``share``
    and ``vat`` are aligned with it; ``prices`` has ``material``, ``country``, ``year``,
    ``price`` (one row per market).

    >>> made = pd.DataFrame({"material": ["m", "m"], "country": ["CN", "KZ"], "year": [1, 1]})
    >>> prices = pd.DataFrame({"material": ["m", "m"], "country": ["CN", "CN"],
    ...                        "year": [1, 1], "price": [100.0, 200.0]})
    >>> vat_refund_per_unit(made, np.array([0.3, 0.3]), np.array([0.1, 0.1]), prices).tolist()
    [4.5, 0.0]
    """
    if made.empty:
        return np.zeros(0)
    keys = ["material", "country", "year"]
    mean = prices.groupby(keys)["price"].mean()
    price = mean.reindex(pd.MultiIndex.from_frame(made[keys])).to_numpy(dtype=float)
    return np.nan_to_num(share * vat * np.nan_to_num(price))
