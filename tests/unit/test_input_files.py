"""How ziya reads imperfect input files (issue 19, items 4, 5, 6, 9 and 10).

Each test starts from a copy of tests/data/toy (years 2025 and 2026) with one file edited.
"""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

import model
from model import InputError, load_data
from model.cli import main

H = "value,unit,source,confidence"


def errors_of(path) -> str:  # noqa: ANN001
    with pytest.raises(InputError) as info:
        load_data(path)
    return str(info.value)


def validate_output(path) -> tuple[int, str]:  # noqa: ANN001
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.output


# --------------------------------------------------------------------------- 4: gaps in year series


@pytest.mark.parametrize(("stem", "head", "row", "key"), [
    ("process_max_new_capacity", "process,year", "smelt,2025,100,kt/yr", "(process='smelt')"),
    ("market_max", "node,material,year", "mkt,metal,2025,100,t/yr",
     "(node='mkt', material='metal')"),
    ("route_capacity", "route,year", "src-plant,2025,400,t/yr", "(route='src-plant')"),
    ("carbon_price", "year", "2025,50,CNY/tCO2e", ""),
    ("carbon_cap", "year", "2025,300,tCO2e/yr", ""),
])
def test_year_series_with_a_gap_is_an_error(package, stem: str, head: str, row: str,  # noqa: ANN001
                                            key: str) -> None:
    # before: the missing 2026 took the default (no build limit, no cap, price 0) silently
    text = errors_of(package(**{stem: f"{head},{H}\n{row},x,H\n"}))
    assert f"{stem}.csv{' ' + key if key else ''}: missing years 2026" in text


def test_a_year_without_a_limit_is_written_inf(package) -> None:  # noqa: ANN001
    cap = f"year,{H}\n2025,inf,tCO2e/yr,x,H\n2026,300,tCO2e/yr,x,H\n"
    data = load_data(package(carbon_cap=cap))
    assert math.isinf(data.params["carbon_cap"].loc[(2025,)])
    cost = f"process,{H}\nsmelt,inf,CNY/t,x,H\n"  # a cost has no "no limit" reading
    assert "infinite values are not allowed" in errors_of(package(process_cost=cost))


def test_stated_fill_rule_is_applied_and_reported(package) -> None:  # noqa: ANN001
    # market_min states `fill: default`: years without a row have no obligation (0 t/yr)
    need = f"node,material,year,{H}\nmkt,metal,2025,100,t/yr,x,H\n"
    path = package(market_min=need)
    data = load_data(path)
    note = ("market_min.csv (node='mkt', material='metal'): no row for 2026; "
            "takes the default 0 t/yr (fill: default)")
    assert note in data.notes
    code, output = validate_output(path)
    assert code == 0 and f"note: {note}" in output


# --------------------------------------------------------------------------- 5: absent tables


@pytest.mark.parametrize(("stem", "meaning"), [
    ("process_capacity", "every (process, year) takes the default 0 t/yr"),
    ("supply_max", "no rows, so none exist"),
    ("route_materials", "A route carries nothing that is not listed."),
])
def test_validate_notes_each_absent_optional_table(package, stem: str, meaning: str  # noqa: ANN001
                                                   ) -> None:
    code, output = validate_output(package(**{stem: None}))
    assert code == 0, output
    assert f"note: {stem}.csv is absent: " in output and meaning in output


def test_cube_records_absent_tables(package) -> None:  # noqa: ANN001
    cube = model.solve_data(load_data(package(process_capacity=None)))
    assert "process_capacity.csv" in json.loads(str(cube.attrs["absent_tables"]))
    notes = json.loads(str(cube.attrs["input_notes"]))
    assert any(n.startswith("process_capacity.csv is absent: every (process, year)")
               for n in notes)


# --------------------------------------------------------------------------- 6: encodings, separators


def test_utf8_byte_order_mark_is_accepted(package) -> None:  # noqa: ANN001
    path = package(materials=lambda t: "\ufeff" + t)
    assert list(load_data(path).sets["material"].index) == ["scrap", "metal", "residue"]


def test_semicolon_separated_file_is_named_as_such(package) -> None:  # noqa: ANN001
    text = errors_of(package(process_cost="process;value;unit;source;confidence\n"
                                          "smelt;100;CNY/t;toy;H\n"))
    assert ("process_cost.csv: value 'process;value;unit;source;confidence': separated by "
            "semicolons, not commas. save it as comma-separated CSV") in text
    assert "stray commas" not in text and "required column missing" not in text


# --------------------------------------------------------------------------- 9: duplicate keys


def test_duplicate_year_written_as_a_decimal(package) -> None:  # noqa: ANN001
    text = errors_of(package(process_capacity=lambda t: t + "smelt,2025.0,2000,t/yr,toy,H\n"))
    assert ("process_capacity.csv line 4 (process='smelt', year='2025.0'): "
            "column 'year' = '2025.0': duplicate key (same key as line 2)") in text


def test_duplicate_year_in_years_csv(package) -> None:  # noqa: ANN001
    text = errors_of(package(years="year\n2025\n2026\n2025.0\n"))
    assert "years.csv line 4 (year='2025.0')" in text and "same key as line 2" in text


# --------------------------------------------------------------------------- 10: root causes, text


def test_missing_years_file_is_the_root_cause_listed_first(package) -> None:  # noqa: ANN001
    text = errors_of(package(years=None))
    lines = text.splitlines()
    assert lines[1] == "  - years.csv: required file missing. create it with columns year"
    assert "year not in years.csv" not in text
    assert len(lines) <= 4, text
    assert "not listed" in lines[-1]


def test_follow_on_problems_are_counted_but_independent_ones_listed(package) -> None:  # noqa: ANN001
    path = package(years=None, process_cost=f"process,{H}\nsmelt,-5,CNY/t,x,H\n")
    lines = errors_of(path).splitlines()
    assert lines[1].startswith("  - years.csv: required file missing")
    assert any("process_cost.csv line 2" in line and "below the minimum 0" in line
               for line in lines)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_character_in_a_text_cell_is_rejected(package, char: str) -> None:  # noqa: ANN001
    text = errors_of(package(materials=lambda t: t.replace("Mixed", f"Mi{char}xed")))
    assert "materials.csv line 2: column 'label'" in text
    assert f"control character {char!r}" in text
