"""A combined result cube as an IAMC long table that pyam reads.

Columns ``model, scenario, region, variable, unit, year, value``; one row per data point.

**Variables** are ``|``-separated Title Case segments (small words such as *of* and *and*
stay lower case, as in the IAMC common definitions). Every variable that has children
equals their sum, so ``pyam.IamDataFrame.check_aggregate`` passes; a namespace without a
meaningful sum (``Emissions|CO2e``, ``Trade``, ``Price``) has no row of its own.

=====================================  ====================  ==============================
variable                               unit                  from the cube
=====================================  ====================  ==============================
``Emissions|CO2e|Gross``               Mt CO2e/yr            ``ledger_gross``
``Emissions|CO2e|Gross|<Source>``      Mt CO2e/yr            ``emissions`` by source
``Emissions|CO2e|Avoided``             Mt CO2e/yr            ``credits``
``Emissions|CO2e|Avoided|<Material>``  Mt CO2e/yr            ``ledger_avoided``
``Emissions|CO2e|Net``                 Mt CO2e/yr            ``ledger_net``
``Production|Secondary|<Material>``    Mt/yr                 ``process_output`` of sold
                                                             materials, at the process node
``Sales|<Material>``                   Mt/yr                 ``sales`` at the market node
``Capacity|Recycling|<Stage>``         Mt/yr                 ``capacity`` (t of input)
``Trade|Exports|<Material>``           Mt/yr                 ``flow`` on border crossings,
``Trade|Imports|<Material>``           Mt/yr                 by exporter / importer country
``Cost|<Category>``                    billion CNY_<y>/yr    ``cost`` (undiscounted)
``Revenue``                            billion CNY_<y>/yr    ``revenue`` (undiscounted)
``Price|<Material>``                   CNY_<y>/t             ``material_price`` weighted by
                                                             ``sales`` (not additive)
=====================================  ====================  ==============================

Parents (``Production|Secondary``, ``Sales``, ``Capacity|Recycling``, ``Trade|Exports``,
``Trade|Imports``, ``Cost``) are the sums of their children. ``<y>`` is the price base year:
the cube's ``price_base_year`` attribute, else its first model year.

**Regions**: ``World``; each country of the nodes (``node_country``, ISO 3166 codes, named
as the IAMC community names them, see :mod:`model.results.countries`); and, when the cube
carries a ``node_region`` coordinate and a country has more than one native region, each
native region as ``<Country>|<Region>``. Quantities at nodes (sales, production, capacity,
prices) are reported for every region; trade for countries and World (the sum of the
countries' exports or imports); system quantities without a place (emissions, cost,
revenue) for World only.

**Zeros**: a time series (model, scenario, region, variable) that is zero in every year is
left out unless ``include_zeros``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from model.data.units import conversion_factor
from model.report.i18n import category_text
from model.report.names import names
from model.results.countries import country_name

__all__ = ["COLUMNS", "SMALL_WORDS", "WORLD", "ZERO", "title_case", "to_iamc", "units"]

COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
WORLD = "World"
ZERO = 1e-9  # in the reported unit: a series whose every value is within this is all zero
SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on",
                         "or", "per", "the", "to", "via", "with"})
_KEYS = ["scenario", "region", "variable", "year"]
_MASS, _CO2E = "Mt/yr", "Mt CO2e/yr"


def units(price_year: int) -> dict[str, str]:
    """The reported unit of each kind of quantity, money in CNY of ``price_year``."""
    return {"mass": _MASS, "emissions": _CO2E, "money": f"billion CNY_{price_year}/yr",
            "price": f"CNY_{price_year}/t"}


def title_case(text: str) -> str:
    """An id or label as one Title Case variable segment.

    >>> title_case("dismantling outside the park")
    'Dismantling Outside the Park'
    >>> title_case("Retired NMC (ternary) pack|2nd life")
    'Retired NMC (Ternary) Pack/2nd Life'
    """
    words = text.replace("|", "/").replace("_", " ").split()
    return " ".join(w.lower() if i and w.lower() in SMALL_WORDS else _capital(w)
                    for i, w in enumerate(words))


def _capital(word: str) -> str:
    head = len(word) - len(word.lstrip("([{\"'/"))
    rest = word[head:]
    return word[:head] + rest[:1].upper() + rest[1:] if rest[:1].isalpha() else word


@dataclass(frozen=True)
class _Cube:
    """The cube with its places: each node's regions (World, country, native region)."""

    ds: xr.Dataset
    places: pd.DataFrame  # node, region (a node is in several regions)
    countries: dict[str, str]  # node country code -> region name


