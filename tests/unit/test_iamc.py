"""IAMC export: schema, Title Case tree with parent totals, regions, units, no zero series."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from model.results.countries import country_name
from model.results.iamc import COLUMNS, SMALL_WORDS, WORLD, ZERO, title_case, to_iamc

YEARS = [2025, 2030]
SCENARIOS = ["low", "high"]
NODES = {  # node: (country, native region)
    "kz_src": ("KZ", "kazakhstan"), "park": ("CN", "north_china"),
    "mkt": ("CN", "north_china"), "mkt_east": ("CN", "east_china"), "moscow": ("RU", "russia"),
}
MATERIALS = {"metal": "Secondary metal", "scrap": "Mixed scrap", "idle": "Idle by-product"}
ROUTES = {"kz-park": ("kz_src", "park"), "park-moscow": ("park", "moscow"),
          "park-mkt": ("park", "mkt")}
ALLOWED_UNITS = {"Mt/yr", "Mt CO2e/yr", "billion CNY_2025/yr", "CNY_2025/t"}


def _zeros(*dims: str) -> xr.DataArray:
    coords = {"scenario": SCENARIOS, "node": list(NODES), "material": list(MATERIALS),
              "year": YEARS, "process": ["smelt", "sort"], "route": list(ROUTES),
              "source": ["process", "transport"],
              "cost_category": ["acquisition", "export_vat", "transport"]}
    return xr.DataArray(np.zeros([len(coords[d]) for d in dims]), dims=dims,
                        coords={d: coords[d] for d in dims})


def _set(da: xr.DataArray, value: float, **at: str | int) -> None:
    da.loc[at] = value


def _cube() -> xr.Dataset:
    """Two scenarios; scrap from Kazakhstan into the park, metal sold in two Chinese regions
    and exported to Moscow; nothing of ``idle`` anywhere."""
    sales, flow = _zeros("scenario", "node", "material", "year"), _zeros(
        "scenario", "route", "material", "year")
    for s, scale in zip(SCENARIOS, (1.0, 2.0), strict=True):
        _set(sales, 600e3 * scale, scenario=s, node="mkt", material="metal")
        _set(sales, 200e3 * scale, scenario=s, node="mkt_east", material="metal")
        _set(sales, 100e3 * scale, scenario=s, node="moscow", material="metal")
        _set(flow, 1e6 * scale, scenario=s, route="kz-park", material="scrap")
        _set(flow, 100e3 * scale, scenario=s, route="park-moscow", material="metal")
        _set(flow, 600e3 * scale, scenario=s, route="park-mkt", material="metal")
    price = _zeros("scenario", "node", "material", "year") + 2000.0
    price.loc[{"node": "mkt_east"}] = 2600.0
    output = _zeros("scenario", "process", "material", "year")
    output.loc[{"process": "smelt", "material": "metal"}] = 900e3
    output.loc[{"process": "sort", "material": "scrap"}] = 50e3  # never sold: not production
    capacity = _zeros("scenario", "process", "year")
    capacity.loc[{"process": "smelt"}], capacity.loc[{"process": "sort"}] = 1.2e6, 0.3e6
    emissions = _zeros("scenario", "source", "year")
    emissions.loc[{"source": "process"}], emissions.loc[{"source": "transport"}] = 4e5, 1e5
    avoided = _zeros("scenario", "material", "year")
    avoided.loc[{"material": "metal"}] = 3e6
    cost = _zeros("scenario", "cost_category", "year")
    cost.loc[{"cost_category": "acquisition"}], cost.loc[{"cost_category": "transport"}] = \
        1.5e9, 0.5e9
    t, co2, cny = {"units": "t/yr"}, {"units": "tCO2e/yr"}, {"units": "CNY/yr"}
    ds = xr.Dataset({
        "sales": sales.assign_attrs(t), "flow": flow.assign_attrs(t),
        "material_price": price.assign_attrs(units="CNY/t"),
        "process_output": output.assign_attrs(t), "capacity": capacity.assign_attrs(t),
        "emissions": emissions.assign_attrs(co2),
        "ledger_gross": emissions.sum("source").assign_attrs(co2),
        "ledger_avoided": avoided.assign_attrs(co2),
        "credits": avoided.sum("material").assign_attrs(co2),
        "ledger_net": (emissions.sum("source") - avoided.sum("material")).assign_attrs(co2),
        "cost": cost.assign_attrs(cny), "revenue": (_zeros("scenario", "year") + 2.2e9)
        .assign_attrs(cny)}, attrs={"first_year": 2025})
    ends = [ROUTES[r] for r in ds["route"].to_numpy()]
    return ds.assign_coords(
        node_country=("node", [NODES[n][0] for n in ds["node"].to_numpy()]),
        node_region=("node", [NODES[n][1] for n in ds["node"].to_numpy()]),
        material_label=("material", [MATERIALS[m] for m in ds["material"].to_numpy()]),
        process_node=("process", ["park", "park"]),
        process_stage=("process", ["smelting", "sorting"]),
        process_stage_label=("process", ["Smelting and refining", "Sorting"]),
        exporter_country=("route", [NODES[a][0] for a, _ in ends]),
        importer_country=("route", [NODES[b][0] for _, b in ends]))


@pytest.fixture
def table() -> pd.DataFrame:
    return to_iamc(_cube())


def value(table: pd.DataFrame, variable: str, region: str = WORLD, scenario: str = "low",
          year: int = 2025) -> float:
    row = table[(table["variable"] == variable) & (table["region"] == region)
                & (table["scenario"] == scenario) & (table["year"] == year)]
    assert len(row) == 1, f"{variable} in {region}: {len(row)} rows"
    return float(row["value"].iloc[0])


def title_problems(variables: pd.Series) -> list[str]:
    """Variables with a segment that is not Title Case (small words aside)."""
    bad = []
    for variable in variables.unique():
        for segment in variable.split("|"):
            words = segment.split(" ")
            for i, word in enumerate(words):
                core = word.lstrip("([{\"'/")
                small = i > 0 and word in SMALL_WORDS
                if not word or (core[:1].isalpha() and not core[:1].isupper() and not small):
                    bad.append(f"{variable}: {word!r}")
    return bad


def parent_problems(table: pd.DataFrame) -> list[str]:
    """Parents (rows with child rows one level down) that differ from the sum of children."""
    keys = ["model", "scenario", "region", "year"]
    rows = table.assign(parent=table["variable"].str.rpartition("|")[0])
    children = rows[rows["parent"] != ""].groupby([*keys, "parent"])["value"].sum()
    children.index = children.index.set_names("variable", level="parent")
    parents = table.set_index([*keys, "variable"])["value"]
    both = pd.concat([parents.rename("parent"), children.rename("children")], axis=1,
                     join="inner")
    wrong = ~np.isclose(both["parent"], both["children"], rtol=1e-9, atol=1e-12)
    return [f"{key}: {p} != {c}" for key, p, c in zip(both.index[wrong], both["parent"][wrong],
                                                     both["children"][wrong], strict=True)]


def test_schema(table: pd.DataFrame) -> None:
    assert list(table.columns) == COLUMNS
    assert not table.duplicated(["model", "scenario", "region", "variable", "year"]).any()
    assert set(table["unit"]) <= ALLOWED_UNITS
    assert table["year"].dtype.kind == "i" and np.isfinite(table["value"]).all()
    assert set(table["scenario"]) == set(SCENARIOS) and set(table["model"]) == {"ziya"}
    assert title_problems(table["variable"]) == []
    assert title_problems(pd.Series(["Sales|secondary metal"])) != []  # the check can fail


def test_title_case_keeps_acronyms_and_small_words() -> None:
    assert title_case("NMC (ternary) black mass of the park") == \
        "NMC (Ternary) Black Mass of the Park"
    assert title_case("export_vat") == "Export Vat"
    assert "|" not in title_case("a|b")


def test_variable_tree_and_units(table: pd.DataFrame) -> None:
    units = table.groupby("variable")["unit"].first()
    assert units["Emissions|CO2e|Gross"] == "Mt CO2e/yr"
    assert units["Cost"] == "billion CNY_2025/yr" and units["Price|Secondary Metal"] \
        == "CNY_2025/t"
    assert value(table, "Emissions|CO2e|Gross") == pytest.approx(0.5)
    assert value(table, "Emissions|CO2e|Gross|Transport") == pytest.approx(0.1)
    assert value(table, "Emissions|CO2e|Avoided|Secondary Metal") == pytest.approx(3.0)
    assert value(table, "Emissions|CO2e|Net") == pytest.approx(-2.5)
    assert value(table, "Cost|Acquisition of Materials") == pytest.approx(1.5)
    assert value(table, "Cost", scenario="high") == pytest.approx(2.0)
    assert value(table, "Revenue") == pytest.approx(2.2)
    assert value(table, "Sales|Secondary Metal") == pytest.approx(0.9)
    assert value(table, "Capacity|Recycling|Smelting and Refining") == pytest.approx(1.2)
    assert value(table, "Capacity|Recycling") == pytest.approx(1.5)
    # production counts the materials sold: the unsold sorter output is no product
    assert value(table, "Production|Secondary") == pytest.approx(0.9)
    assert "Emissions|CO2e" not in set(table["variable"])  # gross, avoided, net: no sum


def test_parents_equal_the_sum_of_their_children(table: pd.DataFrame) -> None:
    assert parent_problems(table) == []
    parents = {"Emissions|CO2e|Gross", "Emissions|CO2e|Avoided", "Cost", "Sales",
               "Production|Secondary", "Capacity|Recycling", "Trade|Exports", "Trade|Imports"}
    assert parents <= set(table["variable"])


def test_a_ledger_that_disagrees_with_its_parts_is_caught() -> None:
    cube = _cube()
    cube["ledger_gross"] = cube["ledger_gross"] * 1.1
    assert parent_problems(to_iamc(cube))


def test_no_all_zero_series_unless_asked(table: pd.DataFrame) -> None:
    series = table.groupby(["scenario", "region", "variable"])["value"]
    assert (series.apply(lambda v: v.abs().max()) > ZERO).all()
    assert not table["variable"].str.contains("Idle").any()
    everything = to_iamc(_cube(), include_zeros=True)
    assert len(everything) > len(table)
    assert value(everything, "Sales|Idle By-product") == 0.0
    assert parent_problems(everything) == []


def test_regions_are_countries_world_and_native_regions(table: pd.DataFrame) -> None:
    assert set(table["region"]) == {WORLD, "China", "China|North China", "China|East China",
                                    "Kazakhstan", "Russian Federation"}
    assert not set(table["region"]) & set(NODES)
    assert value(table, "Sales|Secondary Metal", "China") == pytest.approx(0.8)
    assert value(table, "Sales|Secondary Metal", "China|East China") == pytest.approx(0.2)
    assert value(table, "Sales|Secondary Metal", "Russian Federation") == pytest.approx(0.1)
    assert value(table, "Capacity|Recycling", "China|North China") == pytest.approx(1.5)


def test_countries_add_up_to_world(table: pd.DataFrame) -> None:
    additive = table[~table["variable"].str.startswith("Price")
                     & ~table["region"].str.contains("|", regex=False)]
    countries = additive[additive["region"] != WORLD].groupby(
        ["scenario", "variable", "year"])["value"].sum()
    world = additive[additive["region"] == WORLD].set_index(
        ["scenario", "variable", "year"])["value"]
    placed = world.reindex(countries.index)
    assert np.allclose(placed, countries, rtol=1e-9)


def test_trade_crosses_borders_only(table: pd.DataFrame) -> None:
    assert value(table, "Trade|Exports|Mixed Scrap", "Kazakhstan") == pytest.approx(1.0)
    assert value(table, "Trade|Imports|Mixed Scrap", "China") == pytest.approx(1.0)
    assert value(table, "Trade|Exports", "China", scenario="high") == pytest.approx(0.2)
    assert value(table, "Trade|Imports", WORLD) == pytest.approx(1.1)
    trade = table[table["variable"].str.startswith("Trade")]
    assert not trade["region"].str.contains("|", regex=False).any()


def test_prices_are_weighted_by_sales(table: pd.DataFrame) -> None:
    assert value(table, "Price|Secondary Metal", "China") == pytest.approx(
        (600 * 2000 + 200 * 2600) / 800)
    assert value(table, "Price|Secondary Metal", "China|East China") == pytest.approx(2600)
    # no price where nothing is sold
    assert not (table["variable"] == "Price|Mixed Scrap").any()


def test_price_base_year_and_country_names() -> None:
    table = to_iamc(_cube(), price_year=2020)
    assert {u for u in table["unit"] if "CNY" in u} == {"billion CNY_2020/yr", "CNY_2020/t"}
    assert [country_name(c) for c in ("KR", "IN", "TH", "CHN", "ZZ")] == \
        ["South Korea", "India", "Thailand", "China", "ZZ"]


def test_without_native_regions_a_country_is_not_split() -> None:
    table = to_iamc(_cube().drop_vars("node_region"))
    assert set(table["region"]) == {WORLD, "China", "Kazakhstan", "Russian Federation"}


def test_collect_reexports_the_exporter() -> None:
    from model.results import collect, iamc

    assert collect.to_iamc is iamc.to_iamc


def test_pyam_reads_the_table(table: pd.DataFrame) -> None:
    pyam = pytest.importorskip("pyam")
    frame = pyam.IamDataFrame(table)
    assert len(frame.data) == len(table)
    for parent in ("Cost", "Sales", "Emissions|CO2e|Gross", "Trade|Exports"):
        assert frame.check_aggregate(parent) is None
    assert re.fullmatch(r"\d{4}", str(frame.year[0]))
