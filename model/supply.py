"""End-of-life supply from the dynamic stock model (``products.csv`` and its parameters)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.data import ModelData
from model.errors import InputError, Problem
from model.stocks import Lifetime, inflow_driven

__all__ = ["product_outflows", "with_stock_supply"]

KINDS = ("fixed", "normal", "lognormal", "weibull")


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


def product_outflows(data: ModelData) -> pd.DataFrame:
    """Units and tonnes reaching end of life per product and model year."""
    _check(data)
    rows = []
    inflow = data.params["product_inflow"]
    for product, row in data.sets["product"].iterrows():
        series = inflow.xs(product, level="product") if len(inflow) else pd.Series(dtype=float)
        if series.empty:
            continue
        first = int(min(series.index.min(), data.years[0]))
        years = np.arange(first, data.years[-1] + 1)
        cohorts = series.reindex(years, fill_value=0.0).to_numpy()
        outflow, stock = inflow_driven(cohorts, _lifetime(data, product, row["lifetime"]))
        mass = float(data.params["product_mass"].get((product,)))
        for year, units, alive in zip(years, outflow, stock, strict=True):
            if year >= data.years[0]:
                rows.append((product, row["node"], row["material"], int(year), units,
                             units * mass, alive))
    return pd.DataFrame(rows, columns=["product", "node", "material", "year", "units",
                                       "tonnes", "stock_units"])


def with_stock_supply(data: ModelData) -> ModelData:
    """``data`` with the stock model's end-of-life tonnes added to ``supply_max``."""
    if data.sets["product"].empty:
        return data
    flows = product_outflows(data)
    extra = flows.groupby(["node", "material", "year"])["tonnes"].sum()
    supply = data.params["supply_max"]
    combined = supply.add(extra, fill_value=0.0) if len(supply) else extra
    combined.index = combined.index.set_names(["node", "material", "year"])
    return data.with_params({"supply_max": combined.rename("supply_max")})
