"""The result cube: one ``xarray.Dataset`` per solved scenario, with units and provenance.

Every variable comes from a sparse family and is unstacked over its own dimensions only;
combinations that do not exist in the network are NaN, not 0. Shadow prices are undiscounted
(divided by the year's discount factor) and signed so that a positive value is what one more
unit of the constrained thing is worth.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from model.data.codes import numbered
from model.data.dataset import ModelData
from model.data.io import atomic_write
from model.data.sets import IndexSets, crossing_keys, keep_rows, key_rows
from model.domain import scope_nodes, service_pairs
from model.lp.program import Columns, Program
from model.lp.solve import SolveResult
from model.results.labels import label_coords, species_labels, species_names
from model.results.substances import add_substances, material_unit_coord
from model.results.sums import key_frame, summed, term_sums, where
from model.results.trade import crossing_gaps

if TYPE_CHECKING:
    import pyomo.environ as pyo

__all__ = ["extract_results", "program_of", "read_results", "write_results"]

FORMAT_VERSION = "1"


@dataclass(frozen=True)
class _Sparse:
    """A cube variable before it is placed on the cube's coordinates: its keys and values."""

    keys: pd.DataFrame  # one column per dimension, in the variable's dimension order
    values: np.ndarray
    attrs: dict[str, str]


def _array(keys: pd.DataFrame, values: np.ndarray, attrs: dict[str, str]) -> _Sparse:
    return _Sparse(numbered(keys), np.asarray(values, dtype=float), attrs)