def to_iamc(combined: xr.Dataset, model_name: str = "ziya", include_zeros: bool = False,
            price_year: int | None = None) -> pd.DataFrame:
    """Long IAMC table (see the module docstring for variables, units and regions).

    Parameters
    ----------
    combined
        A result cube with a ``scenario`` dimension (``collect``), or one result file.
    model_name
        The ``model`` column.
    include_zeros
        Keep time series that are zero in every year.
    price_year
        Base year of the money units; default the cube's ``price_base_year`` attribute,
        else its ``first_year``, else its first year.
    """
    cube = _cube(combined)
    year = price_year or int(combined.attrs.get("price_base_year")
                             or combined.attrs.get("first_year")
                             or cube.ds["year"].min())
    unit = units(year)
    pieces = [*_emissions(cube, unit["emissions"]), *_money(cube, unit["money"]),
              *_materials(cube, unit["mass"], unit["price"]), *_capacity(cube, unit["mass"]),
              *_trade(cube, unit["mass"])]
    pieces = [p for p in pieces if len(p)]
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(pieces, ignore_index=True)
    table["value"] = table["value"].astype(float) + 0.0  # no negative zeros
    table["year"] = table["year"].astype(int)
    table["scenario"] = table["scenario"].astype(str)
    if not include_zeros:
        big = table["value"].abs().gt(ZERO)
        table = table[big.groupby([table[k] for k in ("scenario", "region", "variable")])
                      .transform("any")]
    table.insert(0, "model", model_name)
    return table[COLUMNS].sort_values(_KEYS).reset_index(drop=True)


def _cube(combined: xr.Dataset) -> _Cube:
    ds = combined
    for study in ("sample", "pareto_point"):
        if study in ds.dims:
            ds = ds.swap_dims({study: "scenario"})
    if "scenario" not in ds.dims:
        ds = ds.expand_dims(scenario=[str(ds.attrs.get("scenario", "?"))])
    nodes = [str(n) for n in ds["node"].to_numpy()] if "node" in ds.coords else []
    codes = ([str(c) for c in ds["node_country"].to_numpy()] if "node_country" in ds.coords
             else [""] * len(nodes))
    countries = {c: country_name(c) for c in set(codes) if c}
    rows = [(n, WORLD) for n in nodes] + [(n, countries[c]) for n, c in zip(nodes, codes,
                                                                            strict=True) if c]
    rows += _native(ds, nodes, [countries.get(c, "") for c in codes])
    return _Cube(ds, pd.DataFrame(rows, columns=["node", "region"]).drop_duplicates(),
                 countries)


def _native(ds: xr.Dataset, nodes: list[str], countries: list[str]) -> list[tuple[str, str]]:
    """(node, ``<Country>|<Region>``) for countries with more than one native region."""
    if "node_region" not in ds.coords:
        return []
    column = "node_region_label" if "node_region_label" in ds.coords else "node_region"
    native = [title_case(str(r)) for r in ds[column].to_numpy()]
    frame = pd.DataFrame({"node": nodes, "country": countries, "native": native})
    frame = frame[(frame["country"] != "") & (frame["native"] != "")]
    several = frame.groupby("country")["native"].transform("nunique") > 1
    frame = frame[several]
    return list(zip(frame["node"], frame["country"] + "|" + frame["native"], strict=True))


# ------------------------------------------------------------------ helpers


