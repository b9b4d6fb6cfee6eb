"""The carbon ledger: a GHG-inventory view of a solved cube, from the cube and inputs only.

Every emission is an entry with its scope, source type, node, process, stage, material,
route, mode and year (tCO2e). Avoided emissions of secondary products are reported apart from
gross emissions; ``net`` nets them only under substitution accounting. Embodied emissions per
tonne of each material at each node are propagated through the network by mass allocation
(each tonne leaving a process carries the same share of the process's burden and inputs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.blocks.border import border_per_tonne
from model.data.composition import compositions, transfer
from model.data.dataset import ModelData
from model.data.species import direct_factor
from model.domain import QUANTITY_ROUND_OFF, SCOPE_OF_SOURCE
from model.results.cells import cells

__all__ = ["carbon_ledger", "ledger_table", "scope_table"]

ENTRY_COLUMNS = ["scope", "source", "node", "process", "stage", "material", "route", "mode",
                 "year"]
PROPAGATION_ROUNDS = 100


def _frame(ds: xr.Dataset, name: str, dims: list[str]) -> pd.DataFrame:
    if name not in ds.variables or ds.variables[name].size == 0:
        return pd.DataFrame({**{d: pd.Series(dtype=object) for d in dims}, "q": []})
    return cells(ds, name, dims)


def _process_entries(ds: xr.Dataset, data: ModelData) -> list[pd.DataFrame]:
    act = _frame(ds, "activity", ["process", "year"])
    procs = data.sets["process"]
    node = act["process"].map(procs["node"])
    regions = pd.DataFrame({"region": node.map(data.sets["node"]["region"]), "year": act["year"]})
    base = act.assign(node=node, stage=act["process"].map(procs["stage"]))
    per_unit = {
        "process": direct_factor(data, act),
        "fuel": data.lookup("process_fuel", act) * data.lookup("fuel_emission_factor", act),
        "electricity": data.lookup("process_electricity", act)
        * data.lookup("grid_emission_factor", regions) * _grey_share(ds, data, base),
    }
    return [base.assign(source=source, tco2e=base["q"] * factor)
            for source, factor in per_unit.items()]


#: Share of a node's electricity left grey below which it is all green (solver round-off).
GREEN_ROUND_OFF = 1e-9


def _grey_share(ds: xr.Dataset, data: ModelData, base: pd.DataFrame) -> np.ndarray:
    """Share of each process's electricity not bought green: green electricity at a node
    is shared among its processes in proportion to their use."""
    green = _frame(ds, "green_electricity", ["node", "year"])
    if green.empty:
        return np.ones(len(base))
    use = base["q"] * data.lookup("process_electricity", base)
    at = use.groupby([base["node"], base["year"]]).sum()
    bought = green.set_index(["node", "year"])["q"].reindex(at.index, fill_value=0.0)
    grey = (1 - bought / at.where(at > 0)).fillna(1.0).clip(lower=0.0)
    grey = grey.where(grey > GREEN_ROUND_OFF, 0.0)  # all bought green, to solver round-off
    return grey.reindex(pd.MultiIndex.from_frame(base[["node", "year"]])).to_numpy()


def _other_entries(ds: xr.Dataset, data: ModelData) -> list[pd.DataFrame]:
    flow = _frame(ds, "flow", ["route", "material", "year"])
    routes = data.sets["route"].loc[flow["route"]]
    mode = pd.DataFrame({"mode": routes["mode"].to_numpy()})
    haul = data.lookup("haulage_factor", mode.assign(material=flow["material"].to_numpy()))
    per_t = data.lookup("mode_emission_factor", mode) * data.lookup("route_distance", flow) * haul
    transport = flow.assign(source="transport", node=routes["origin"].to_numpy(),
                            mode=mode["mode"].to_numpy(), tco2e=flow["q"] * per_t)
    waste = _frame(ds, "disposal", ["node", "material", "year"])
    disposal = waste.assign(source="disposal",
                            tco2e=waste["q"] * data.lookup("disposal_emissions", waste))
    return [transport, disposal]


def ledger_table(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Tidy gross-emission entries (tCO2e), one row per source and key; rows of zero or of
    the solver's round-off (``QUANTITY_ROUND_OFF``) dropped."""
    parts = _process_entries(ds, data) + _other_entries(ds, data)
    table = pd.concat(parts, ignore_index=True)
    table["scope"] = table["source"].map(SCOPE_OF_SOURCE)
    for column in ENTRY_COLUMNS:
        if column not in table:
            table[column] = ""
    for column in ENTRY_COLUMNS[:-1]:
        values = table[column].astype(object)
        table[column] = values.where(values.notna(), "").astype(str)
    table = table[table["tco2e"].abs() > QUANTITY_ROUND_OFF]
    return table[[*ENTRY_COLUMNS, "tco2e"]].reset_index(drop=True)


