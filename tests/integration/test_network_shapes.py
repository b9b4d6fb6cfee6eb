"""Every command works on every valid network (issue 18, feature 8), and the bugs it found.

The matrix: small valid packages of each shape (no processes, no routes or modes, no
emissions, a single year, unlimited supply and capacity, a MILP; coefficients by year, an
element-split process, emission species, a material not counted in tonnes), each made from
tests/data/toy by editing its CSV files, times every command (validate, run, inspect,
ledger, report, mac, sweep with one worker), run in-process with click's CliRunner. Each
shape is solved once by ``run``; the commands that read a result read that file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner, Result

from model.cli import main
from model.results.cube import read_results, write_results
from tests.conftest import DATA

H = "value,unit,source,confidence"
COMMANDS = ("validate", "run", "inspect", "ledger", "report", "mac", "sweep")

NO_EMISSIONS: dict[str, str | None] = {
    "process_emissions": None, "disposal_emissions": None,
    "grid_emission_factor": f"region,year,{H}\nR1,2025,0,tCO2e/MWh,x,H\nR1,2026,0,tCO2e/MWh,x,H\n",
    "mode_emission_factor": f"mode,{H}\ntruck,0,tCO2e/(t*km),x,H\n",
}

# Each shape: the toy package with these files replaced (None: deleted); "solver" is YAML.
SHAPES: dict[str, dict[str, str | None]] = {
    "no_processes": {  # scrap goes straight from the source to the market
        "processes": "process,node,label,stage\n", "process_io": None,
        "process_capacity": None, "process_cost": None, "process_electricity": None,
        "process_emissions": None, "disposal_cost": None, "disposal_emissions": None,
        "routes": "route,origin,destination,mode\nsrc-mkt,src,mkt,truck\n",
        "route_materials": "route,material\nsrc-mkt,scrap\n",
        "route_distance": f"route,{H}\nsrc-mkt,100,km,x,H\n",
        "market_price": f"node,material,year,{H}\nmkt,scrap,2025,1200,CNY/t,x,H\n"
                        "mkt,scrap,2026,1200,CNY/t,x,H\n",
    },
    "no_routes": {  # everything happens at one node: no routes, no modes, no route tables
        "routes": "route,origin,destination,mode\n", "modes": "mode,label\n",
        "route_materials": None, "route_distance": None, "mode_cost": None,
        "mode_emission_factor": None,
        "nodes": "node,label,region,country,kind\nplant,Plant,R1,CN,plant\n",
        "supply_max": f"node,material,year,{H}\nplant,scrap,2025,1500,t/yr,x,H\n"
                      "plant,scrap,2026,1500,t/yr,x,H\n",
        "supply_cost": f"node,material,year,{H}\nplant,scrap,2025,1000,CNY/t,x,H\n"
                       "plant,scrap,2026,1000,CNY/t,x,H\n",
        "market_price": f"node,material,year,{H}\nplant,metal,2025,2000,CNY/t,x,H\n"
                        "plant,metal,2026,2000,CNY/t,x,H\n",
        "disposal_cost": f"node,material,{H}\nplant,residue,50,CNY/t,x,H\n",
        "disposal_emissions": f"node,material,{H}\nplant,residue,0.02,tCO2e/t,x,H\n",
    },
    "no_emissions": NO_EMISSIONS,
    "single_year": {
        "years": "year\n2025\n",
        "electricity_price": f"region,year,{H}\nR1,2025,500,CNY/MWh,x,H\n",
        "grid_emission_factor": f"region,year,{H}\nR1,2025,0.6,tCO2e/MWh,x,H\n",
        "market_price": f"node,material,year,{H}\nmkt,metal,2025,2000,CNY/t,x,H\n",
        "process_capacity": f"process,year,{H}\nsmelt,2025,1000,t/yr,x,H\n",
        "supply_cost": f"node,material,year,{H}\nsrc,scrap,2025,1000,CNY/t,x,H\n",
        "supply_max": f"node,material,year,{H}\nsrc,scrap,2025,1500,t/yr,x,H\n",
    },
    "unlimited": {  # 2025: unlimited supply, 1000 t capacity; 2026: 1500 t supply, no limit
        "supply_max": f"node,material,year,{H}\nsrc,scrap,2025,inf,t/yr,x,H\n"
                      "src,scrap,2026,1500,t/yr,x,H\n",
        "process_capacity": f"process,year,{H}\nsmelt,2025,1000,t/yr,x,H\n"
                            "smelt,2026,inf,t/yr,x,H\n",
    },
    "milp": {
        "process_invest_cost": f"process,{H}\nsmelt,100,CNY/(t/yr),x,H\n",
        "process_unit_size": f"process,{H}\nsmelt,200,t/yr,x,H\n",
        "process_unit_fixed_cost": f"process,{H}\nsmelt,1000,CNY/yr,x,H\n",
    },
    # issue 18, features 3-6
    "by_year": {  # the yield and the direct emissions step in 2026 (rows without a year)
        "process_io": "process,material,direction,year,value,unit,source,confidence\n"
                      "smelt,scrap,in,,1,t/t,x,H\nsmelt,metal,out,,0.8,t/t,x,H\n"
                      "smelt,residue,out,,0.2,t/t,x,H\nsmelt,metal,out,2026,0.85,t/t,x,H\n"
                      "smelt,residue,out,2026,0.15,t/t,x,H\n",
        "process_emissions": f"process,year,{H}\nsmelt,,0.1,tCO2e/t,x,H\n"
                             "smelt,2026,0.05,tCO2e/t,x,H\n",
    },
    "element_split": {  # the smelter sends each element of the scrap to metal or residue
        "material_composition": f"material,element,{H}\nscrap,Fe,0.9,t/t,x,H\n"
                                "scrap,Cu,0.05,t/t,x,H\nscrap,other,0.05,t/t,x,H\n",
        "process_io": f"process,material,direction,{H}\nsmelt,scrap,in,1,t/t,x,H\n",
        "process_element_split": f"process,element,material,{H}\n"
                                  "smelt,Fe,metal,0.95,1,x,H\nsmelt,Fe,residue,0.05,1,x,H\n"
                                  "smelt,Cu,metal,0.6,1,x,H\nsmelt,Cu,residue,0.4,1,x,H\n"
                                  "smelt,other,residue,1,1,x,H\n",
        "market_quality_max": f"node,element,{H}\nmkt,Cu,0.05,t/t,x,H\n",
    },
    "species": {  # CH4 and N2O count in CO2e by their GWP; SO2 is capped in its own tonnes
        "species": "species,label,category\nCH4,Methane,ghg\nN2O,Nitrous oxide,ghg\n"
                   "SO2,Sulphur dioxide,air\n",
        "species_gwp": f"species,{H}\nCH4,28,tCO2e/t,x,H\nN2O,265,tCO2e/t,x,H\n",
        "process_species_emissions": f"process,species,basis,{H}\n"
                                      "smelt,CH4,activity,1,kg/t,x,H\n"
                                      "smelt,N2O,metal,0.1,kg/t,x,H\n"
                                      "smelt,SO2,activity,2,kg/t,x,H\n",
        "species_cap": f"species,year,{H}\nSO2,2025,inf,t/yr,x,H\nSO2,2026,1.5,t/yr,x,H\n",
    },
    "not_mass": {  # electricity bought as a material counted in MWh
        "materials": "material,label,category,unit\nscrap,Mixed scrap,end_of_life,\n"
                     "metal,Secondary metal,secondary,\nresidue,Residue,waste,\n"
                     "power,Grid electricity,energy,MWh\n",
        "process_io": f"process,material,direction,{H}\nsmelt,scrap,in,1,t/t,x,H\n"
                      "smelt,power,in,500,kWh/t,x,H\nsmelt,metal,out,0.8,t/t,x,H\n"
                      "smelt,residue,out,0.2,t/t,x,H\n",
        "process_electricity": None,
        "supply_max": f"node,material,year,{H}\nsrc,scrap,2025,1500,t/yr,x,H\n"
                      "src,scrap,2026,1500,t/yr,x,H\nplant,power,2025,inf,MWh/yr,x,H\n"
                      "plant,power,2026,inf,MWh/yr,x,H\n",
        "supply_cost": f"node,material,year,{H}\nsrc,scrap,2025,1000,CNY/t,x,H\n"
                       "src,scrap,2026,1000,CNY/t,x,H\nplant,power,2025,500,CNY/MWh,x,H\n"
                       "plant,power,2026,500,CNY/MWh,x,H\n",
    },
}
SOLVER = {"milp": "solver:\n  integer: true\n"}


def make_package(folder: Path, edits: dict[str, str | None]) -> Path:
    """A copy of the toy package in ``folder`` with ``edits`` applied."""
    shutil.copytree(DATA / "toy", folder)
    for stem, text in edits.items():
        path = folder / f"{stem}.csv"
        if text is None:
            path.unlink()
        else:
            path.write_text(text)
    return folder


def invoke(*args: object) -> Result:
    """Run one ziya command in-process."""
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean(result: Result, code: int = 0) -> None:
    """The exit code is ``code`` and nothing in the output says a bug happened."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


