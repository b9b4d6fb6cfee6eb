"""Calibration check: baseline results against published aggregates (``calibration.yaml``).

The checks are data: each names a metric (below), the items it applies to, the published
value, a tolerance, the source key and, where the model is known to differ, a note. A check
passes when |model / published - 1| <= tolerance.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from ruamel.yaml import YAML

from model.data.composition import compositions, transfer
from model.data.dataset import ModelData
from model.errors import InputError, Problem

__all__ = ["METRICS", "calibration_table", "load_checks"]


def _total(ds: xr.Dataset, name: str, **sel: Any) -> float:
    array = ds[name]
    for dim, value in sel.items():
        values = value if isinstance(value, list) else [value]
        keep = [v for v in values if v in array[dim].values]
        if not keep:
            return 0.0
        array = array.sel({dim: keep})
    return float(array.sum())


def _processes(ds: xr.Dataset, coord: str, value: str) -> list[str]:
    """The processes whose ``coord`` (``process_stage``, ``process_node``) is ``value``."""
    return [str(p) for p, v in zip(ds["process"].values, ds[coord].values, strict=True)
            if v == value]


def _stage_processes(ds: xr.Dataset, stage: str) -> list[str]:
    return _processes(ds, "process_stage", stage)


def stage_yield(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    entering = _total(ds, "process_input", process=_stage_processes(ds, c["stage"]))
    leaving = _total(ds, "process_output", process=c["process"], material=c["material"])
    return leaving / max(entering, 1e-9)


def output_share(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """Tonnes of ``material`` leaving ``process`` per tonne entering it, over the solved flows
    (the process's transfer coefficients, first year, when it does not run)."""
    entering = _total(ds, "process_input", process=c["process"])
    if entering > 0:
        return _total(ds, "process_output", process=c["process"],
                      material=c["material"]) / entering
    io = transfer(data).rename("coef").reset_index()
    io = io[(io["process"] == c["process"]) & (io["year"] == data.years[0])]
    into = io.loc[io["direction"] == "in", "coef"].sum()
    out = io.loc[(io["direction"] == "out") & (io["material"] == c["material"]), "coef"].sum()
    return float(out / into) if into else float("nan")


def element_recovery(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """Share of ``element`` entering ``stage`` that leaves it in products, over the solved
    flows of all years (the stage's transfer coefficients when the stage does not run)."""
    comp = compositions(data).xs(c["element"], level="element")
    processes = _stage_processes(ds, c["stage"])
    totals = {}
    for name in ("process_input", "process_output"):
        flows = ds[name].sel(process=processes).sum("process").to_series()
        totals[name] = float((flows * comp.reindex(flows.index, fill_value=0.0)).sum())
    if totals["process_input"] > 0:
        return totals["process_output"] / totals["process_input"]
    io = transfer(data).rename("coef").reset_index()
    io = io[io["process"].isin(processes)]
    io["t"] = io["coef"] * comp.reindex(pd.MultiIndex.from_frame(io[["material", "year"]]),
                                        fill_value=0.0).to_numpy()
    into = io.loc[io["direction"] == "in", "t"].sum()
    return float(io.loc[io["direction"] == "out", "t"].sum() / into) if into else float("nan")


def emission_per_output(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    year = c.get("year", data.years[0])
    emitted = data.params["process_emissions"].get((c["process"], year), np.nan)
    return float(emitted / transfer(data).get((c["process"], c["material"], "out", year)))


def parameter(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    return float(data.params[c["parameter"]].get(tuple(c["key"]), np.nan))


def units_available(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    supply = data.params["supply_max"]
    first = supply[supply.index.get_level_values("year") == data.years[0]]
    materials = first.index.get_level_values("material")
    return sum(float(first[materials == m].sum()) / mass for m, mass in c["materials"].items())


def first_year_output(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    year = int(ds["year"].values[0])
    sel: dict[str, Any] = {"material": list(c["materials"]), "year": year}
    if "node" in c:  # only the processes at one node (e.g. the park)
        sel["process"] = _processes(ds, "process_node", c["node"])
    return _total(ds, "process_output", **sel)


def retirement_rate(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """End-of-life units of ``materials`` in ``year`` (first year by default) per unit in use
    (stock model), e.g. the scrappage rate of the car parc."""
    if "outflow_units" not in ds:
        return float("nan")
    year = int(c.get("year", ds["year"].values[0]))
    out = ds["outflow_units"].sel(material=list(c["materials"]), year=year).sum("material")
    products = [str(p) for p in out["product"].values if float(out.sel(product=p)) > 0]
    return float(out.sel(product=products).sum() / ds["stock_units"].sel(
        product=products, year=year).sum())


def collected_in_year(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """Tonnes of ``materials`` reaching formal recyclers from the stock model in ``year``;
    ``materials`` may map each material to a factor (e.g. the pack share of a BEV)."""
    if "collected_tonnes" not in ds:
        return float("nan")
    weights = c["materials"] if isinstance(c["materials"], dict) else dict.fromkeys(
        c["materials"], 1.0)
    return sum(w * _total(ds, "collected_tonnes", material=m, year=int(c["year"]))
               for m, w in weights.items())


def collected_units_in_year(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """End-of-life units (vehicles) of ``materials`` reaching formal recyclers in ``year``
    (stock model)."""
    if "collected_units" not in ds:
        return float("nan")
    return _total(ds, "collected_units", material=list(c["materials"]), year=int(c["year"]))


def stock_in_year(ds: xr.Dataset, data: ModelData, c: dict[str, Any]) -> float:
    """Units of ``products`` in use in ``year`` (stock model), e.g. a city's car parc."""
    if "stock_units" not in ds:
        return float("nan")
    return _total(ds, "stock_units", product=list(c["products"]), year=int(c["year"]))


METRICS: dict[str, Callable[[xr.Dataset, ModelData, dict[str, Any]], float]] = {
    f.__name__: f for f in (stage_yield, output_share, element_recovery, emission_per_output,
                            parameter, units_available, first_year_output, retirement_rate,
                            collected_in_year, collected_units_in_year, stock_in_year)
}


def load_checks(path: Path | str) -> list[dict[str, Any]]:
    """The checks of a data package's ``calibration.yaml``."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), "no calibration.yaml in this data package")])
    raw = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) or {}
    checks = raw.get("checks", [])
    problems = [Problem(str(path), f"unknown metric {c.get('metric')!r}", key=f"checks[{i}]",
                        fix=f"metrics: {', '.join(METRICS)}")
                for i, c in enumerate(checks) if c.get("metric") not in METRICS]
    if problems:
        raise InputError(problems)
    return checks


def calibration_table(
    ds: xr.Dataset, data: ModelData, checks: list[dict[str, Any]]
) -> pd.DataFrame:
    """One row per check: model, published, deviation, tolerance, pass, source, note."""
    rows = []
    for check in checks:
        value = float(METRICS[check["metric"]](ds, data, check))
        published = float(check["published"])
        deviation = value / published - 1 if published else np.nan
        ok = bool(np.isfinite(deviation) and abs(deviation) <= float(check["tolerance"]))
        rows.append({"item": check["item"], "unit": check["unit"], "model": value,
                     "published": published, "deviation": deviation,
                     "tolerance": float(check["tolerance"]), "pass": ok,
                     "source": check["source"], "note": "" if ok else check.get("note", "")})
    return pd.DataFrame(rows)
