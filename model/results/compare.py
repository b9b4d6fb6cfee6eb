"""The numbers behind a report's key messages: what changed against a counterfactual, and
which limits bind and what relaxing them is worth. The words are in
``model.report.messages``; everything here is read from result cubes only.

Conventions (stated in the report):

* totals are sums over the model years, undiscounted, except the net result (present value,
  revenue − cost, as in every report);
* **abatement** is the fall in gross emissions against the counterfactual;
* **cost per tonne abated** = change in undiscounted (cost − revenue) / tonnes abated;
* **leakage**: avoided emissions lost (primary production no longer displaced by the
  secondary products that are not made), set beside the abatement. A ratio above 1 means the
  whole system (gross − avoided) emits more although the modelled plants emit less;
* a limit **binds** in a year when its shadow price exceeds ``BINDING`` (CNY per unit); the
  value of relaxing it by 1 % is 0.01 × shadow price × the limit, summed over the years
  (undiscounted CNY; a first-order estimate from the duals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from model.results.substances import in_tonnes
from model.results.trade import trade_flows

__all__ = ["BINDING", "MOVES", "Binding", "Contrast", "binding_limits", "contrast", "totals"]

BINDING = 1e-6  # CNY per unit: a shadow price above this binds
MOVES = 0.5  # t/yr (or t): a change smaller than this is no change


def _total(ds: xr.Dataset, name: str) -> float:
    if name not in ds or ds[name].ndim == 0:
        return 0.0
    return float(ds[name].sum())


def totals(ds: xr.Dataset) -> dict[str, float]:
    """Horizon totals of one cube: net result (present value), cost, revenue, gross, avoided and
    net emissions, tonnes sold, exported and imported."""
    flows = trade_flows(ds)
    crossed = flows.sum(axis=1).groupby(level="direction").sum() if not flows.empty else {}
    return {
        "net_result": -float(ds.attrs.get("objective", np.nan)),
        "cost": _total(ds, "cost"),
        "revenue": _total(ds, "revenue"),
        "gross": _total(ds, "ledger_gross"),
        "avoided": _total(ds, "ledger_avoided"),
        "sold": _total(ds, "sales"),
        "exports": float(crossed.get("export", 0.0)),
        "imports": float(crossed.get("import", 0.0)),
    }


def _by_stage(ds: xr.Dataset, name: str) -> pd.DataFrame:
    """Tonnes entering (``process_input``) or built (``new_capacity``) per stage and year."""
    if ds.sizes.get("process", 0) == 0 or name not in ds:
        return pd.DataFrame()
    array = (in_tonnes(ds[name]).sum("material", min_count=1) if "material" in ds[name].dims
             else ds[name])
    return array.fillna(0).groupby("process_stage").sum().to_pandas()


@dataclass(frozen=True)
class Contrast:
    """A scenario against its counterfactual (``base``): horizon totals of both, the stages
    whose throughput moved most in the year it moved most, capacity built by stage, and the
    materials whose sales moved most."""

    base_name: str
    totals: dict[str, float]
    base_totals: dict[str, float]
    year: int | None  # the year in which stage throughput changed most
    stages: pd.DataFrame  # stage, base, value (t/yr in ``year``), largest change first
    built: pd.DataFrame  # stage, base, value (t/yr built over the horizon), largest first
    sold: pd.DataFrame  # material, base, value (t sold over the horizon), largest change first
    change: dict[str, float] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "change", {k: self.totals[k] - self.base_totals[k]
                                            for k in self.totals})

    @property
    def abated(self) -> float:
        """Tonnes of gross emissions less than in the counterfactual (negative: more)."""
        return -self.change["gross"]

    @property
    def cost_per_tonne(self) -> float:
        """Change in undiscounted cost − revenue per tonne abated; NaN if nothing is abated."""
        if self.abated <= MOVES:
            return float("nan")
        return (self.change["cost"] - self.change["revenue"]) / self.abated

    @property
    def leakage_ratio(self) -> float:
        """Avoided emissions lost per tonne abated; NaN if nothing is abated."""
        if self.abated <= MOVES:
            return float("nan")
        return -self.change["avoided"] / self.abated


def _moved(base: pd.DataFrame, value: pd.DataFrame) -> pd.DataFrame:
    rows = base.index.union(value.index)
    columns = base.columns.union(value.columns)
    return base.reindex(index=rows, columns=columns, fill_value=0.0), \
        value.reindex(index=rows, columns=columns, fill_value=0.0)


def _largest(base: pd.Series, value: pd.Series, top: int, key: str = "stage") -> pd.DataFrame:
    frame = pd.DataFrame({"base": base, "value": value}).fillna(0.0)
    frame = frame[(frame["value"] - frame["base"]).abs() > MOVES]
    order = (frame["value"] - frame["base"]).abs().sort_values(ascending=False).index
    return frame.loc[order[:top]].rename_axis(key).reset_index()


def _sold(ds: xr.Dataset) -> pd.Series:
    if "sales" not in ds:
        return pd.Series(dtype=float)
    return ds["sales"].sum(["node", "year"]).to_series()


def contrast(ds: xr.Dataset, base: xr.Dataset, top: int = 3) -> Contrast:
    """``ds`` against its counterfactual ``base`` (see the module's conventions)."""
    before, after = _moved(_by_stage(base, "process_input"), _by_stage(ds, "process_input"))
    year, stages = None, pd.DataFrame(columns=["stage", "base", "value"])
    if after.size:
        year = int((after - before).abs().sum(axis=0).idxmax())
        stages = _largest(before[year], after[year], top)
    built_before, built_after = _moved(_by_stage(base, "new_capacity"),
                                       _by_stage(ds, "new_capacity"))
    built = _largest(built_before.sum(axis=1), built_after.sum(axis=1), top) \
        if built_after.size else pd.DataFrame(columns=["stage", "base", "value"])
    sold = _largest(_sold(base), _sold(ds), top, "material")
    return Contrast(base_name=str(base.attrs.get("scenario", "")), totals=totals(ds),
                    base_totals=totals(base), year=year, stages=stages, built=built, sold=sold)


@dataclass(frozen=True)
class Binding:
    """A limit that binds: what it is (``kind`` and its ``key`` ids), in which years, its
    largest shadow price and the value of relaxing it by 1 %."""

    kind: str  # carbon_cap, carbon_budget, capacity, route, hub, quota, shared, user
    key: tuple[str, ...]
    years: list[int]
    shadow_price: float  # largest over the years, CNY per unit of the limit
    unit: str
    relax_value: float  # CNY over the horizon for +1 % of the limit (NaN: limit unknown)


def _family(ds: xr.Dataset, price: str, limit: xr.DataArray | None, kind: str,
            unit: str) -> list[Binding]:
    if price not in ds or ds[price].ndim == 0:
        return []
    frame = ds[price].to_series().dropna().abs()  # a binding minimum has a negative price
    frame = frame[frame > BINDING]
    if frame.empty:
        return []
    limits = limit.to_series().reindex(frame.index) if limit is not None else \
        pd.Series(np.nan, index=frame.index)
    value = 0.01 * frame * limits
    keys = [n for n in frame.index.names if n != "year"]
    out = []
    grouped = frame.groupby(level=keys) if keys else [((), frame)]
    for key, part in grouped:
        key = key if isinstance(key, tuple) else (key,)
        relax = value.loc[part.index]
        out.append(Binding(kind, tuple(str(k) for k in key),
                           sorted(int(y) for y in part.index.get_level_values("year")),
                           float(part.max()), unit,
                           float(relax.sum()) if relax.notna().all() else float("nan")))
    return out


def _arrivals(ds: xr.Dataset) -> xr.DataArray:
    """Tonnes per year arriving at each node by route (what a hub's throughput limit caps)."""
    flow = in_tonnes(ds["flow"]).sum("material", min_count=1).fillna(0)
    destination = ds["destination"].rename("node")
    return flow.groupby(destination).sum()


def _quota_use(ds: xr.Dataset) -> xr.DataArray | None:
    """Tonnes per year on each trade lane (material, exporter, importer)."""
    if "trade_quota_shadow_price" not in ds or "exporter_country" not in ds.coords:
        return None
    frame = ds["flow"].to_series().fillna(0).rename("t").reset_index()
    ends = pd.DataFrame({"exporter": ds["exporter_country"].to_numpy(),
                         "importer": ds["importer_country"].to_numpy()},
                        index=ds["route"].to_numpy())
    frame = frame.join(ends, on="route")
    lanes = frame.groupby(["material", "exporter", "importer", "year"])["t"].sum()
    return xr.DataArray.from_series(lanes)


def binding_limits(ds: xr.Dataset) -> list[Binding]:
    """Every limit that binds in some year, the most valuable to relax first (limits whose
    value is unknown last, by shadow price)."""
    found: list[Binding] = []
    if "carbon_shadow_price" in ds and "carbon_cap" in ds:
        found += _family(ds, "carbon_shadow_price", ds["carbon_cap"], "carbon_cap", "tCO2e")
    budget = float(ds["budget_shadow_price"]) if "budget_shadow_price" in ds and \
        ds["budget_shadow_price"].ndim == 0 else float("nan")
    if budget > BINDING:
        emitted = _total(ds, "ledger_gross")
        found.append(Binding("carbon_budget", (), [int(y) for y in ds["year"].to_numpy()],
                             budget, "tCO2e", 0.01 * budget * emitted))
    if "capacity_shadow_price" in ds:
        found += _family(ds, "capacity_shadow_price", ds["capacity"], "capacity", "t/yr")
    if "route_shadow_price" in ds:
        carried = in_tonnes(ds["flow"]).sum("material", min_count=1).fillna(0)
        found += _family(ds, "route_shadow_price", carried, "route", "t/yr")
    if "hub_shadow_price" in ds and ds.sizes.get("route", 0):
        found += _family(ds, "hub_shadow_price", _arrivals(ds), "hub", "t/yr")
    found += _family(ds, "trade_quota_shadow_price", _quota_use(ds), "quota", "t/yr")
    found += _family(ds, "shared_capacity_shadow_price", None, "shared", "t/yr")
    found += _family(ds, "constraint_shadow_price", None, "user", "t/yr")
    found += _family(ds, "species_shadow_price", ds.get("species_cap"), "species", "t/yr")
    return sorted(found, key=lambda b: (np.isnan(b.relax_value),
                                        -(b.relax_value if not np.isnan(b.relax_value)
                                          else b.shadow_price)))