def _avoided(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    sales = _frame(ds, "sales", ["node", "material", "year"])
    factor = np.nan_to_num(data.lookup("substitution_factor", sales))
    return sales.assign(tco2e=sales["q"] * factor)


def embodied_intensity(ds: xr.Dataset, data: ModelData, table: pd.DataFrame) -> pd.Series:
    """tCO2e per tonne of each material at each node and year (mass allocation).

    Fixed-point propagation: a node's intensity is the mass-weighted mean of what arrives
    (supplies carry none, routes add their transport emissions, processes pass on their
    direct, fuel and electricity emissions plus their inputs' burden per tonne of output).
    """
    key = ["node", "material", "year"]
    flow = _frame(ds, "flow", ["route", "material", "year"])
    routes = data.sets["route"]
    flow["origin"] = flow["route"].map(routes["origin"])
    flow["node"] = flow["route"].map(routes["destination"])
    move = table[table["source"] == "transport"].groupby(["route", "material", "year"])["tco2e"]
    flow = flow.merge(move.sum().rename("t_emis").reset_index(), how="left",
                      on=["route", "material", "year"]).fillna({"t_emis": 0.0})
    proc_emis = table[table["process"] != ""].groupby(["process", "year"])["tco2e"].sum()
    io = transfer(data).rename("coef").reset_index()
    act = _frame(ds, "activity", ["process", "year"]).merge(io, on=["process", "year"])
    act["node"] = act["process"].map(data.sets["process"]["node"])
    act["mass"] = act["q"] * act["coef"]
    inputs, outputs = act[act["direction"] == "in"], act[act["direction"] == "out"]
    outputs = outputs.merge(proc_emis.rename("p_emis").reset_index(), how="left",
                            on=["process", "year"]).fillna({"p_emis": 0.0})
    supply = _frame(ds, "supply", key).rename(columns={"q": "mass"})
    arriving = pd.concat([supply[[*key, "mass"]],
                          flow.rename(columns={"q": "mass"})[[*key, "mass"]],
                          outputs[[*key, "mass"]]]).groupby(key)["mass"].sum()
    return _propagate(arriving, flow, inputs, outputs).rename("embodied_intensity")


def _propagate(arriving: pd.Series, flow: pd.DataFrame, inputs: pd.DataFrame,
               outputs: pd.DataFrame) -> pd.Series:
    """The fixed point of ``embodied_intensity`` by repeated substitution, on positions.

    Every row's place in the arriving keys (and each process-year's place among the
    activities fed) is found once; a round is then array arithmetic and ``bincount`` sums.
    """
    keys = arriving.index
    where = {name: keys.get_indexer(pd.MultiIndex.from_arrays(
        [frame[node], frame["material"], frame["year"]]))
        for name, frame, node in (("origin", flow, "origin"), ("arrive", flow, "node"),
                                  ("fed", inputs, "node"), ("made", outputs, "node"))}
    activity = pd.MultiIndex.from_frame(inputs[["process", "year"]])
    code = activity.codes[0].astype(np.int64) * len(activity.levels[1]) + activity.codes[1]
    firsts, group_of = np.unique(code, return_index=True, return_inverse=True)[1:]
    level = inputs["q"].to_numpy(float)[firsts]  # the activity of each process-year fed
    feeds = pd.MultiIndex.from_frame(inputs[["process", "year"]].iloc[firsts]).get_indexer(
        pd.MultiIndex.from_frame(outputs[["process", "year"]]))
    moved, transport = flow["q"].to_numpy(float), flow["t_emis"].to_numpy(float)
    fed_mass, made_q = inputs["mass"].to_numpy(float), outputs["q"].to_numpy(float)
    made_emissions = outputs["p_emis"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = outputs["mass"].to_numpy(float) / np.where(made_q > 0, made_q, np.nan)
    mass = arriving.to_numpy(float)
    intensity = np.zeros(len(keys))
    new = intensity
    for _ in range(PROPAGATION_ROUNDS):
        origin, fed_at = (np.where(where[n] >= 0, intensity[where[n]], 0.0)
                          for n in ("origin", "fed"))
        routed = moved * origin + transport
        with np.errstate(divide="ignore", invalid="ignore"):
            per_activity = np.bincount(group_of, fed_mass * fed_at, len(firsts)) / level
            fed = np.where(feeds >= 0, per_activity[np.maximum(feeds, 0)], 0.0)
            fed[np.isnan(fed)] = 0.0  # an activity of 0 passes nothing on
            made = np.nan_to_num(share * (made_emissions + fed * made_q), nan=0.0)
            burden = (np.bincount(where["arrive"], routed, len(keys))
                      + np.bincount(where["made"], made, len(keys)))
            held = mass > QUANTITY_ROUND_OFF  # round-off tonnes have no intensity of their own
            new = np.where(held, burden / np.where(held, mass, 1.0), 0.0)
        if np.allclose(new, intensity, rtol=1e-12, atol=1e-15):
            break
        intensity = new
    return pd.Series(new, index=keys)


def _array(series: pd.Series, units: str, long_name: str) -> xr.DataArray:
    if series.empty:
        return xr.DataArray(np.nan, attrs={"units": units, "long_name": long_name})
    return xr.DataArray.from_series(series).assign_attrs(units=units, long_name=long_name)


def _by_scope(table: pd.DataFrame, years: pd.Index) -> pd.Series:
    """Gross emissions of every scope in every model year (0 where nothing is emitted).

    Always the full scope x year grid, so that a result without emissions has the same
    shape as any other (readers select years and scopes from it).
    """
    scopes = pd.Index(sorted(set(SCOPE_OF_SOURCE.values())), name="scope")
    grid = pd.MultiIndex.from_product([scopes, years])
    return table.groupby(["scope", "year"])["tco2e"].sum().reindex(grid, fill_value=0.0)


def scope_table(ds: xr.Dataset) -> pd.DataFrame:
    """Gross emissions of a result cube as a year x scope table (tCO2e/yr).

    Also reads files written before the ledger kept the full grid, which stored a result
    without any emissions as one NaN: every scope is 0 in every year then.
    """
    by_scope = ds["ledger_by_scope"]
    if by_scope.ndim:
        return by_scope.to_pandas().T.fillna(0.0)
    years = pd.Index(ds["year"].to_numpy(), name="year")
    scopes = sorted(set(SCOPE_OF_SOURCE.values()))
    return pd.DataFrame(0.0, index=years, columns=pd.Index(scopes, name="scope"))


def carbon_ledger(ds: xr.Dataset, data: ModelData) -> xr.Dataset:
    """The ledger as an xarray Dataset to merge into the result cube (names ``ledger_*``)."""
    table = ledger_table(ds, data)
    years = pd.Index(list(data.years), name="year")
    gross = table.groupby("year")["tco2e"].sum().reindex(years, fill_value=0.0)
    by_scope = _by_scope(table, years)
    avoided = _avoided(ds, data)
    avoided_year = avoided.groupby("year")["tco2e"].sum().reindex(years, fill_value=0.0)
    net = gross - avoided_year if data.accounting == "substitution" else gross
    entries = table.rename_axis("entry")
    out = {
        "ledger_entry_emissions": xr.DataArray(
            entries["tco2e"].to_numpy(), dims="entry",
            coords={f"entry_{c}": ("entry", entries[c].to_numpy()) for c in ENTRY_COLUMNS},
            attrs={"units": "tCO2e/yr",
                   "long_name": "gross emissions, one entry per source and key"}),
        "ledger_by_scope": _array(by_scope, "tCO2e/yr", "gross emissions by scope"),
        "ledger_gross": _array(gross, "tCO2e/yr", "gross emissions (all scopes)"),
        "ledger_avoided": _array(avoided.groupby(["material", "year"])["tco2e"].sum(),
                                 "tCO2e/yr", "avoided emissions of secondary products sold"),
        "ledger_net": _array(net, "tCO2e/yr", f"net emissions ({data.accounting} accounting)"),
    }
    intensity = embodied_intensity(ds, data, table)
    sales = _frame(ds, "sales", ["node", "material", "year"]).set_index(
        ["node", "material", "year"])["q"]
    at_market = intensity.reindex(sales.index, fill_value=0.0)
    out["embodied_intensity"] = _array(at_market, "tCO2e/t",
                                       "embodied emissions per tonne sold (mass allocation)")
    out["embodied_emissions"] = _array(at_market * sales, "tCO2e/yr",
                                       "embodied emissions of the tonnes sold")
    out["border_adjustment"] = _array(_border(sales, data), "CNY/yr",
                                      "border carbon adjustment charged by each market")
    out.update(_recovery(ds, data))
    ledger = xr.Dataset(out)
    ledger.attrs["carbon_accounting"] = data.accounting
    return ledger


def _recovery(ds: xr.Dataset, data: ModelData) -> dict[str, xr.DataArray]:
    """Achieved share of each regulated element leaving a stage in products, per year."""
    rules = data.params["recovery_minimum"]
    if rules.empty:
        return {}
    comp = compositions(data).reset_index()
    stage = ds["process_stage"].to_series()
    parts = []
    for name, direction in (("process_input", "in"), ("process_output", "out")):
        flows = cells(ds, name, ["process", "material", "year"], "t")
        flows = flows.merge(comp, on=["material", "year"])
        flows["stage"] = flows["process"].map(stage)
        flows[direction] = flows["t"] * flows["fraction"]
        parts.append(flows.groupby(["stage", "element", "year"])[direction].sum())
    table = pd.concat(parts, axis=1).fillna(0.0)
    table = table[table.index.droplevel("year").isin(rules.index)]
    achieved = (table["out"] / table["in"].where(table["in"] > QUANTITY_ROUND_OFF)).dropna()
    return {
        "recovery_achieved": _array(achieved, "1", "share of the element entering the stage "
                                    "that leaves it in products"),
        "recovery_required": _array(rules, "1", "regulatory minimum recovery"),
    }


def _border(sales: pd.Series, data: ModelData) -> pd.Series:
    keys = sales.index.to_frame(index=False)
    if keys.empty:
        return pd.Series(dtype=float)
    charged = pd.Series(border_per_tonne(data, keys) * sales.to_numpy(), index=sales.index)
    charged = charged[charged > 0]
    return charged.groupby(level=["node", "year"]).sum()
