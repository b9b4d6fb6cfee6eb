r"""Independent post-solve audit: recompute balances, money and the objective from cube and inputs.

Nothing here reads Pyomo objects or the blocks' cost registry: quantities come from the result
cube, prices and coefficients from ``ModelData``. A balance that does not close, or a cube
``cost``/``revenue`` entry that differs from its recomputation, by more than ``1e-6`` of its own
size raises ``AuditError``; so does an objective that differs from the discounted money by more
than ``1e-6`` of the objective. That catches a wrong coefficient in a block, a lost term, a
broken extraction, a cube extracted with another scenario's prices, or a solver answer outside
tolerance. The objective must equal

.. math::

    J = \sum_y \delta_y \Big(\sum_c C_{c,y} - R_y\Big)

=================  ==========================================================================
Symbol             Meaning
=================  ==========================================================================
:math:`J`          objective reported by the solver (``attrs["objective"]``), CNY
:math:`C_{c,y}`    cost of category :math:`c` in year :math:`y` (cube ``cost``), CNY/yr
:math:`R_y`        sales revenue in year :math:`y` (cube ``revenue``, positive), CNY/yr
:math:`\delta_y`   discount factor of year :math:`y` (``ModelData.discount_factors``)
=================  ==========================================================================

both with the cube's ``cost`` and ``revenue`` and with the money recomputed from the inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.data.composition import transfer
from model.data.dataset import ModelData
from model.data.sets import crossing_keys
from model.domain import SCOPE_OF_SOURCE, annuity_factor, scope_nodes, vat_refund_per_unit
from model.errors import AuditError
from model.results.cells import cells

__all__ = ["AuditReport", "audit", "recompute_costs"]

RELATIVE_TOLERANCE = 1e-6


class AuditReport(dict):
    """Largest relative residuals found by ``audit`` (all below the tolerance)."""


_DIMS = {
    "emissions_node": ["source", "node", "year"],
    "supply": ["node", "material", "year"],
    "sales": ["node", "material", "year"],
    "disposal": ["node", "material", "year"],
    "stockpile": ["node", "material", "year"],
    "flow": ["route", "material", "year"],
    "activity": ["process", "year"],
    "new_capacity": ["process", "year"],
    "emissions": ["source", "year"],
    "credits": ["year"],
    "units_built": ["process", "year"],
    "route_open": ["route", "year"],
    "green_electricity": ["node", "year"],
    "process_input": ["process", "material", "year"],
    "process_output": ["process", "material", "year"],
}


def _frame(ds: xr.Dataset, name: str) -> pd.DataFrame:
    """Non-NaN entries of cube variable ``name`` as columns (dims..., q)."""
    if name not in ds.variables or ds.variables[name].size == 0:
        return pd.DataFrame({c: pd.Series(dtype=int if c == "year" else object)
                             for c in [*_DIMS[name], "q"]})
    return cells(ds, name, _DIMS[name])


def _balance_terms(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Signed terms (use +, source -) per (node, material, year), from the cube."""
    parts = []
    for name, sign in (("supply", -1.0), ("sales", 1.0), ("disposal", 1.0)):
        part = _frame(ds, name)
        parts.append(part.assign(value=sign * part["q"]))
    flow = _frame(ds, "flow").rename(columns={"q": "value"})
    routes = data.sets["route"]
    for end, sign in (("origin", 1.0), ("destination", -1.0)):
        parts.append(flow.assign(node=flow["route"].map(routes[end]), value=sign * flow["value"]))
    activity = _frame(ds, "activity").rename(columns={"q": "activity"})
    io = transfer(data).rename("coef").reset_index()
    proc = activity.merge(io, on=["process", "year"])
    proc["node"] = proc["process"].map(data.sets["process"]["node"])
    proc["value"] = proc["activity"] * proc["coef"] * np.where(proc["direction"] == "in", 1, -1)
    parts.append(proc)
    parts.append(_returns(ds, data))
    parts += _stock_changes(ds, data)
    return pd.concat([p[["node", "material", "year", "value"]] for p in parts])


def _stock_changes(ds: xr.Dataset, data: ModelData) -> list[pd.DataFrame]:
    """Stock put in (a use) in its year and drawn (a source) in the next model year."""
    stock = _frame(ds, "stockpile")
    drawn = stock[stock["year"] < max(data.years)]
    return [stock.assign(value=stock["q"]),
            drawn.assign(year=drawn["year"] + 1, value=-drawn["q"])]


