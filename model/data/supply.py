"""End-of-life supply from the dynamic stock model (``products.csv`` and its parameters)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import xarray as xr

from model.data.dataset import ModelData
from model.data.provenance import Change
from model.data.stocks import Lifetime, inflow_driven, retire_share, stock_driven
from model.errors import InputError, Problem

__all__ = ["product_outflows", "stock_dataset", "with_stock_supply"]

KINDS = ("fixed", "normal", "lognormal", "weibull")
# supply_max rows that receive end-of-life tonnes: modelled, so confidence L; ranges move along
STOCK_CHANGE = Change(source="{source} + stock model (end-of-life tonnes, products.csv)",
                      added="stock model (end-of-life tonnes, products.csv)", confidence="L",
                      ranges="shift")


def _lifetime(data: ModelData, product: str, kind: str) -> Lifetime:
    def get(name: str) -> float:
        series = data.params[name]
        return float(series.get((product,), data.cat.params[name].default or np.nan))

    return Lifetime(kind, mean=get("product_lifetime_mean"), sd=get("product_lifetime_sd"),
                    shape=get("product_weibull_shape"), scale=get("product_weibull_scale"))


def _check(data: ModelData) -> None:
    problems = []
    file = data.cat.sets["product"].file
    for product, row in data.sets["product"].iterrows():
        kind = row["lifetime"]
        if kind not in KINDS:
            problems.append(Problem(file, f"lifetime must be one of {', '.join(KINDS)}",
                                    key=f"product={product!r}", column="lifetime", value=kind))
            continue
        needs: tuple[str, ...] = {"weibull": ("product_weibull_shape", "product_weibull_scale")
                                  }.get(kind, ("product_lifetime_mean",))
        needs += ("product_mass",)
        for name in needs:
            if (product,) not in data.params[name].index:
                problems.append(Problem(data.cat.params[name].file, "missing value",
                                        key=f"product={product!r}",
                                        fix=f"a {kind} lifetime needs it"))
    if problems:
        raise InputError(problems, header="invalid stock model")


def _step(series: pd.Series, cohorts: np.ndarray) -> np.ndarray:
    """Values of a cohort-indexed series at ``cohorts``: the latest row at or before each
    cohort, the first row before the first."""
    ordered = series.sort_index()
    at = np.searchsorted(ordered.index.to_numpy(int), cohorts, side="right") - 1
    return ordered.to_numpy(float)[np.clip(at, 0, None)]


def _of(data: ModelData, name: str, product: str) -> pd.Series:
    """Rows of a ``(product, ...)`` parameter for one product (empty if none)."""
    series = data.params[name]
    found = data.derived.get(f"{name} by product", (series,), lambda: _by_product(series))
    return found.get(product, pd.Series(dtype=float))


def _by_product(series: pd.Series) -> dict[str, pd.Series]:
    """Each product's rows of a ``(product, ...)`` parameter, without the product level."""
    if series.empty:
        return {}
    return {product: series.xs(product, level="product")
            for product in series.index.unique(level="product")}