def _frame(da: xr.DataArray, canonical: str, target: str) -> pd.DataFrame:
    """``da`` as a frame of its non-NaN, finite values, converted from its ``units``."""
    factor = conversion_factor(str(da.attrs.get("units", canonical)), target)
    frame = da.to_series().dropna().rename("value").reset_index()
    frame = frame[np.isfinite(frame["value"])]
    return frame.assign(value=frame["value"] * factor)


def _labels(ds: xr.Dataset, kind: str) -> dict[str, str]:
    """Title Case English name of each id of ``kind`` (see ``model.report.names``)."""
    found = names(ds, kind, "en")
    return {k: title_case(v) for k, v in found.items()}


def _label(frame: pd.DataFrame, column: str, labels: dict[str, str]) -> pd.Series:
    return frame[column].astype(str).map(lambda k: labels.get(k) or title_case(k))


def _world(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(region=WORLD)


def _regional(frame: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Per-node rows (``node``, ``variable``, ...) summed into every region of the node."""
    merged = frame.merge(places, on="node")
    return merged.groupby(_KEYS, as_index=False)["value"].sum()


def _tree(children: pd.DataFrame, parent: str, unit: str,
          total: pd.DataFrame | None = None) -> pd.DataFrame:
    """``children`` (``_KEYS`` + value) summed per variable, with ``parent`` their total
    (or ``total``, an independent total of them, when the cube has one)."""
    children = children.groupby(_KEYS, as_index=False)["value"].sum()
    if total is None:
        total = children.groupby(["scenario", "region", "year"], as_index=False)["value"].sum()
    return pd.concat([total.assign(variable=parent)[[*_KEYS, "value"]], children],
                     ignore_index=True).assign(unit=unit)


# ------------------------------------------------------------------ variables


def _emissions(cube: _Cube, unit: str) -> list[pd.DataFrame]:
    ds, out = cube.ds, []
    gross = _world(_frame(ds["ledger_gross"], "tCO2e/yr", "MtCO2e/yr")) \
        if "ledger_gross" in ds else None
    if "emissions" in ds:
        frame = _world(_frame(ds["emissions"], "tCO2e/yr", "MtCO2e/yr"))
        frame["variable"] = "Emissions|CO2e|Gross|" + frame["source"].map(title_case)
        out.append(_tree(frame, "Emissions|CO2e|Gross", unit, gross))
    elif gross is not None:
        out.append(gross.assign(variable="Emissions|CO2e|Gross", unit=unit))
    credits = _world(_frame(ds["credits"], "tCO2e/yr", "MtCO2e/yr")) \
        if "credits" in ds else None
    if "ledger_avoided" in ds:
        frame = _world(_frame(ds["ledger_avoided"], "tCO2e/yr", "MtCO2e/yr"))
        frame["variable"] = ("Emissions|CO2e|Avoided|"
                             + _label(frame, "material", _labels(ds, "material")))
        out.append(_tree(frame, "Emissions|CO2e|Avoided", unit, credits))
    if "ledger_net" in ds:
        net = _world(_frame(ds["ledger_net"], "tCO2e/yr", "MtCO2e/yr"))
        out.append(net.assign(variable="Emissions|CO2e|Net", unit=unit))
    return out


def _money(cube: _Cube, unit: str) -> list[pd.DataFrame]:
    ds, out = cube.ds, []
    if "cost" in ds:
        frame = _world(_frame(ds["cost"], "CNY/yr", "bnCNY/yr"))
        frame["variable"] = "Cost|" + frame["cost_category"].map(
            lambda c: title_case(category_text(str(c), "en")))
        out.append(_tree(frame, "Cost", unit))
    if "revenue" in ds:
        revenue = _world(_frame(ds["revenue"], "CNY/yr", "bnCNY/yr"))
        out.append(revenue.assign(variable="Revenue", unit=unit))
    return out


def _materials(cube: _Cube, mass: str, price: str) -> list[pd.DataFrame]:
    """Sales at the markets, production of the materials sold, and their prices."""
    ds = cube.ds
    if "sales" not in ds:
        return []
    labels = _labels(ds, "material")
    sales = _frame(ds["sales"], "t/yr", "Mt/yr")
    sales["variable"] = "Sales|" + _label(sales, "material", labels)
    out = [_tree(_regional(sales, cube.places), "Sales", mass)]
    sold = set(sales.loc[sales["value"] > ZERO, "material"].astype(str))
    if "process_output" in ds and "process_node" in ds.coords:
        made = _frame(ds["process_output"], "t/yr", "Mt/yr")
        made = made[made["material"].astype(str).isin(sold)]
        made = _at_process_node(ds, made)
        made["variable"] = "Production|Secondary|" + _label(made, "material", labels)
        out.append(_tree(_regional(made, cube.places), "Production|Secondary", mass))
    if "material_price" in ds:
        out.append(_prices(cube, sales, labels, price))
    return out


def _at_process_node(ds: xr.Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    node = pd.Series(ds["process_node"].to_numpy().astype(str),
                     index=ds["process"].to_numpy().astype(str))
    return frame.assign(node=frame["process"].astype(str).map(node))


def _prices(cube: _Cube, sales: pd.DataFrame, labels: dict[str, str],
            unit: str) -> pd.DataFrame:
    """Shadow price of each material at the markets, weighted by the tonnes sold there."""
    prices = _frame(cube.ds["material_price"], "CNY/t", "CNY/t").rename(
        columns={"value": "price"})
    on = ["scenario", "node", "material", "year"]
    weighted = sales[sales["value"] > ZERO].merge(prices, on=on).merge(cube.places, on="node")
    weighted["variable"] = "Price|" + _label(weighted, "material", labels)
    weighted["product"] = weighted["price"] * weighted["value"]
    sums = weighted.groupby(_KEYS, as_index=False)[["product", "value"]].sum()
    return sums.assign(value=sums["product"] / sums["value"], unit=unit)[[*_KEYS, "value",
                                                                          "unit"]]


def _capacity(cube: _Cube, mass: str) -> list[pd.DataFrame]:
    ds = cube.ds
    if "capacity" not in ds or "process_node" not in ds.coords:
        return []
    frame = _at_process_node(ds, _frame(ds["capacity"], "t/yr", "Mt/yr"))
    if "process_stage" in ds.coords:
        stage = pd.Series(ds["process_stage"].to_numpy().astype(str),
                          index=ds["process"].to_numpy().astype(str))
        frame["stage"] = frame["process"].astype(str).map(stage)
    else:
        frame["stage"] = frame["process"].astype(str)
    frame["variable"] = "Capacity|Recycling|" + _label(frame, "stage", _labels(ds, "stage"))
    return [_tree(_regional(frame, cube.places), "Capacity|Recycling", mass)]


def _trade(cube: _Cube, mass: str) -> list[pd.DataFrame]:
    """Tonnes crossing a border, as exports of the exporter's and imports of the importer's
    country; World is the sum over countries."""
    ds = cube.ds
    if "flow" not in ds or "exporter_country" not in ds.coords:
        return []
    ends = pd.DataFrame({"exporter": ds["exporter_country"].to_numpy().astype(str),
                         "importer": ds["importer_country"].to_numpy().astype(str)},
                        index=ds["route"].to_numpy().astype(str))
    ends = ends[(ends["exporter"] != ends["importer"]) & (ends["exporter"] != "")
                & (ends["importer"] != "")]
    frame = _frame(ds["flow"], "t/yr", "Mt/yr")
    frame = frame.join(ends, on="route", how="inner")
    labels = _labels(ds, "material")
    out = []
    for side, column in (("Exports", "exporter"), ("Imports", "importer")):
        rows = frame.assign(region=frame[column].map(lambda c: cube.countries.get(c, c)),
                            variable=f"Trade|{side}|" + _label(frame, "material", labels))
        rows = pd.concat([rows, rows.assign(region=WORLD)], ignore_index=True)
        out.append(_tree(rows[[*_KEYS, "value"]], f"Trade|{side}", mass))
    return out