def _returns(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Delayed returns of sold tonnes, as sources at their return node and year."""
    spec = data.relations["market_return"]
    sales = _frame(ds, "sales").merge(spec, on=["node", "material"])
    if sales.empty:
        return pd.DataFrame(columns=["node", "material", "year", "value"])
    delay = data.lookup("return_delay", sales).round().astype(int)
    arrives = sales["year"].to_numpy() + delay
    keep = arrives <= max(data.years)
    return pd.DataFrame({"node": sales["return_node"].to_numpy()[keep],
                         "material": sales["return_material"].to_numpy()[keep],
                         "year": arrives[keep],
                         "value": -(sales["q"] * data.lookup("return_share", sales))
                         .to_numpy()[keep]})


def _check_balances(ds: xr.Dataset, data: ModelData, report: AuditReport) -> None:
    terms = _balance_terms(ds, data)
    terms["value"] = terms["value"].astype(float)  # empty parts make the column object dtype
    terms["size"] = terms["value"].abs()
    grouped = terms.groupby(["node", "material", "year"])
    net, scale = grouped["value"].sum(), grouped["size"].max()
    residual = (net.abs() / np.maximum(scale, 1.0)).fillna(0.0)
    report["balance"] = float(residual.max()) if len(residual) else 0.0
    bad = residual[residual > RELATIVE_TOLERANCE].sort_values(ascending=False)
    if len(bad):
        lines = [f"(node={n!r}, material={m!r}, year={y}): uses - sources = {net[n, m, y]:.6g} t"
                 for n, m, y in bad.index[:10]]
        raise AuditError("mass balance does not close:\n  " + "\n  ".join(lines))


def _check_processes(ds: xr.Dataset, report: AuditReport) -> None:
    """Inputs and outputs in tonnes of every process and year both equal its activity
    (processes with no material in tonnes close no mass)."""
    if "process_input" not in ds or ds["activity"].size == 0:
        report["process"] = 0.0
        return
    tonnes = (ds["material_unit"] == "t") if "material_unit" in ds.coords else True
    massy = (ds["process_input"].where(tonnes).notnull().any(["material", "year"])
             | ds["process_output"].where(tonnes).notnull().any(["material", "year"]))
    activity = ds["activity"].fillna(0).where(massy, 0.0)
    worst = 0.0
    for name in ("process_input", "process_output"):
        total = ds[name].where(tonnes).sum("material").fillna(0)
        residual = abs(total - activity) / np.maximum(activity, 1.0)
        worst = max(worst, float(residual.max()))
        if worst > RELATIVE_TOLERANCE:
            where = residual.where(residual == residual.max(), drop=True)
            raise AuditError(f"{name} of process {where['process'].values.tolist()} in "
                             f"{where['year'].values.tolist()} does not equal its activity")
    report["process"] = worst


def recompute_costs(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Undiscounted cost by category and year from cube quantities and input prices.

    Revenue is a negative cost in category ``revenue``.
    """
    records: list[pd.DataFrame] = []

    def add(category: str, frame: pd.DataFrame, values: np.ndarray) -> None:
        records.append(pd.DataFrame({"category": category, "year": frame["year"].to_numpy(),
                                     "value": values}))

    supply = _frame(ds, "supply")
    add("acquisition", supply, supply["q"] * data.lookup("supply_cost", supply))
    sales = _frame(ds, "sales")
    add("revenue", sales, -sales["q"] * data.lookup("market_price", sales))
    made = _made(ds, data)
    add("vat_refund", made, -made["q"] * vat_refund_per_unit(
        made, data.lookup("vat_refund_share", made), data.lookup("vat_rate", made),
        _market_prices(data)))
    waste = _frame(ds, "disposal")
    add("disposal", waste, waste["q"] * data.lookup("disposal_cost", waste))
    stock = _frame(ds, "stockpile")
    add("storage", stock, stock["q"] * data.lookup("stockpile_cost", stock))
    flow = _frame(ds, "flow")
    mode = flow["route"].map(data.sets["route"]["mode"]).to_frame("mode")
    per_t = (data.lookup("mode_cost", mode) * data.lookup("route_distance", flow)
             * _haulage(flow, mode, data) + data.lookup("route_fee", flow))
    add("transport", flow, flow["q"] * per_t)
    _trade_costs(flow, data, add)
    arrive = flow["route"].map(data.sets["route"]["destination"]).to_frame("node")
    add("handling", flow, flow["q"] * data.lookup("node_handling_cost", arrive))
    _process_costs(ds, data, add)
    nodes = scope_nodes(data, "price")
    emissions = _frame(ds, "emissions" if nodes is None else "emissions_node")
    if nodes is not None:
        emissions = emissions[emissions["node"].isin(nodes)]
    scope = pd.DataFrame({"instrument": "price",
                          "scope": emissions["source"].map(SCOPE_OF_SOURCE)})
    add("carbon", emissions, emissions["q"] * data.lookup("carbon_price", emissions)
        * data.lookup("scope_coverage", scope))
    if data.accounting == "substitution":
        credits = recompute_credits(ds, data, nodes).rename("q").reset_index()
        add("carbon", credits, -credits["q"] * data.lookup("carbon_price", credits))
    embodied = data.lookup("embodied_emission_factor", sales)
    gap = data.lookup("border_carbon_price", sales) - data.lookup("carbon_price", sales)
    border = sales["q"] * embodied * np.maximum(gap, 0) * data.lookup("border_phase_in", sales)
    add("border_adjustment", sales, np.nan_to_num(border.to_numpy()))
    table = pd.concat(records)
    return table.groupby(["category", "year"], as_index=False)["value"].sum()


def _trade_costs(flow: pd.DataFrame, data: ModelData, add: object) -> None:
    """Duties, export VAT not refunded and capital in transit, row by row of the flows."""
    lane = crossing_keys(data, flow)
    abroad = lane["crossing"].to_numpy()
    value = np.nan_to_num(data.lookup("customs_value", lane))
    q = lane["q"].to_numpy() * abroad
    duty = data.lookup("import_tariff", lane) * value + data.lookup("import_tariff_specific", lane)
    add("import_duty", lane, q * duty)  # type: ignore[operator]
    add("export_duty", lane, q * data.lookup("export_duty", lane) * value)  # type: ignore[operator]
    seller = lane.assign(country=lane["exporter"])
    vat = data.lookup("vat_rate", seller) - data.lookup("export_vat_rebate", seller)
    add("export_vat", lane, q * np.maximum(vat, 0) * value)  # type: ignore[operator]
    days = data.lookup("route_transit_days", lane) / 365.0
    add("transit_capital", lane,  # type: ignore[operator]
        lane["q"] * days * data.lookup("transit_interest_rate", lane) * value)


def _made(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Units of each material made by the processes of each country and year (cube
    ``process_output``)."""
    out = _frame(ds, "process_output")
    out["country"] = out["process"].map(data.sets["process"]["node"]).map(
        data.sets["node"]["country"])
    return out.groupby(["material", "country", "year"], as_index=False)["q"].sum()


def _market_prices(data: ModelData) -> pd.DataFrame:
    """Every market's price, with its country (the markets are the ``market_price`` rows)."""
    keys = data.params["market_price"].index.to_frame(index=False)
    keys = keys[keys["year"].isin(list(data.years))].reset_index(drop=True)
    return keys.assign(price=data.lookup("market_price", keys),
                       country=keys["node"].map(data.sets["node"]["country"]))


def _process_costs(ds: xr.Dataset, data: ModelData, add: object) -> None:
    act = _frame(ds, "activity")
    region = act["process"].map(data.sets["process"]["node"]).map(data.sets["node"]["region"])
    regions = pd.DataFrame({"region": region, "year": act["year"]})
    add("operation", act, act["q"] * data.lookup("process_cost", act))  # type: ignore[operator]
    add("electricity", act, act["q"] * data.lookup("process_electricity", act)  # type: ignore[operator]
        * data.lookup("electricity_price", regions))
    add("fuel", act, act["q"] * data.lookup("process_fuel", act)  # type: ignore[operator]
        * data.lookup("fuel_price", act))
    green = _green(ds, data)
    add("electricity", green, green["q"]  # type: ignore[operator]
        * data.lookup("green_electricity_premium", green))
    new = _frame(ds, "new_capacity")
    new["life"] = data.lookup("process_lifetime", new)
    new["annuity"] = data.lookup("process_invest_cost", new) * annuity_factor(
        data.scalar("discount_rate"), new["life"].to_numpy())
    years = pd.DataFrame({"year": list(data.years)})
    paid = new.rename(columns={"year": "built"}).merge(years, how="cross")
    paid = paid[(paid["year"] >= paid["built"]) & (paid["year"] < paid["built"] + paid["life"])]
    add("investment", paid, paid["q"] * paid["annuity"])  # type: ignore[operator]
    _fixed_costs(ds, data, add)


def _fixed_costs(ds: xr.Dataset, data: ModelData, add: object) -> None:
    """Fixed costs of whole plant units in service and of route services that run."""
    if "units_built" in ds:
        units = _frame(ds, "units_built").rename(columns={"year": "built"})
        units["life"] = data.lookup("process_lifetime", units)
        units["fixed"] = data.lookup("process_unit_fixed_cost", units)
        paid = units.merge(pd.DataFrame({"year": list(data.years)}), how="cross")
        paid = paid[(paid["year"] >= paid["built"]) & (paid["year"] < paid["built"] + paid["life"])]
        add("fixed", paid, paid["q"] * paid["fixed"])  # type: ignore[operator]
    if "route_open" in ds:
        runs = _frame(ds, "route_open")
        add("fixed", runs, runs["q"] * data.lookup("route_service_cost", runs))  # type: ignore[operator]


def recompute_credits(ds: xr.Dataset, data: ModelData,
                      nodes: list[str] | None = None) -> pd.Series:
    """Avoided emissions per year: tonnes sold (at ``nodes``, if given) times the substitution
    factor."""
    sales = _frame(ds, "sales")
    if nodes is not None:
        sales = sales[sales["node"].isin(nodes)]
    factor = np.nan_to_num(data.lookup("substitution_factor", sales))
    credits = (sales["q"] * factor).groupby(sales["year"]).sum()
    return credits.reindex(list(data.years), fill_value=0.0).rename_axis("year")


def recompute_emissions(ds: xr.Dataset, data: ModelData) -> pd.Series:
    """Total emissions per year from cube quantities and input factors."""
    total = pd.Series(0.0, index=pd.Index(list(data.years), name="year"))
    waste = _frame(ds, "disposal")
    total = total.add(
        (waste["q"] * data.lookup("disposal_emissions", waste)).groupby(waste["year"]).sum(),
        fill_value=0)
    flow = _frame(ds, "flow")
    mode = flow["route"].map(data.sets["route"]["mode"]).to_frame("mode")
    per_t = (data.lookup("mode_emission_factor", mode) * data.lookup("route_distance", flow)
             * _haulage(flow, mode, data))
    total = total.add((flow["q"] * per_t).groupby(flow["year"]).sum(), fill_value=0)
    act = _frame(ds, "activity")
    region = act["process"].map(data.sets["process"]["node"]).map(data.sets["node"]["region"])
    regions = pd.DataFrame({"region": region, "year": act["year"]})
    per_a = (data.lookup("process_emissions", act)
             + data.lookup("process_electricity", act)
             * data.lookup("grid_emission_factor", regions)
             + data.lookup("process_fuel", act) * data.lookup("fuel_emission_factor", act))
    total = total.add((act["q"] * per_a).groupby(act["year"]).sum(), fill_value=0)
    green = _green(ds, data)
    total = total.add((-green["q"] * data.lookup("grid_emission_factor", green)).groupby(
        green["year"]).sum(), fill_value=0)
    species = recompute_species(ds, data)
    if species.empty:
        return total
    gwp = data.lookup("species_gwp", species.index.to_frame(index=False))
    return total.add((species * gwp).groupby(level="year").sum(), fill_value=0)


def _haulage(flow: pd.DataFrame, mode: pd.DataFrame, data: ModelData) -> np.ndarray:
    """The haulage factor of each flow's material on its route's mode."""
    return data.lookup("haulage_factor", pd.DataFrame({"material": flow["material"].to_numpy(),
                                                       "mode": mode["mode"].to_numpy()}))


def _green(ds: xr.Dataset, data: ModelData) -> pd.DataFrame:
    """Green electricity bought at each node, with the node's region."""
    green = _frame(ds, "green_electricity")
    return green.assign(region=green["node"].map(data.sets["node"]["region"]))


def recompute_species(ds: xr.Dataset, data: ModelData) -> pd.Series:
    """Tonnes of each emission species per year: factors per unit of activity times the
    activity, and factors per tonne of a material times the tonnes of it that the cube has
    entering or leaving the process."""
    rows = data.params["process_species_emissions"].rename("f").reset_index()
    if rows.empty:
        return pd.Series(dtype=float)
    act = _frame(ds, "activity").assign(basis="activity")
    moved = pd.concat([_frame(ds, "process_input"), _frame(ds, "process_output")]).rename(
        columns={"material": "basis"})
    amounts = pd.concat([act, moved[["process", "basis", "year", "q"]]])
    table = rows.merge(amounts, on=["process", "basis", "year"])
    return (table["f"] * table["q"]).groupby([table["species"], table["year"]]).sum()


def _relative(a: float, b: float, scale: float) -> float:
    return abs(a - b) / max(abs(scale), 1.0)


def _worst(values: pd.Series) -> float:
    """Largest value of ``values``, 0 when there are none."""
    return float(values.max()) if len(values) else 0.0


def _cny(value: float) -> str:
    """Money for a message: thousands separators, two decimals."""
    return f"{value:,.2f}"


def _has_money(ds: xr.Dataset) -> bool:
    """Whether the cube carries the solved money variables ``cost`` or ``revenue``."""
    return "cost" in ds or "revenue" in ds


def _cube_money(ds: xr.Dataset) -> pd.DataFrame:
    """The cube's own ``cost`` and ``revenue`` as rows (category, year, value) in CNY/yr.

    Revenue becomes a negative cost in category ``revenue``, as in ``recompute_costs``.
    Entries that are NaN (no such term) are left out; a missing variable gives no rows.
    """
    parts = []
    if "cost" in ds and ds["cost"].size:
        cost = ds["cost"].to_series().dropna().rename("value").reset_index()
        parts.append(cost.rename(columns={"cost_category": "category"}))
    if "revenue" in ds and ds["revenue"].size:
        revenue = (-ds["revenue"].to_series().dropna()).rename("value").reset_index()
        parts.append(revenue.assign(category="revenue"))
    if not parts:
        return pd.DataFrame({"category": pd.Series(dtype=object),
                             "year": pd.Series(dtype=int), "value": pd.Series(dtype=float)})
    return pd.concat(parts, ignore_index=True)[["category", "year", "value"]]


def _money_residuals(cube: pd.DataFrame, recomputed: pd.DataFrame,
                     objective: float) -> pd.DataFrame:
    """Cube and recomputed money side by side, per (category, year), with their mismatch.

    A (category, year) missing on one side counts as 0. ``relative`` is the error over
    ``max(|cube|, |recomputed|, 1)``; ``of_objective`` is the error over ``max(|objective|, 1)``.
    """
    both = cube.merge(recomputed, on=["category", "year"], how="outer",
                      suffixes=("_cube", "_inputs"))
    both[["value_cube", "value_inputs"]] = both[["value_cube", "value_inputs"]].fillna(0.0)
    error = (both["value_cube"] - both["value_inputs"]).abs()
    size = np.maximum(np.maximum(both["value_cube"].abs(), both["value_inputs"].abs()), 1.0)
    both["relative"] = error / size
    both["of_objective"] = error / max(abs(objective), 1.0)
    return both


def _money_line(row: pd.Series) -> str:
    """One mismatch for the message; revenue is shown positive, as in the cube."""
    sign, label = ((-1.0, "revenue") if row["category"] == "revenue"
                   else (1.0, f"cost {row['category']!r}"))
    return (f"{label} in {row['year']}: cube {_cny(sign * row['value_cube'])} CNY/yr, "
            f"recomputed from the cube's quantities and the inputs' prices "
            f"{_cny(sign * row['value_inputs'])} CNY/yr (off by {row['relative']:.3g} of the "
            f"entry, {row['of_objective']:.3g} of |objective|)")


def _check_money(ds: xr.Dataset, recomputed: pd.DataFrame, report: AuditReport) -> None:
    """Every (category, year) of cube ``cost`` and every year of ``revenue`` follows the inputs."""
    objective = float(ds.attrs.get("objective", np.nan))
    table = _money_residuals(_cube_money(ds), recomputed, objective)
    is_revenue = table["category"] == "revenue"
    report["cost"] = _worst(table.loc[~is_revenue, "relative"])
    report["revenue"] = _worst(table.loc[is_revenue, "relative"])
    bad = table[table["relative"] > RELATIVE_TOLERANCE].sort_values("relative", ascending=False)
    if len(bad):
        lines = [_money_line(row) for _, row in bad.head(10).iterrows()]
        raise AuditError("the cube's money does not follow the inputs of this scenario (were its "
                         "cost and revenue extracted with another scenario's prices?):\n  "
                         + "\n  ".join(lines))


def _discounted_total(money: pd.DataFrame, data: ModelData) -> float:
    """Present value of (category, year, value) rows: the sum of discount factor x value."""
    factor = dict(zip(data.years, data.discount_factors(), strict=True))
    return float((money["value"] * money["year"].map(factor)).sum())


def _check_objective(ds: xr.Dataset, data: ModelData, recomputed: pd.DataFrame,
                     report: AuditReport) -> None:
    """The solver's objective equals the discounted money, both recomputed and from the cube."""
    solver_objective = float(ds.attrs.get("objective", np.nan))
    objective = _discounted_total(recomputed, data)
    report["objective"] = _relative(objective, solver_objective, solver_objective)
    if not report["objective"] <= RELATIVE_TOLERANCE:
        raise AuditError(f"objective recomputed from the cube's quantities and the inputs is "
                         f"{_cny(objective)} CNY; the solver reported {_cny(solver_objective)} CNY "
                         f"(off by {report['objective']:.3g} of the objective)")
    if not _has_money(ds):
        return
    in_cube = _discounted_total(_cube_money(ds), data)
    report["objective_cube"] = _relative(in_cube, solver_objective, solver_objective)
    if not report["objective_cube"] <= RELATIVE_TOLERANCE:
        raise AuditError(f"objective recomputed from the cube's cost and revenue, sum over years "
                         f"of discount x (cost - revenue), is {_cny(in_cube)} CNY; the solver "
                         f"reported {_cny(solver_objective)} CNY (off by "
                         f"{report['objective_cube']:.3g} of the objective)")


def _check_emissions(ds: xr.Dataset, data: ModelData, report: AuditReport) -> None:
    """Cube emissions per year equal those recomputed from quantities and input factors."""
    emissions = recompute_emissions(ds, data)
    in_cube = ds["emissions"].sum("source").to_series().reindex(emissions.index).fillna(0)
    report["emissions"] = max((_relative(a, b, max(abs(a), abs(b))) for a, b in
                               zip(emissions, in_cube, strict=True)), default=0.0)
    if report["emissions"] > RELATIVE_TOLERANCE:
        raise AuditError(f"emissions recomputed from inputs {emissions.to_dict()} differ from "
                         f"the cube {in_cube.to_dict()}")
    species = recompute_species(ds, data)
    if "species_emissions" not in ds:
        return
    cube = ds["species_emissions"].to_series()
    species = species.reindex(cube.index, fill_value=0.0)
    worst = float(((species - cube).abs() / np.maximum(cube.abs(), 1.0)).max())
    report["emissions"] = max(report["emissions"], worst)
    if worst > RELATIVE_TOLERANCE:
        raise AuditError(f"species emissions recomputed from inputs {species.to_dict()} differ "
                         f"from the cube {cube.to_dict()}")


def _check_credits(ds: xr.Dataset, data: ModelData, report: AuditReport) -> None:
    """Cube substitution credits per year equal tonnes sold times the substitution factor."""
    credits = recompute_credits(ds, data)
    in_cube = _frame(ds, "credits").set_index("year")["q"].reindex(credits.index).fillna(0)
    report["credits"] = max((_relative(a, b, max(abs(a), abs(b))) for a, b in
                             zip(credits, in_cube, strict=True)), default=0.0)
    if report["credits"] > RELATIVE_TOLERANCE:
        raise AuditError(f"credits recomputed from sales {credits.to_dict()} differ from the "
                         f"cube {in_cube.to_dict()}")


def audit(ds: xr.Dataset, data: ModelData) -> AuditReport:
    """Check balances, emissions, money and the objective of a solved cube; raise on mismatch.

    Parameters
    ----------
    ds
        Result cube of an optimal solve (see ``model.results.cube``).
    data
        The inputs of the same scenario (sweep member) the cube was solved for.

    Returns
    -------
    AuditReport
        Largest relative residual per check (``balance``, ``process``, ``emissions``,
        ``credits``, ``cost``, ``revenue``, ``objective``, ``objective_cube``). A cube without
        ``cost`` and ``revenue`` (no solution) is not audited and gives an empty report.

    Raises
    ------
    AuditError
        When a residual exceeds ``RELATIVE_TOLERANCE``; the message says where.
    """
    report = AuditReport()
    if not _has_money(ds):
        return report
    _check_balances(ds, data, report)
    _check_processes(ds, report)
    _check_emissions(ds, data, report)
    _check_credits(ds, data, report)
    costs = recompute_costs(ds, data)
    _check_money(ds, costs, report)
    _check_objective(ds, data, costs, report)
    return report