def _cohorts(data: ModelData, product: str, lifetime: Lifetime
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Cohort years, inflow per cohort and end-of-year stock (stock- or inflow-driven)."""
    stock = _of(data, "product_stock", product)
    if not stock.empty:
        years = stock.index.to_numpy(int)
        if np.any(np.diff(np.sort(years)) != 1) or years.max() < data.years[-1]:
            raise InputError([Problem(data.cat.params["product_stock"].file,
                                      "stock years must be consecutive and reach the last "
                                      f"model year {data.years[-1]}",
                                      key=f"product={product!r}",
                                      value=f"{years.min()}..{years.max()}")],
                             header="invalid stock model")
        stock = stock.sort_index()
        inflow, _ = stock_driven(stock.to_numpy(float), lifetime)
        return stock.index.to_numpy(int), inflow, stock.to_numpy(float)
    series = _of(data, "product_inflow", product)
    if series.empty:
        return None
    first = int(min(series.index.min(), data.years[0]))
    years = np.arange(first, data.years[-1] + 1)
    cohorts = series.reindex(years, fill_value=0.0).to_numpy()
    _, alive = inflow_driven(cohorts, lifetime)
    return years, cohorts, alive


#: The parameters the stock model reads (with the ``product`` set and the model years).
STOCK_PARAMS = ("product_stock", "product_inflow", "product_collection", "product_share",
                "product_unit_mass", "product_mass", "product_lifetime_mean",
                "product_lifetime_sd", "product_weibull_shape", "product_weibull_scale")


def product_outflows(data: ModelData) -> pd.DataFrame:
    r"""Units and tonnes reaching end of life (and collected) per product, material and year.

    .. math::

       U_{p,m,t} = \gamma_{p,t} \sum_{c \le t} I_{p,c}\, s_{p,m,c}\, r_p(t-c), \qquad
       Q_{p,m,t} = \gamma_{p,t} \sum_{c \le t} I_{p,c}\, s_{p,m,c}\, w_{p,m,c}\, r_p(t-c)

    with inflow :math:`I` (given, or solved from the stock path), type share :math:`s`
    (``product_share``; the product's own material takes the rest), unit mass :math:`w`
    (``product_unit_mass``, else ``product_mass``), retirement share :math:`r(a) = S(a-1) -
    S(a)` of the lifetime distribution and collection share :math:`\gamma`
    (``product_collection``).

    Kept in ``data.derived`` while its inputs are the same objects: scenarios and sweep
    members that do not touch the stock model reuse it.
    """
    inputs = (data.cat, data.years, data.sets["product"], *(data.params[n] for n in STOCK_PARAMS))
    return data.derived.get(  # type: ignore[no-any-return]
        "product_outflows", inputs, lambda: _product_outflows(data))


def _product_outflows(data: ModelData) -> pd.DataFrame:
    """``product_outflows`` computed afresh."""
    _check(data)
    rows = []
    collected = data.params["product_collection"].to_dict()  # (product, year) -> share
    for product, row in data.sets["product"].iterrows():
        lifetime = _lifetime(data, product, row["lifetime"])
        found = _cohorts(data, product, lifetime)
        if found is None:
            continue
        years, inflow, stock = found
        retire = retire_share(lifetime, len(years))
        shares = _of(data, "product_share", product)
        masses = _of(data, "product_unit_mass", product)
        others = sorted(set(shares.index.get_level_values("material"))) if len(shares) else []
        share = {m: _step(shares.xs(m, level="material"), years) for m in others}
        share[row["material"]] = 1.0 - sum(share.values(), np.zeros(len(years)))
        default_mass = float(data.params["product_mass"].get((product,), np.nan))
        for material, part in share.items():
            mass = (_step(masses.xs(material, level="material"), years)
                    if len(masses) and material in masses.index.get_level_values("material")
                    else np.full(len(years), default_mass))
            units = np.convolve(inflow * part, retire)[: len(years)]
            tonnes = np.convolve(inflow * part * mass, retire)[: len(years)]
            for i, year in enumerate(years.tolist()):
                if year < data.years[0] or year > data.years[-1]:
                    continue
                gamma = float(collected.get((product, year), 1.0))
                rows.append((product, row["node"], material, int(year), units[i] * gamma,
                             tonnes[i] * gamma, units[i], stock[i], inflow[i]))
    return pd.DataFrame(rows, columns=["product", "node", "material", "year", "units",
                                       "tonnes", "retired_units", "stock_units",
                                       "inflow_units"])


def with_stock_supply(data: ModelData) -> ModelData:
    """``data`` with the stock model's end-of-life tonnes added to ``supply_max`` (once).

    Idempotent: ``solve_data`` calls it, so a package loaded with ``load_data`` and passed
    through ``apply_scenario`` gets its stock-driven supply exactly once.
    """
    if data.stock_supply:
        return data
    if data.sets["product"].empty:
        return replace(data, stock_supply=True)
    flows = product_outflows(data)
    extra = flows.groupby(["node", "material", "year"])["tonnes"].sum()
    supply = data.params["supply_max"]
    combined = supply.add(extra, fill_value=0.0) if len(supply) else extra
    combined.index = combined.index.set_names(["node", "material", "year"])
    return replace(data.with_param("supply_max", combined, STOCK_CHANGE), stock_supply=True)


def stock_dataset(data: ModelData) -> xr.Dataset:
    """The stock model's stocks, inflows and end-of-life outflows for the result cube."""
    flows = product_outflows(data) if not data.sets["product"].empty else pd.DataFrame()
    if flows.empty:
        return xr.Dataset()
    per_product = flows.groupby(["product", "year"])[["stock_units", "inflow_units"]].first()
    per_type = flows.set_index(["product", "material", "year"])
    out = xr.Dataset({
        "stock_units": xr.DataArray.from_series(per_product["stock_units"]),
        "inflow_units": xr.DataArray.from_series(per_product["inflow_units"]),
        "outflow_units": xr.DataArray.from_series(per_type["retired_units"]),
        "collected_units": xr.DataArray.from_series(per_type["units"]),
        "collected_tonnes": xr.DataArray.from_series(per_type["tonnes"]),
    })
    meta = {"stock_units": ("1", "units in use at the end of the year (stock model)"),
            "inflow_units": ("1/yr", "units entering use (given, or solved from the stock)"),
            "outflow_units": ("1/yr", "units reaching end of life, by end-of-life material"),
            "collected_units": ("1/yr", "end-of-life units reaching formal recyclers"),
            "collected_tonnes": ("t/yr", "end-of-life tonnes added to supply_max")}
    for name, (units, long_name) in meta.items():
        out[name].attrs.update(units=units, long_name=long_name)
    return out
