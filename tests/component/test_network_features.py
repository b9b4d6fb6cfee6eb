"""Issue 18, features 3-6: coefficients by year, element-specific transfer, emission species,
quantities that are not masses. Each is solved by hand on the toy, and three published
problems are reproduced with their data and results taken from the publication.

The toy (tests/data/toy): 1 t of scrap makes 0.8 t of metal and 0.2 t of residue. Per tonne of
scrap: metal 0.8 x 2,000 = 1,600 CNY; costs scrap 1,000, process 100, electricity 0.5 MWh x
500 = 250, haulage 100 km x 0.5 = 50 (scrap), 0.8 x 200 x 0.5 = 80 (metal), 0.2 x 50 x 0.5 = 5
(residue), disposal 0.2 x 50 = 10: a margin of 105 CNY/t. The smelter runs at its capacity of
1,000 t/yr in both years; no discounting.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import model
from model.data.validate import load_data
from model.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data"
IO_HEAD = "process,material,direction,year,value,unit,source,confidence\n"


def _errors(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_data(path)
    return str(info.value)


# ------------------------------------------------------------------ 3. coefficients by year

YIELD_STEP = (IO_HEAD + "smelt,scrap,in,,1,t/t,toy,H\n"
              "smelt,metal,out,,0.8,t/t,toy,H\nsmelt,residue,out,,0.2,t/t,toy,H\n"
              "smelt,metal,out,2026,0.85,t/t,toy,H\nsmelt,residue,out,2026,0.15,t/t,toy,H\n")


def test_a_yield_that_improves_in_2026_by_hand(package: Callable[..., Path]) -> None:
    # 2026: metal 0.85 x 2,000 = 1,700; costs 1,000 + 100 + 250 + 50 + 0.85 x 100 + 0.15 x 25
    # + 0.15 x 50 = 1,496.25: a margin of 203.75 CNY/t. Direct emissions halve from 2026.
    path = package(process_io=YIELD_STEP, process_emissions=(
        "process,year,value,unit,source,confidence\n"
        "smelt,,0.1,tCO2e/t,toy,H\nsmelt,2026,50,kgCO2e/t,toy,H\n"))
    cube = model.solve_data(load_data(path))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [1000, 1000], atol=1e-6)
    np.testing.assert_allclose(cube["process_output"].sel(process="smelt", material="metal"),
                               [800, 850], atol=1e-6)
    np.testing.assert_allclose(cube["emissions"].sel(source="process"), [100, 50], atol=1e-6)
    assert cube.attrs["objective"] == pytest.approx(-(1000 * 105 + 1000 * 203.75), rel=1e-9)


def test_a_dated_row_that_breaks_mass_closure_names_its_year(
        package: Callable[..., Path]) -> None:
    text = _errors(package(process_io=YIELD_STEP.replace("2026,0.15", "2026,0.2")))
    assert "outputs of process 'smelt' sum to 1.05 in 2026, not 1" in text


def test_a_year_less_row_and_the_same_key_twice_is_a_duplicate(
        package: Callable[..., Path]) -> None:
    text = _errors(package(process_io=YIELD_STEP + "smelt,metal,out,,0.8,t/t,toy,H\n"))
    assert "process_io.csv line 7" in text and "duplicate key" in text


# ------------------------------------------------------------------ 4. element-specific transfer

ODYM = DATA / "odym_alloying"


def _secondary_steel(cube: xr.Dataset, year: int) -> tuple[float, float, float]:
    """Cu and Mn in all secondary steel (both grades) in t/yr, and the Cu and Mn fractions."""
    element = cube["sales_element"].sel(node="region", year=year)
    mass = float(cube["sales"].sel(node="region", year=year).sum())
    cu, mn = float(element.sel(element="Cu")), float(element.sel(element="Mn"))
    return cu, cu / mass, mn / mass


def test_odym_alloying_elements_published_results() -> None:
    # Pauliuk, ODYM tutorial 2 (and flodym example 2): "Cu in secondary steel rises from 0.34
    # to 0.78 kt/yr", "[Cu] falls from 0.294 % to 0.233 %"; printed 1980 concentrations
    # [Cu] = 0.00293783, [Mn] = 0.00553486; "0.64 kt/yr" of Mn to the slag in 1980.
    cube = model.solve_data(load_data(ODYM))
    assert cube.attrs["status"] == "optimal"
    cu, c_cu, c_mn = _secondary_steel(cube, 1980)
    assert cu / 1000 == pytest.approx(0.34, abs=0.005)
    assert c_cu == pytest.approx(0.00293783, abs=5e-9)
    assert c_mn == pytest.approx(0.00553486, abs=5e-9)
    cu, c_cu, _ = _secondary_steel(cube, 2010)
    assert cu / 1000 == pytest.approx(0.78, abs=0.005)
    assert c_cu * 100 == pytest.approx(0.233, abs=0.0005)
    slag = cube["process_output_element"].sel(material=["slag_1", "slag_2"], element="Mn",
                                               year=1980)
    assert float(slag.sum()) / 1000 == pytest.approx(0.64, abs=0.005)


def test_odym_case_a_less_copper_to_the_shredder_scrap_in_1980(
        package: Callable[..., Path]) -> None:
    # Case a of the tutorial: Gamma_1(Cu) from 0.10 to 0.075 gives [Cu] = 0.00243755 and
    # [Mn] = 0.00553764 in 1980. Written as dated rows (1980) over the year-less ones.
    def dated(text: str) -> str:
        lines = text.splitlines()
        head = lines[0].replace("material,value", "material,year,value")
        rows = [line.replace(",Cu,scrap_1,", ",Cu,scrap_1,,").replace(
            ",Cu,shredder_residue,", ",Cu,shredder_residue,,") if ",Cu," in line and
            line.startswith("shredding") else _no_year(line) for line in lines[1:]]
        return "\n".join([head, *rows,
                          "shredding,Cu,scrap_1,1980,0.075,1,case a,H",
                          "shredding,Cu,shredder_residue,1980,0.925,1,case a,H"]) + "\n"

    cube = model.solve_data(load_data(package("odym_alloying", process_element_split=dated)))
    _, c_cu, c_mn = _secondary_steel(cube, 1980)
    assert c_cu == pytest.approx(0.00243755, abs=5e-9)
    assert c_mn == pytest.approx(0.00553764, abs=5e-9)
    # 1981 keeps the year-less 0.10: Cu 16 x 0.15 x 0.10 + 128 x 0.045 x 0.02 = 0.3552 kt in
    # 16 x 0.74456 + 128 x 0.869675 kt of steel (the tutorial's data, by hand)
    _, c_cu_1981, _ = _secondary_steel(cube, 1981)
    assert c_cu_1981 == pytest.approx(0.3552 / (16 * 0.74456 + 128 * 0.869675), rel=1e-9)


def _no_year(line: str) -> str:
    process, element, material, rest = line.split(",", 3)
    return f"{process},{element},{material},,{rest}"


def test_odym_case_b_more_demolition_in_1980(package: Callable[..., Path]) -> None:
    # Case b: EoL buildings x 1.25 gives [Cu] = 0.00258818 and [Mn] = 0.00501965 in 1980.
    def more(text: str) -> str:
        return text.replace("region,eol_buildings,1980,120,", "region,eol_buildings,1980,150,")

    cube = model.solve_data(load_data(package("odym_alloying", supply_max=more)))
    _, c_cu, c_mn = _secondary_steel(cube, 1980)
    assert c_cu == pytest.approx(0.00258818, abs=5e-9)
    assert c_mn == pytest.approx(0.00501965, abs=5e-9)


def test_a_quality_limit_applies_to_what_the_split_makes(package: Callable[..., Path]) -> None:
    # A steel buyer takes at most 0.25 % Cu. Per tonne of activity, remelting_1 makes steel_1
    # of 0.015/0.74456 Cu and remelting_2 steel_2 of 0.0009/0.869675 Cu (the split, by hand).
    # In 1980 all 108.978 kt of scrap 2 makes 104.361... kt of steel_2; steel_1 may join while
    # the blend stays at 0.25 %: s1 (c1 - 0.0025) + s2 (c2 - 0.0025) = 0.
    limit = ("node,element,value,unit,source,confidence\nregion,Cu,0.0025,t/t,buyer,H\n")
    cube = model.solve_data(load_data(package("odym_alloying", market_quality_max=limit,
                                              supply_obligation=None)))
    c1, c2 = 0.015 / 0.74456, 0.0009 / 0.869675
    s2 = 120_000 * 0.869675
    s1 = s2 * (0.0025 - c2) / (c1 - 0.0025)
    sold = cube["sales"].sel(node="region", year=1980)
    assert float(sold.sel(material="steel_2")) == pytest.approx(s2, rel=1e-9)
    assert float(sold.sel(material="steel_1")) == pytest.approx(s1, rel=1e-9)
    _, c_cu, _ = _secondary_steel(cube, 1980)
    assert c_cu == pytest.approx(0.0025, rel=1e-9)


def test_split_rules_are_checked(package: Callable[..., Path]) -> None:
    def uneven(text: str) -> str:
        return text.replace("shredding,Cu,shredder_residue,0.9,", "shredding,Cu,shredder_residue,0.8,")

    assert ("shares of Cu in process 'shredding' sum to 0.9 in 1980, not 1"
            in _errors(package("odym_alloying", process_element_split=uneven)))

    def listed(text: str) -> str:
        return text + "shredding,scrap_1,out,0.797,t/t,x,H\n"

    assert ("process 'shredding' splits elements, so its split makes its outputs"
            in _errors(package("odym_alloying", process_io=listed)))

    def lean(text: str) -> str:
        return text.replace("eol_machines,Mn,0.05,", "eol_machines,Mn,0.04,")

    assert ("input 'eol_machines' of element-split process 'shredding' is 0.99 listed "
            "elements in 1980" in _errors(package("odym_alloying", material_composition=lean)))

    def given(text: str) -> str:
        return text + "scrap_1,Fe,0.9,t/t,x,H\n"

    assert ("material 'scrap_1' is made by element-split process 'shredding'"
            in _errors(package("odym_alloying", material_composition=given)))


def test_two_makers_of_one_material_must_agree(package: Callable[..., Path]) -> None:
    def one_grade(text: str) -> str:
        return text.replace("steel_2", "steel_1")

    text = _errors(package("odym_alloying", process_element_split=one_grade))
    assert "the makers of 'steel_1' give it" in text and "its own material" in text


# ------------------------------------------------------------------ 5. emission species

SPECIES = ("species,label,category\nCH4,Methane,greenhouse_gas\nN2O,Nitrous oxide,"
           "greenhouse_gas\nSO2,Sulphur dioxide,air_pollutant\n")
GWP = ("species,value,unit,source,confidence\n"
       "CH4,28,tCO2e/t,IPCC AR5 WG1 Table 8.7 (GWP100 without climate-carbon feedback),H\n"
       "N2O,265,tCO2e/t,IPCC AR5 WG1 Table 8.7,H\n")
FACTORS = ("process,species,basis,value,unit,source,confidence\n"
           "smelt,CH4,activity,1,kg/t,toy,H\n"
           "smelt,N2O,metal,0.1,kg/t,toy,H\n"
           "smelt,SO2,activity,2,kg/t,toy,H\n")


def test_species_count_in_co2e_by_their_gwp(package: Callable[..., Path]) -> None:
    # Per tonne of activity: 0.1 direct + 28 x 0.001 CH4 + 265 x 0.1 kg/t x 0.8 t of metal
    # = 0.1 + 0.028 + 0.0212 = 0.1492 tCO2e; SO2 (no GWP) 2 kg, reported apart.
    cube = model.solve_data(load_data(package(species=SPECIES, species_gwp=GWP,
                                              process_species_emissions=FACTORS)))
    np.testing.assert_allclose(cube["emissions"].sel(source="process"), [149.2, 149.2],
                               rtol=1e-12)
    np.testing.assert_allclose(cube["species_emissions"].sel(species="SO2"), [2, 2], rtol=1e-12)
    np.testing.assert_allclose(cube["species_emissions"].sel(species="N2O"), [0.08, 0.08],
                               rtol=1e-12)
    assert cube.attrs["objective"] == pytest.approx(-2 * 105_000, rel=1e-9)


def test_a_sulphur_cap_binds_by_hand(package: Callable[..., Path]) -> None:
    # 1.5 t of SO2 in 2026 allows 1.5 / 0.002 = 750 t of activity; one more tonne of SO2 is
    # worth 500 t of activity x 105 CNY/t = 52,500 CNY.
    cap = ("species,year,value,unit,source,confidence\n"
           "SO2,2025,inf,t/yr,permit,H\nSO2,2026,1.5,t/yr,permit,H\n")
    cube = model.solve_data(load_data(package(species=SPECIES, species_gwp=GWP,
                                              process_species_emissions=FACTORS,
                                              species_cap=cap)))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [1000, 750], atol=1e-6)
    assert float(cube["species_shadow_price"].sel(species="SO2", year=2026)) == pytest.approx(
        52_500, rel=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-(1000 + 750) * 105, rel=1e-9)


def test_a_species_basis_must_be_activity_or_a_material_of_the_process(
        package: Callable[..., Path]) -> None:
    bad = FACTORS + "smelt,SO2,scrap_dust,1,kg/t,toy,H\n"
    text = _errors(package(species=SPECIES, species_gwp=GWP, process_species_emissions=bad))
    assert "basis 'scrap_dust' is not an input or output of process 'smelt'" in text


# ------------------------------------------------------------------ 6. quantities not in tonnes

def test_electricity_as_a_material_in_mwh_reproduces_the_toy(
        package: Callable[..., Path]) -> None:
    # The smelter's 500 kWh/t bought as a material at 500 CNY/MWh costs what process_electricity
    # did: the toy's objective, with mass closure over scrap, metal and residue only.
    path = package(
        materials=lambda t: t.rstrip("\n").replace("material,label,category",
                                                   "material,label,category,unit")
        .replace("end_of_life", "end_of_life,").replace("secondary", "secondary,")
        .replace("waste", "waste,") + "\npower,Grid electricity,energy,MWh\n",
        process_io=lambda t: t + "smelt,power,in,500,kWh/t,toy,H\n",
        process_electricity=None,
        supply_max=lambda t: t + "plant,power,2025,inf,MWh/yr,toy,H\n"
                                 "plant,power,2026,inf,GWh/yr,toy,H\n",
        supply_cost=lambda t: t + "plant,power,2025,500,CNY/MWh,toy,H\n"
                                  "plant,power,2026,0.5,CNY/kWh,toy,H\n")
    cube = model.solve_data(load_data(path))
    assert cube.attrs["objective"] == pytest.approx(-2 * 105_000, rel=1e-9)
    np.testing.assert_allclose(cube["supply"].sel(node="plant", material="power"), [500, 500],
                               rtol=1e-12)
    assert str(cube["material_unit"].sel(material="power").item()) == "MWh"


def test_giapetto_published_optimum() -> None:
    # Winston, Operations Research, 4th ed., sec. 3.1: z = 180 dollars a week at 20 soldiers and
    # 60 trains; finishing and carpentry hours are each worth 1 dollar (solver output printed
    # in the course notes and a GLPK result file), the soldier demand limit 0 (slack 20).
    cube = model.solve_data(load_data(DATA / "giapetto"))
    assert cube.attrs["objective"] == pytest.approx(-180, rel=1e-12)
    np.testing.assert_allclose(cube["activity"].sel(year=2025).sel(
        process=["make_soldier", "make_train"]), [20, 60], atol=1e-9)
    price = cube["material_price"].sel(node="giapetto", year=2025)
    assert float(price.sel(material="finishing")) == pytest.approx(1, abs=1e-9)
    assert float(price.sel(material="carpentry")) == pytest.approx(1, abs=1e-9)
    assert float(cube["sales"].sel(node="giapetto", material="soldier", year=2025)) < 40


def test_units_of_quantities_that_are_not_masses_are_checked(
        package: Callable[..., Path]) -> None:
    def kilograms(text: str) -> str:
        return text.replace("soldier,Wooden soldier,product,piece",
                            "soldier,Wooden soldier,product,kg")

    assert "a mass is counted in t (got 'kg')" in _errors(package("giapetto",
                                                                   materials=kilograms))

    def in_tonnes(text: str) -> str:
        return text.replace("make_soldier,soldier_kit,in,1,piece/piece",
                            "make_soldier,soldier_kit,in,1,t/piece")

    assert "cannot be converted" in _errors(package("giapetto", process_io=in_tonnes))


def test_ampl_steelt_published_optimum() -> None:
    # Fourer, Gay & Kernighan, AMPL, 2nd ed., ch. 4: the four-week steel plan (steelT) with
    # weekly hours, revenues and market limits and inventory between weeks prints
    # "objective 515033". Here the weeks are model years, the mill's hours a material
    # counted in h (1/200 and 1/140 h per ton), inventory a stockpile with its holding cost
    # and the 10 tons of bands in stock a supply of week 1.
    cube = model.solve_data(load_data(DATA / "steelt"))
    assert cube.attrs["objective"] == pytest.approx(-515_033, abs=0.5)
    hours = cube["process_input"].sel(material="hours").sum("process")
    np.testing.assert_allclose(hours, [40, 40, 32, 40], rtol=1e-9)  # the hours all used