@dataclass
class Network:
    """One shape: its package, scenario, sweep file and the output of ``run``."""

    name: str
    folder: Path
    package: Path
    scenario: Path
    sweep: Path
    ran: dict[str, Result] = field(default_factory=dict)

    @property
    def result(self) -> Path:
        return self.folder / f"{self.name}.nc"

    def arguments(self, command: str) -> list[object]:
        """The command line of ``command`` on this network."""
        out = self.folder / command
        return {
            "validate": ["validate", self.package],
            "run": ["run", self.scenario, "--out", self.result],
            "inspect": ["inspect", self.result],
            "ledger": ["ledger", self.result, "--csv", out.with_suffix(".csv")],
            "report": ["report", self.result, "--out", out],
            "mac": ["mac", self.scenario, "--points", "2", "--out", out.with_suffix(".nc")],
            "sweep": ["sweep", self.sweep, "--out", out, "--workers", "1"],
        }[command]


@pytest.fixture(scope="module", params=list(SHAPES))
def network(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Network:
    """A shape's package, solved once by ``ziya run`` (the other commands read its file)."""
    name = request.param
    folder = tmp_path_factory.mktemp(name)
    package = make_package(folder / "inputs", SHAPES[name])
    scenario = folder / "scenario.yaml"
    scenario.write_text(f"name: {name}\ninputs: {package}\n{SOLVER.get(name, '')}")
    sweep = folder / "sweep.yaml"
    sweep.write_text(f"sweep: {name}_prices\nbase: {scenario}\ngrid:\n"
                     "  price: {parameter: carbon_price, values: [0, 100], unit: CNY/tCO2e}\n")
    net = Network(name, folder, package, scenario, sweep)
    net.ran["run"] = invoke(*net.arguments("run"))
    return net


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_works_on_every_network(network: Network, command: str) -> None:
    result = network.ran.get(command) or invoke(*network.arguments(command))
    assert_clean(result)
    if command == "run":
        assert f"wrote {network.result}" in result.output and network.result.exists()


# --------------------------------------------------------------------------- the bugs


def _scenario(folder: Path, package: Path, extra: str = "") -> Path:
    path = folder / "s.yaml"
    path.write_text(f"name: s\ninputs: {package}\n{extra}")
    return path


def test_network_without_processes_is_summarised(tmp_path: Path) -> None:
    # before: ValueError "process_stage must not be empty" in the summary, exit 3, no "wrote"
    package = make_package(tmp_path / "p", SHAPES["no_processes"])
    out = tmp_path / "r.nc"
    result = invoke("run", _scenario(tmp_path, package), "--out", out)
    assert_clean(result)
    assert f"wrote {out}" in result.output
    shown = invoke("inspect", out)
    assert_clean(shown)
    assert "throughput by stage" not in shown.output and "sales by market" in shown.output


def test_result_without_emissions_has_a_ledger_and_a_report(tmp_path: Path) -> None:
    # before: ledger_by_scope was one NaN: IndexError in `ziya ledger`, "'year' not found" in
    # `ziya report`; files written then still read
    package = make_package(tmp_path / "p", NO_EMISSIONS)
    out = tmp_path / "r.nc"
    assert_clean(invoke("run", _scenario(tmp_path, package), "--out", out))
    scopes = read_results(out)["ledger_by_scope"]
    assert scopes.dims == ("scope", "year") and float(abs(scopes).sum()) == 0.0
    legacy = read_results(out).load()
    legacy["ledger_by_scope"] = xr.DataArray(np.nan, attrs=scopes.attrs)
    write_results(legacy, tmp_path / "legacy.nc")
    for path in (out, tmp_path / "legacy.nc"):
        shown = invoke("ledger", path)
        assert_clean(shown)
        assert "scope1" in shown.output and "gross" in shown.output
        assert_clean(invoke("report", path, "--out", tmp_path / f"report_{path.stem}"))


def test_override_breaking_mass_closure_is_refused_before_the_solve(tmp_path: Path) -> None:
    # before: the model solved, then the audit failed ("process_output ... does not equal its
    # activity") naming neither the override nor the rule, and no result was written
    override = ("overrides:\n  - {parameter: process_io, where: {process: smelt, material: "
                "metal, direction: out}, value: 0.9, unit: t/t}\n")
    out = tmp_path / "r.nc"
    result = invoke("run", _scenario(tmp_path, DATA / "toy", override), "--out", out)
    assert_clean(result, 1)
    assert "overrides[0] (process_io where" in result.output
    assert "outputs of process 'smelt' sum to 1.1, not 1" in result.output
    assert "does not equal its activity" not in result.output and not out.exists()


def test_unlimited_supply_and_capacity(tmp_path: Path) -> None:
    # before: inf was refused; now no capacity row and an infinite column bound
    package = make_package(tmp_path / "p", SHAPES["unlimited"])
    out = tmp_path / "r.nc"
    result = invoke("run", _scenario(tmp_path, package), "--out", out)
    assert_clean(result)
    assert "262,500 CNY" in result.output  # 1000 t + 1500 t of scrap at a margin of 105 CNY/t
    cube = read_results(out)
    assert np.isinf(float(cube["capacity"].sel(process="smelt", year=2026)))
    assert np.isnan(float(cube["capacity_shadow_price"].sel(process="smelt", year=2026)))
    assert "capacity use" in invoke("inspect", out).output


def test_unlimited_supply_into_unlimited_capacity_is_diagnosed(tmp_path: Path) -> None:
    edits = {"supply_max": f"node,material,year,{H}\nsrc,scrap,2025,1500,t/yr,x,H\n"
                           "src,scrap,2026,inf,t/yr,x,H\n",
             "process_capacity": f"process,year,{H}\nsmelt,2025,1000,t/yr,x,H\n"
                                 "smelt,2026,inf,t/yr,x,H\n"}
    package = make_package(tmp_path / "p", edits)
    result = invoke("run", _scenario(tmp_path, package), "--out", tmp_path / "r.nc")
    assert_clean(result, 2)
    assert "The model is unbounded" in result.output
    assert "source 'src' supplies 'scrap' without limit in 2026 (supply_max inf)" in result.output
    assert "process 'smelt' has no capacity limit in 2026 (process_capacity inf)" in result.output


def test_single_year_prices_once_and_small_headline_numbers(tmp_path: Path) -> None:
    # before: every shadow-price row printed twice; 0.12 tCO2e printed as "0 tCO2e"
    package = make_package(tmp_path / "p", SHAPES["single_year"])
    result = invoke("run", _scenario(tmp_path, package), "--out", tmp_path / "r.nc")
    assert_clean(result)
    assert result.output.count("material Mixed scrap     2025") == 1  # names, not ids
    tiny = {**NO_EMISSIONS, "disposal_emissions": f"node,material,{H}\n"
                                                  "landfill,residue,0.0003,tCO2e/t,x,H\n"}
    package = make_package(tmp_path / "q", tiny)  # 200 t/yr of residue over two years
    result = invoke("run", _scenario(tmp_path, package), "--out", tmp_path / "q.nc")
    assert_clean(result)
    assert "emissions   0.12" in result.output and "emissions   0 tCO2e" not in result.output


def test_a_network_counted_in_hours_and_pieces_runs_and_reports(tmp_path: Path) -> None:
    # Giapetto's Woodcarving (tests/data/giapetto): no material is counted in tonnes, so the
    # report sells 0 t, lists the pieces apart in their own unit and draws no flow of tonnes;
    # the labour supplies that bind are worth 1 CNY an hour each.
    scenario = _scenario(tmp_path, DATA / "giapetto")
    out = tmp_path / "g.nc"
    assert_clean(invoke("run", scenario, "--out", out))
    result = invoke("report", out, "--out", tmp_path / "report")
    assert_clean(result)
    html = (tmp_path / "report" / "report.html").read_text()
    assert "Sales of materials not counted in tonnes" in html
    assert "Wooden soldier [piece]" in html and "Wooden train [piece]" in html
    assert ">0 t<" in html
    assert "material Finishing labour" in invoke("inspect", out).output
