"""Every bad input gets one InputError that names file, line, key, column, value and rule."""

from __future__ import annotations

import pytest

from model import InputError, load_data
from model.data.units import conversion_factor

HEAD = "process,material,direction,value,unit,source,confidence\n"


def errors_of(path) -> str:  # noqa: ANN001
    with pytest.raises(InputError) as info:
        load_data(path)
    return str(info.value)


def test_toy_package_is_valid(package) -> None:  # noqa: ANN001
    data = load_data(package())
    assert data.years == (2025, 2026)
    assert data.params["process_capacity"].loc[("smelt", 2025)] == 1000.0  # 1 kt/yr


def test_country_code_na_survives(package) -> None:  # noqa: ANN001
    data = load_data(package(nodes=lambda t: t.replace("src,Source,R1,CN", "src,Source,R1,NA")))
    assert data.sets["node"].at["src", "country"] == "NA"


def test_negative_value_names_file_line_key_and_rule(package) -> None:  # noqa: ANN001
    text = errors_of(package(process_cost="process,value,unit,source,confidence\n"
                                          "smelt,-5,CNY/t,x,H\n"))
    assert "process_cost.csv line 2 (process='smelt'): column 'value' = '-5'" in text
    assert "below the minimum 0" in text


@pytest.mark.parametrize("value", ["1.2", "-0.1"])
def test_transfer_coefficient_outside_unit_interval(package, value: str) -> None:  # noqa: ANN001
    io = HEAD + f"smelt,scrap,in,1,t/t,x,H\nsmelt,metal,out,{value},t/t,x,H\nsmelt,residue,out,0.2,t/t,x,H\n"
    assert "process_io.csv line 3" in errors_of(package(process_io=io))


def test_outputs_creating_mass_are_rejected(package) -> None:  # noqa: ANN001
    io = HEAD + "smelt,scrap,in,1,t/t,x,H\nsmelt,metal,out,0.8,t/t,x,H\nsmelt,residue,out,0.200001,t/t,x,H\n"
    assert "outputs of process 'smelt' sum to 1" in errors_of(package(process_io=io))


def test_unclosed_mass_balance_needs_an_explicit_loss(package) -> None:  # noqa: ANN001
    io = HEAD + "smelt,scrap,in,1,t/t,x,H\nsmelt,metal,out,0.7,t/t,x,H\nsmelt,residue,out,0.2,t/t,x,H\n"
    text = errors_of(package(process_io=io))
    assert "sum to 0.9, not 1" in text and "explicit outputs" in text


def test_dangling_reference_lists_valid_values(package) -> None:  # noqa: ANN001
    text = errors_of(package(routes=lambda t: t + "ghost-route,ghost,plant,truck\n"))
    assert "routes.csv line 5 (route='ghost-route'): column 'origin' = 'ghost': unknown node" in text
    assert "valid node values: landfill, mkt, plant, src" in text


def test_empty_cell_and_not_a_number(package) -> None:  # noqa: ANN001
    cost = "process,value,unit,source,confidence\nsmelt,,CNY/t,x,H\n"
    assert "column 'value' = '': empty cell" in errors_of(package(process_cost=cost))
    cost = "process,value,unit,source,confidence\nsmelt,1'000,CNY/t,x,H\n"
    assert "not a number" in errors_of(package(process_cost=cost))


def test_infinite_value_rejected(package) -> None:  # noqa: ANN001
    cost = "process,value,unit,source,confidence\nsmelt,inf,CNY/t,x,H\n"
    assert "infinite values are not allowed" in errors_of(package(process_cost=cost))


def test_duplicate_key(package) -> None:  # noqa: ANN001
    cost = "process,value,unit,source,confidence\nsmelt,1,CNY/t,x,H\nsmelt,2,CNY/t,x,H\n"
    assert "process_cost.csv line 3 (process='smelt'): column 'process' = 'smelt': duplicate key" in (
        errors_of(package(process_cost=cost)))


def test_kt_is_a_kilotonne_not_a_knot() -> None:
    assert conversion_factor("kt", "t") == 1000.0


@pytest.mark.parametrize(("unit", "message"), [
    ("kton", "ambiguous unit 'kton'"),
    ("kt/yr", "cannot be converted to 'CNY/t'"),
    ("bogons", "unknown unit 'bogons'"),
])
def test_bad_units(package, unit: str, message: str) -> None:  # noqa: ANN001
    cost = f"process,value,unit,source,confidence\nsmelt,1,{unit},x,H\n"
    assert message in errors_of(package(process_cost=cost))