def _coordinates(parts: list[_Sparse], data: ModelData) -> tuple[
        dict[str, np.ndarray], list[dict[str, np.ndarray]], dict[str, np.ndarray]]:
    """Each dimension's labels over all variables, sorted (what aligning them would give),
    and each variable's keys as positions in them: one coding per dimension over the keys
    of all variables (by the dimension's set when every key is in it, whose hash table is
    built once, and kept with each key frame; else one factorisation), not a hash lookup
    per variable; and the rows of the labels of a dimension coded by its set."""
    chunks: dict[str, list[pd.DataFrame]] = {}
    for part in parts:
        for dim in part.keys.columns:
            chunks.setdefault(dim, []).append(part.keys)
    coords, positions, rows = {}, {}, {}
    for dim, frames in chunks.items():
        known = _codes_in_set(data, dim, frames) if dim != "year" else None
        if known is not None:
            codes, labels, in_set = known
        elif dim == "year":
            codes, labels = _year_codes(np.concatenate(
                [np.asarray(frame[dim].to_numpy(), dtype=np.int64) for frame in frames]))
        else:
            joined = np.concatenate([frame[dim].to_numpy(dtype=object) for frame in frames])
            codes, labels = pd.factorize(joined, use_na_sentinel=False)
        labels = np.asarray(labels, dtype=np.int64 if dim == "year" else object)
        order = np.argsort(labels, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        coords[dim] = (labels[order] if len(labels)
                       else np.array([], dtype=int if dim == "year" else str))
        positions[dim] = rank[codes]
        if known is not None:
            rows[dim] = in_set[order]
    return coords, _split(parts, positions), rows


def _year_codes(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each year's number among the years present and those years, in order (what
    factorizing and sorting give), by their offsets from the first rather than a hash."""
    if not len(years) or int(years.max()) - int(years.min()) > 4 * len(years) + 64:
        codes, labels = pd.factorize(years, use_na_sentinel=False)
        return codes, labels
    low = int(years.min())
    present = np.bincount(years - low) > 0
    number = np.cumsum(present) - 1
    return number[years - low], low + np.flatnonzero(present)


def _codes_in_set(data: ModelData, dim: str, frames: list[pd.DataFrame]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Codes of the ``dim`` keys of ``frames`` among the labels present (each label once),
    those labels and their rows in the set, from the keys' positions in the dimension's set
    (kept with each key frame: those of an index set's frame are found once,
    ``build_index_sets``); None when there is no set or a key is not in it."""
    table = data.sets.get(dim)
    if table is None or not table.index.is_unique:
        return None
    at = np.concatenate([key_rows(data, dim, frame) for frame in frames])
    if (at < 0).any():
        return None
    present = np.zeros(len(table), dtype=bool)
    present[at] = True
    used = np.flatnonzero(present)
    code_of = np.empty(len(table), dtype=np.int64)
    code_of[used] = np.arange(len(used))
    return code_of[at], np.asarray(table.index[used], dtype=object), used


def _split(parts: list[_Sparse], positions: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
    """``positions`` (each dimension's over all variables in order) cut per variable."""
    out: list[dict[str, np.ndarray]] = []
    start: dict[str, int] = {}
    for part in parts:
        n = len(part.keys)
        codes = {}
        for dim in part.keys.columns:
            at = start.get(dim, 0)
            codes[dim] = positions[dim][at:at + n]
            start[dim] = at + n
        out.append(codes)
    return out


def _dense(part: _Sparse, codes: dict[str, np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """The variable's values over the cube's coordinates (NaN where it has no key); of
    repeated keys the first is kept."""
    out = np.full(shape, np.nan)
    if len(part.values):
        flat = np.ravel_multi_index([codes[d] for d in part.keys.columns], shape)
        if _repeats(flat, out.size):  # of a repeated key, the first
            first = ~pd.Index(flat).duplicated()
            flat, values = flat[first], part.values[first]
        else:
            values = part.values
        out.flat[flat] = values
    return out


def _repeats(flat: np.ndarray, size: int) -> bool:
    """Whether a value of ``flat`` (each below ``size``) repeats: none when it increases
    (keys in cube order), else fewer cells marked than values."""
    if bool(np.all(flat[1:] > flat[:-1])):
        return False
    seen = np.zeros(size, dtype=bool)
    seen[flat] = True
    return int(np.count_nonzero(seen)) < len(flat)


def _dataset(variables: dict[str, _Sparse | xr.DataArray], data: ModelData) -> xr.Dataset:
    """The cube's variables on shared coordinates (nothing left for xarray to align), with
    the labels of the coordinates (``label_coords``, the material units) made at once."""
    parts = {name: v for name, v in variables.items() if isinstance(v, _Sparse)}
    coords, codes, rows = _coordinates(list(parts.values()), data)
    dense = {
        name: (list(v.keys.columns),
               _dense(v, c, tuple(len(coords[d]) for d in v.keys.columns)), v.attrs)
        for (name, v), c in zip(parts.items(), codes, strict=True)}
    data_vars = {name: dense.get(name, v) for name, v in variables.items()}
    labels = label_coords(coords, data, rows)
    if "material" in coords:
        labels["material_unit"] = material_unit_coord(data, coords["material"])
    if "species" in coords and data.params["process_species_emissions"].empty:
        labels.update(species_names(data, coords["species"]))  # no species added later
    return xr.Dataset(data_vars, coords=_indexed(coords, labels))


def _indexed(dims: dict[str, np.ndarray], labels: dict[str, tuple]) -> xr.Coordinates:
    """The coordinates with each dimension's index made from its labels as they are (sorted,
    each once), so that xarray does not cast and check them again."""
    indexes = {dim: xr.indexes.PandasIndex(pd.Index(values, dtype=values.dtype if
                                                    values.dtype.kind in "iu" else object),
                                           dim, coord_dtype=values.dtype)
               for dim, values in dims.items()}
    variables = {name: variable for index in indexes.values()
                 for name, variable in index.create_variables().items()}
    variables.update({name: xr.Variable(*label) for name, label in labels.items()})
    return xr.Coordinates(variables, indexes=indexes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Solved:
    """A program and the solution of the member actually solved."""

    program: Program
    x: np.ndarray
    row_dual: np.ndarray | None

    def values(self, family: Columns) -> np.ndarray:
        return self.x[family.span]

    def column(self, name: str) -> _Sparse:
        family = self.program.columns[name]
        return _array(family.keys, self.values(family),
                      {"units": family.units, "long_name": family.long_name})

    def term_values(self, terms: list, label: str, attribute: str,
                    years: tuple[int, ...]) -> dict[str, np.ndarray]:
        """Sum of term values per (``label`` from each term's ``attribute``, year) of
        ``years``, as columns ``label``, ``year``, ``value``."""
        records = [term_sums({label: getattr(t, attribute)}, t.year,
                              self.values(t.family)[t.col] * t.coef)
                   for t in terms if len(t.col)]
        if not records:
            return {label: np.zeros(0, dtype=object), "year": np.zeros(0, dtype=np.int64),
                    "value": np.zeros(0)}
        total = summed(records, [label, "year"])
        return where(total, np.isin(total["year"], years))

    def shadow(self, name: str, sign: float, units: str, long_name: str) -> _Sparse:
        """Undiscounted shadow price of every key of a row family (NaN: no row)."""
        rows = self.program.rows[name]
        assert self.row_dual is not None
        values = rows.per_key(self.row_dual[rows.span])
        discount = _factors(self.program.discount, rows.keys["year"].to_numpy())
        return _array(rows.keys, sign * values / discount + 0.0,
                      {"units": units, "long_name": long_name})


def _factors(discount: dict[int, float], years: np.ndarray) -> np.ndarray:
    """``discount[year]`` of each of ``years`` (NaN where it has none), by searching the
    sorted years rather than mapping row by row."""
    have = np.array(sorted(discount), dtype=np.int64)
    factors = np.array([discount[int(y)] for y in have], dtype=float)
    if not len(have):
        return np.full(len(years), np.nan)
    at = np.minimum(np.searchsorted(have, years), len(have) - 1)
    return np.where(have[at] == years, factors[at], np.nan)


def _emissions_by_node(solved: _Solved, data: ModelData) -> dict[str, _Sparse]:
    """Emissions of each source counted at each node (where an instrument's boundary cuts);
    by the nodes' rows in the node set when every term knows them, else by their labels."""
    terms = [t for t in solved.program.emission_terms if len(t.col)]
    if not terms:
        return {}
    nodes = data.sets["node"].index
    coded = len(nodes) if all(t.node_rows is not None and (not len(t.node_rows) or int(
        t.node_rows.min()) >= 0) for t in terms) else None
    records = [term_sums({"source": t.source}, t.year, solved.values(t.family)[t.col] * t.coef,
                         ("node", t.node if coded is None or t.node_rows is None
                          else t.node_rows), coded)
               for t in terms]
    total = summed(records, ["source", "node", "year"])
    total = where(total, np.isin(total["year"], data.years))
    rows = None
    if coded is not None:  # the nodes by their rows: named from the set, the rows kept
        rows = total["node"]
        total["node"] = np.asarray(nodes, dtype=object)[rows]
    keys = key_frame(total, ["source", "node", "year"])
    if rows is not None:
        keep_rows(data, keys, "node", rows)
    return {"emissions_node": _array(keys, total["value"],
                                     {"units": "tCO2e/yr", "long_name": "emissions by source "
                                      "counted at the node (process node, route origin, "
                                      "disposal site)"})}


def _money(solved: _Solved, data: ModelData) -> dict[str, _Sparse]:
    """Cost by category and revenue of the member solved, from its own program's terms."""
    table = solved.term_values(solved.program.cost_terms, "cost_category", "category",
                               data.years)
    sold = table["cost_category"] == "revenue"
    revenue, costs = where(table, sold), where(table, ~sold)
    return {
        "cost": _array(key_frame(costs, ["cost_category", "year"]), costs["value"],
                       {"units": "CNY/yr", "long_name": "cost by category (undiscounted)"}),
        "revenue": _array(key_frame(revenue, ["year"]), -revenue["value"],
                          {"units": "CNY/yr", "long_name": "sales revenue (undiscounted)"}),
    }


def _scopes(data: ModelData) -> dict[str, _Sparse]:
    """1 where an instrument covers a node, 0 where its boundary leaves the node out (only
    when some instrument has a boundary)."""
    if data.relations["instrument_node"].empty:
        return {}
    nodes = list(data.sets["node"].index)
    keys = pd.DataFrame([(i, n) for i in data.cat.enums["instrument"] for n in nodes],
                        columns=["instrument", "node"])
    scope = {i: scope_nodes(data, i) for i in data.cat.enums["instrument"]}
    inside = [n in (scope[i] or nodes) for i, n in keys.itertuples(index=False)]
    return {"instrument_scope": _array(keys, np.asarray(inside, dtype=float),
                                       {"units": "1", "long_name": "1 where the carbon "
                                        "instrument covers the node (its boundary)"})}


def _policy(data: ModelData) -> dict[str, _Sparse]:
    """The carbon price, cap and reference ETS price of each year as the member used them
    (inf: no cap), so a report can draw the cap and set the shadow price beside the prices."""
    years = pd.DataFrame({"year": np.asarray(data.years)})
    return {
        **_scopes(data),
        "carbon_price": _array(years, data.lookup("carbon_price", years),
                               {"units": "CNY/tCO2e", "long_name": "carbon price (input)"}),
        "carbon_cap": _array(years, data.lookup("carbon_cap", years),
                             {"units": "tCO2e/yr", "long_name": "carbon cap (input; inf: none)"}),
        "carbon_price_reference": _array(
            years, data.lookup("carbon_price_reference", years),
            {"units": "CNY/tCO2e", "long_name": "national ETS allowance price, for comparison "
             "(input; not in the objective; 0: none)"}),
    }


def _process_flows(solved: _Solved, data: ModelData) -> dict:
    """Each process's input and output by material: its activity times the coefficients of
    the activity's balance term (the IO pairs and transfer coefficients the balance used)."""
    activity = solved.program.columns["activity"]
    at = next(t.at for t in solved.program.balance_terms if t.family is activity)
    value = solved.values(activity)[at["col"].to_numpy()] * at["coef"].to_numpy()
    direction = at["direction"].to_numpy()
    out = {}
    for way, name in (("in", "process_input"), ("out", "process_output")):
        part = np.flatnonzero(direction == way)
        keys = pd.DataFrame({c: at[c].array.take(part) for c in ("process", "material", "year")},
                            copy=False)
        data.positions.carry(at, keys, part, ["process set", "material set"])
        out[name] = _array(keys, value[part],
                           {"units": "t/yr", "long_name": f"process {way}put by material"})
    return out


def _spread(values: pd.Series, n: int) -> np.ndarray:
    """``values`` (indexed by row numbers) at their rows of ``n``, 0 elsewhere."""
    out = np.zeros(n)
    out[values.index.to_numpy()] = values.to_numpy()
    return out


def _capacity(solved: _Solved, data: ModelData) -> _Sparse:
    families = solved.program.columns
    activity, new = families["activity"], families["new_capacity"]
    keys = activity.keys
    existing = data.lookup("process_capacity", keys)
    built = pd.DataFrame({"process": new.keys["process"], "built": new.keys["year"],
                          "life": data.lookup("process_lifetime", new.keys)}, copy=False)
    col, row = service_pairs(built, keys)  # a build, an activity row (process-year) it serves
    added = pd.Series(solved.values(new)[col]).groupby(row).sum()  # by pandas, as before
    total = existing + _spread(added, len(keys))
    return _array(keys, total, {"units": "t/yr", "long_name": "available capacity"})


_SHADOW_PRICES = (  # cube variable, row family, sign, units, long name
    ("material_price", "balance", -1.0, "CNY/t", "shadow price of the material at the node"),
    ("carbon_shadow_price", "carbon_cap", -1.0, "CNY/tCO2e", "shadow price of the carbon cap"),
    ("capacity_shadow_price", "process_capacity", -1.0, "CNY/t",
     "value of one more t/yr of capacity"),
    ("route_shadow_price", "route_capacity", -1.0, "CNY/t",
     "value of one more t/yr on the route"),
    ("intensity_shadow_price", "intensity_standard", -1.0, "CNY/tCO2e",
     "shadow price of the throughput intensity standard (per tCO2e of allowance)"),
    ("product_intensity_shadow_price", "product_intensity_standard", -1.0, "CNY/tCO2e",
     "shadow price of the product intensity standard (per tCO2e of allowance)"),
    ("recovery_shadow_price", "recovery_minimum", 1.0, "CNY/t",
     "cost of the recovery minimum per tonne of element it forces into products"),
    ("hub_shadow_price", "node_throughput", -1.0, "CNY/t",
     "value of one more t/yr of a node's throughput"),
    ("shared_capacity_shadow_price", "shared_capacity", -1.0, "CNY/t",
     "value of one more t/yr of a group's shared capacity"),
    ("constraint_shadow_price", "user_constraint", -1.0, "CNY/t",
     "value of raising a user-defined constraint's bounds by one t/yr (negative where a "
     "minimum binds: raising it costs)"),
    ("species_shadow_price", "species_cap", -1.0, "CNY/t",
     "value of one more tonne of a species' cap"),
    ("trade_quota_shadow_price", "trade_quota", -1.0, "CNY/t",
     "value of one more tonne of trade quota on the lane (the rent of a binding quota or ban)"),
)


def _shadow_prices(solved: _Solved) -> dict[str, _Sparse | xr.DataArray]:
    cube: dict[str, _Sparse | xr.DataArray] = {name: solved.shadow(rows, sign, units, long_name)
            for name, rows, sign, units, long_name in _SHADOW_PRICES}
    budget = solved.program.rows["carbon_budget"]
    assert solved.row_dual is not None
    value = solved.row_dual[budget.span]
    cube["budget_shadow_price"] = xr.DataArray(
        -float(value[0]) + 0.0 if len(value) else np.nan,
        attrs={"units": "CNY/tCO2e", "long_name": "shadow price of the cumulative budget "
               "(CNY of the first model year)"})
    return cube


def _crossings(program: Program, data: ModelData, result: SolveResult) -> dict[str, _Sparse]:
    """Gap to opening of each unused border crossing, headroom of each used one."""
    assert result.x is not None and result.row_dual is not None
    if not crossing_keys(data, program.columns["flow"].keys)["crossing"].any():
        return {}  # no border crossed: no crossing to report
    table = crossing_gaps(program, data, result.x, result.row_dual, result.cost_up)
    if table.empty:
        return {}
    keys = table[["route", "material", "year"]]
    return {
        "trade_gap": _array(keys, table["gap"].to_numpy(), {
            "units": "CNY/t", "long_name": "improvement in cost or price needed for one tonne "
            "to cross (unused crossings; < 0: closed by a quota or ban)"}),
        "trade_headroom": _array(keys, table["headroom"].to_numpy(), {
            "units": "CNY/t", "long_name": "rise in the route's cost per tonne before the "
            "optimal plan changes (used crossings, LP cost ranging)"}),
        "trade_value": _array(keys, table["flow"].to_numpy()
                              * data.lookup("customs_value", keys), {
            "units": "CNY/yr", "long_name": "customs value of the tonnes crossing (NaN: the "
            "material has no customs value)"}),
    }


def program_of(model: Program | pyo.ConcreteModel) -> Program:
    """The program of a Pyomo model made by ``build_model``, or the program itself."""
    if isinstance(model, Program):
        return model
    from model.lp.pyomo_model import link_of  # Pyomo is imported only for a Pyomo model

    return link_of(model).program


def extract_results(
    model: Program | pyo.ConcreteModel,
    data: ModelData,
    sets: IndexSets,
    result: SolveResult,
    attrs: dict[str, object] | None = None,
) -> xr.Dataset:
    """The result cube of the member solved: its program and its solution (see above)."""
    program = program_of(model)
    if result.x is None:
        raise ValueError("the solve has no solution to extract")
    solved = _Solved(program, result.x, result.row_dual)
    fam = program.columns
    cube: dict[str, _Sparse | xr.DataArray] = {
        **{name: solved.column(name) for name in ("supply", "sales", "disposal", "flow",
                                                  "activity", "new_capacity", "stockpile")},
        **{name: solved.column(name) for name in ("green_electricity",)
           if name in fam and len(fam[name])},
        "capacity": _capacity(solved, data),
        "emissions": solved.column("emissions"),
        **_emissions_by_node(solved, data),
        "credits": solved.column("credits"),
        **_process_flows(solved, data),
        **_money(solved, data),
        **_policy(data),
        # discrete decisions (whole plant units, route services), when the data has them
        **{name: solved.column(name) for name in ("units_built", "route_open")
           if name in fam and len(fam[name])},
    }
    if result.row_dual is not None:
        cube.update(_shadow_prices(solved))
        cube.update(_crossings(program, data, result))
    ds = species_labels(add_substances(_dataset(cube, data), data), data)
    ds.attrs.update(_provenance(program, data, result))
    ds.attrs["carbon_accounting"] = data.accounting
    ds.attrs.update(attrs or {})
    return ds


@functools.cache
def _version(package: str) -> str:
    """The version of ``package``: an imported module's own ``__version__`` (the same, and
    no metadata files to read and parse: 3.7 ms for six packages in a new process), else
    the installed distribution's."""
    module = sys.modules.get(package)
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _provenance(program: Program, data: ModelData, result: SolveResult) -> dict:
    n_vars, n_rows = program.n_columns, program.n_rows
    return {
        "title": "ziya result cube",
        "Conventions": "CF-1.8",
        "format_version": FORMAT_VERSION,
        "status": result.status,
        "termination_condition": result.termination_condition,
        "objective": float(result.objective) if result.objective is not None else np.nan,
        "objective_units": "CNY (present value, discounted to the first model year)",
        "objective_bound": float(result.bound) if result.bound is not None else np.nan,
        "mip_gap": float(result.gap) if result.gap is not None else np.nan,
        "duals_note": result.duals_note or "duals of the LP",
        "solver": result.solver,
        "solve_seconds": result.seconds,
        "lp_load": result.load,
        "n_variables": n_vars,
        "n_constraints": n_rows,
        "input_source": data.source,
        "input_hash": data.input_hash,
        "first_year": int(data.years[0]),
        "discount_rate": data.scalar("discount_rate"),
        "versions": json.dumps({p: _version(p) for p in
                                ("ziya", "pyomo", "highspy", "xarray", "pandas", "numpy")}),
    }


def write_results(ds: xr.Dataset, path: Path | str) -> Path:
    """Write the cube to netCDF atomically (temporary file, then rename)."""
    return atomic_write(Path(path), lambda tmp: ds.to_netcdf(tmp, engine="netcdf4"))


def read_results(path: Path | str) -> xr.Dataset:
    """Read a cube written by ``write_results`` (loaded into memory, file closed)."""
    with xr.open_dataset(path, engine="netcdf4") as ds:
        return ds.load()