@pytest.mark.parametrize("name", ["../x", "a/b", "<script>", "bad\tname", "x" * 65, "9lives"])
def test_unsafe_identifiers(package, name: str) -> None:  # noqa: ANN001
    text = errors_of(package(materials=lambda t: t + f'"{name}",Evil,waste\n'))
    assert "not a valid identifier" in text


def test_gaps_in_years(package) -> None:  # noqa: ANN001
    assert "years must be consecutive; missing [2026]" in errors_of(
        package(years="year\n2025\n2027\n"))


def test_confidence_grade_and_unknown_columns(package) -> None:  # noqa: ANN001
    cost = "process,value,unit,source,confidence,colour\nsmelt,1,CNY/t,x,high,red\n"
    text = errors_of(package(process_cost=cost))
    assert "must be H, M or L" in text and "unknown column" in text


def test_missing_required_file_and_coverage(package) -> None:  # noqa: ANN001
    text = errors_of(package(mode_cost=None))
    assert "mode_cost.csv: required file missing" in text
    text = errors_of(package(route_distance=lambda t: t.replace("plant-landfill,50,km,toy,H\n", "")))
    assert "no value for route 'plant-landfill'" in text


def test_missing_grid_factor_for_an_electricity_user(package) -> None:  # noqa: ANN001
    text = errors_of(package(grid_emission_factor=lambda t: t.replace("R1,2026,0.6,tCO2e/MWh,toy,H\n", "")))
    assert "region 'R1' (process 'smelt' uses electricity) has no value for years 2026" in text


def test_all_problems_listed_at_once(package) -> None:  # noqa: ANN001
    path = package(process_cost="process,value,unit,source,confidence\nsmelt,-1,CNY/t,x,Q\n",
                   years="year\n2025\n2025\n")
    with pytest.raises(InputError) as info:
        load_data(path)
    assert len(info.value.problems) >= 3
    assert str(info.value).startswith("invalid data package")


def test_unknown_file_is_reported(package) -> None:  # noqa: ANN001
    path = package()
    (path / "proces_cost.csv").write_text("x\n")
    assert "proces_cost.csv: unknown table" in errors_of(path)


def test_min_above_max(package) -> None:  # noqa: ANN001
    low = "node,material,year,value,unit,source,confidence\nsrc,scrap,2025,2000,t/yr,x,H\n"
    assert "exceeds supply_max = 1500" in errors_of(package(supply_min=low))


def test_time_series_with_a_missing_year(package) -> None:  # noqa: ANN001
    text = errors_of(package(process_capacity=lambda t: t.replace("smelt,2026,1000,t/yr,toy,H\n", "")))
    assert "process_capacity.csv (process='smelt'): missing years 2026" in text


def test_unreachable_must_serve_market(package) -> None:  # noqa: ANN001
    need = "node,material,year,value,unit,source,confidence\nmkt,scrap,2025,10,t/yr,x,H\n"
    path = package(market_min=need,
                   market_price=lambda t: t + "mkt,scrap,2025,1,CNY/t,x,H\nmkt,scrap,2026,1,CNY/t,x,H\n")
    text = errors_of(path)
    assert "node='mkt', material='scrap', year=2025" in text
    assert "no supply, route or process brings this material to this node" in text


def test_must_serve_market_beyond_route_capacity(package) -> None:  # noqa: ANN001
    need = "node,material,year,value,unit,source,confidence\nmkt,metal,2025,500,t/yr,x,H\n"
    cap = "route,year,value,unit,source,confidence\nplant-mkt,2025,300,t/yr,x,H\n"
    text = errors_of(package(market_min=need, route_capacity=cap))
    assert "routes that reach it (plant-mkt) carry at most 300 t" in text


def test_composition_fractions_cannot_exceed_one(package) -> None:  # noqa: ANN001
    comp = ("material,element,value,unit,source,confidence\n"
            "metal,Al,0.8,t/t,x,H\nmetal,Si,30,%,x,H\n")
    assert "fractions sum to 1.1 > 1" in errors_of(package(material_composition=comp))


def test_source_keys_must_be_cited_when_sources_csv_exists(package) -> None:  # noqa: ANN001
    cited = "source,citation,url\ntoy,The toy network (tests),\n"
    assert load_data(package(sources=cited)).sets["source"].index.tolist() == ["toy"]
    cost = "process,value,unit,source,confidence\nsmelt,100,CNY/t,nobody,H\n"
    assert "column 'source' = 'nobody': unknown source key" in errors_of(
        package(sources="source,citation,url\ntoy,The toy network (tests),\n", process_cost=cost))


def test_required_scalar_needs_its_row(package) -> None:  # noqa: ANN001
    text = errors_of(package(discount_rate="value,unit,source,confidence\n"))
    assert "discount_rate.csv: needs exactly one row" in text


def test_ragged_rows_and_empty_files(package) -> None:  # noqa: ANN001
    text = errors_of(package(process_cost="process,value,unit,source,confidence\nsmelt,1,CNY/t,x,H,extra\n",
                             mode_cost=""))
    assert "process_cost.csv line 2: 6 cells but the header has 5" in text
    assert "mode_cost.csv: empty file" in text


FK_EDGES = [
    ("processes", lambda t: t.replace("smelt,plant", "smelt,nowhere"), "unknown node"),
    ("routes", lambda t: t.replace("src-plant,src,plant", "src-plant,src,nowhere"), "unknown node"),
    ("routes", lambda t: t.replace("plant,mkt,truck", "plant,mkt,zeppelin"), "unknown mode"),
    ("route_materials", lambda t: t + "src-plant,gold\n", "unknown material"),
    ("route_materials", lambda t: t + "no-route,scrap\n", "unknown route"),
    ("process_io", lambda t: t + "ghost,scrap,in,1,t/t,x,H\n", "unknown process"),
    ("process_io", lambda t: t.replace("smelt,residue,out", "smelt,residue,sideways"),
     "unknown direction"),
    ("supply_max", lambda t: t + "src,gold,2025,1,t/yr,x,H\n", "unknown material"),
    ("market_price", lambda t: t + "atlantis,metal,2025,1,CNY/t,x,H\n", "unknown node"),
    ("electricity_price", lambda t: t + "R9,2025,1,CNY/MWh,x,H\n", "unknown region"),
    ("process_capacity", lambda t: t + "smelt,2031,1,t/yr,x,H\n", "year not in years.csv"),
    ("route_distance", lambda t: t + "no-route,5,km,x,H\n", "unknown route"),
    ("mode_cost", lambda t: t + "zeppelin,1,CNY/(t*km),x,H\n", "unknown mode"),
]


@pytest.mark.parametrize(("table", "edit", "message"), FK_EDGES,
                         ids=[f"{t}-{m}" for t, _, m in FK_EDGES])
def test_every_foreign_key_edge(package, table: str, edit, message: str) -> None:  # noqa: ANN001
    assert message in errors_of(package(**{table: edit}))


# --------------------------------------------------------------------------- issue 18


def test_unlimited_supply_and_capacity_take_inf(package) -> None:  # noqa: ANN001
    # before: "infinite values are not allowed", and leaving the row out meant none at all
    supply = "node,material,year,value,unit,source,confidence\n" \
             "src,scrap,2025,inf,t/yr,x,H\nsrc,scrap,2026,1500,t/yr,x,H\n"
    capacity = "process,year,value,unit,source,confidence\n" \
               "smelt,2025,inf,t/yr,x,H\nsmelt,2026,1000,t/yr,x,H\n"
    data = load_data(package(supply_max=supply, process_capacity=capacity))
    assert data.params["supply_max"].loc[("src", "scrap", 2025)] == float("inf")
    assert data.params["process_capacity"].loc[("smelt", 2025)] == float("inf")
    text = errors_of(package(process_cost="process,value,unit,source,confidence\n"
                                          "smelt,inf,CNY/t,x,H\n"))
    hint = text.split("write a finite number (only ")[1].split(" accept inf")[0]
    assert {"process_capacity", "supply_max", "market_max", "carbon_cap"} <= set(hint.split(", "))


def test_transfer_coefficient_above_one_names_mass_closure(package) -> None:  # noqa: ANN001
    io = HEAD + "smelt,scrap,in,1,t/t,x,H\nsmelt,metal,out,1.2,t/t,x,H\n"
    text = errors_of(package(process_io=io))
    assert "process_io.csv line 3" in text and "mass closure" in text
    assert "not percent" not in text  # before: "shares are fractions, not percent"


def test_no_routes_and_no_modes_need_no_route_or_mode_tables(package) -> None:  # noqa: ANN001
    # before: route_distance.csv, mode_cost.csv, mode_emission_factor.csv "required file missing"
    path = package(routes="route,origin,destination,mode\n", modes="mode,label\n",
                   route_materials=None, route_distance=None, mode_cost=None,
                   mode_emission_factor=None)
    data = load_data(path)
    assert data.sets["route"].empty and data.params["mode_cost"].empty
    assert "mode_cost.csv: required file missing" in errors_of(
        package(mode_cost=None))  # still required where there are modes


def test_market_min_without_a_market_names_line_and_fix(package) -> None:  # noqa: ANN001
    need = "node,material,year,value,unit,source,confidence\nmkt,scrap,2025,2000,t/yr,x,H\n"
    text = errors_of(package(market_min=need))
    assert ("market_min.csv line 2 (node='mkt', material='scrap', year=2025): column 'value' = "
            "2000: no matching row in market_price.csv") in text
    assert "a price of 0 for a demand-only market" in text
    assert "np." not in text  # before: year=np.int64(2025)


def test_new_capacity_rows_without_invest_cost_are_errors(package) -> None:  # noqa: ANN001
    # before: silently ignored (only a process with process_invest_cost gets new capacity)
    size = "process,value,unit,source,confidence\nsmelt,200,t/yr,x,H\n"
    most = "process,year,value,unit,source,confidence\nsmelt,2025,5,t/yr,x,H\n" \
           "smelt,2026,5,t/yr,x,H\n"
    fixed = "process,value,unit,source,confidence\nsmelt,10,CNY/yr,x,H\n"
    text = errors_of(package(process_unit_size=size, process_max_new_capacity=most,
                             process_unit_fixed_cost=fixed))
    assert ("process_unit_size.csv line 2 (process='smelt'): column 'value': process 'smelt' "
            "cannot be expanded (no row in process_invest_cost.csv), so this row would be "
            "ignored") in text
    assert "process_max_new_capacity.csv (process='smelt', year=2025, 2026)" in text
    assert "process_unit_fixed_cost.csv line 2" in text
    invest = "process,value,unit,source,confidence\nsmelt,100,CNY/(t/yr),x,H\n"
    load_data(package(process_unit_size=size, process_max_new_capacity=most,
                      process_unit_fixed_cost=fixed, process_invest_cost=invest))


@pytest.mark.parametrize("year", ["inf", "-inf", "1e400"])
def test_infinite_year_is_not_a_whole_number(package, year: str) -> None:  # noqa: ANN001
    # was a pandas IntCastingNaNError from the cast to integers (found by a 400-case fuzz run)
    text = errors_of(package(years=f"year\n2025\n{year}\n"))
    assert f"years.csv line 3 (year='{year}'): column 'year' = '{year}': not a whole number" in text


def test_huge_year_is_an_error_not_a_hang(package) -> None:  # noqa: ANN001
    # 9999999999999999999999 was cast to -9223372036854775808, and the check for gaps then
    # built every year between that and 2026 (no end in sight)
    text = errors_of(package(years="year\n2025\n2026\n9999999999999999999999\n"))
    assert "years.csv line 4" in text and "too large" in text


def test_far_year_lists_a_few_missing_years(package) -> None:  # noqa: ANN001
    # a far but representable year: the missing years are counted, not listed one by one
    text = errors_of(package(years="year\n2025\n2026\n100000000000000\n"))
    assert "years must be consecutive; missing [2027, 2028, 2029" in text
    assert "(99999999997973 in all)" in text


@pytest.mark.parametrize("year", ["inf", "1e30"])
def test_infinite_or_huge_year_in_a_table(package, year: str) -> None:  # noqa: ANN001
    cap = f"process,year,value,unit,source,confidence\nsmelt,{year},1,kt/yr,x,H\n"
    text = errors_of(package(process_capacity=cap))
    assert "process_capacity.csv line 2" in text and "column 'year'" in text


@pytest.mark.parametrize(("unit", "rule"), [
    ("-0", "not a unit"),  # a number: was a pint ValueError from a price's unit CNY/(-0)
    ("2025", "not a unit"),
    ("1000 h", "not a unit"),  # a scaled unit
    ("coilsSteel", "unknown unit"),  # was a pint UndefinedUnitError from the prices
])
def test_material_counted_in_a_number_or_an_unknown_unit(package, unit: str, rule: str) -> None:  # noqa: ANN001
    # found by a fuzz run of 2,000 packages: every failure is an InputError, none a pint error
    text = errors_of(package("giapetto", materials=lambda t: t.replace(
        "finishing,Finishing labour,labour,h", f"finishing,Finishing labour,labour,{unit}")))
    assert "materials.csv" in text and rule in text
