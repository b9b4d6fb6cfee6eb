"""Property-based tests on random valid networks (hypothesis).

Each example is a small chain: 1-3 sources of scrap, trucked to a plant whose smelter turns it
into metal and residue at a random yield, metal trucked to 1-2 markets, residue to a landfill.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model

YEARS = (2025, 2026)
PROPERTY_SETTINGS = settings(max_examples=12, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])
H = "value,unit,source,confidence"


@st.composite
def networks(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    """Rows of every CSV of a random valid data package (units canonical)."""
    n_src = draw(st.integers(1, 3))
    n_mkt = draw(st.integers(1, 2))
    money = st.floats(0, 5000, allow_nan=False)
    amount = st.floats(0, 5000, allow_nan=False)
    yield_ = draw(st.floats(0.3, 0.95))
    src = [f"src{i}" for i in range(n_src)]
    mkt = [f"mkt{i}" for i in range(n_mkt)]
    routes = [(f"{s}-plant", s, "plant", "scrap") for s in src]
    routes += [(f"plant-{k}", "plant", k, "metal") for k in mkt]
    routes.append(("plant-fill", "plant", "fill", "residue"))
    p = {
        "years": [[y] for y in YEARS],
        "materials": [["scrap", "Scrap", "eol"], ["metal", "Metal", "secondary"],
                      ["residue", "Residue", "waste"]],
        "nodes": [[n, n, "R", "NO", "x"] for n in (*src, "plant", *mkt, "fill")],
        "modes": [["truck", "Truck"]],
        "processes": [["smelt", "plant", "Smelter", "refining"]],
        "routes": [[r, o, d, "truck"] for r, o, d, _ in routes],
        "route_materials": [[r, m] for r, _, _, m in routes],
        "discount_rate": [[draw(st.floats(0, 0.1)), "1"]],
        "process_io": [["smelt", "scrap", "in", 1.0, "t/t"],
                       ["smelt", "metal", "out", yield_, "t/t"],
                       ["smelt", "residue", "out", 1 - yield_, "t/t"]],
        "process_cost": [["smelt", draw(money), "CNY/t"]],
        "process_electricity": [["smelt", draw(st.floats(0, 1)), "MWh/t"]],
        "process_emissions": [["smelt", draw(st.floats(0, 1)), "tCO2e/t"]],
        "process_capacity": [["smelt", y, draw(amount), "t/yr"] for y in YEARS],
        "supply_max": [[s, "scrap", y, draw(amount), "t/yr"] for s in src for y in YEARS],
        "supply_cost": [[s, "scrap", y, draw(money), "CNY/t"] for s in src for y in YEARS],
        "market_price": [[k, "metal", y, draw(st.floats(0, 20000)), "CNY/t"]
                         for k in mkt for y in YEARS],
        "market_max": [[k, "metal", y, draw(amount), "t/yr"] for k in mkt[:1] for y in YEARS],
        "route_distance": [[r, draw(st.floats(1, 500)), "km"] for r, *_ in routes],
        "mode_cost": [["truck", draw(st.floats(0, 1)), "CNY/(t*km)"]],
        "mode_emission_factor": [["truck", 0.0001, "tCO2e/(t*km)"]],
        "disposal_cost": [["fill", "residue", draw(st.floats(0, 500)), "CNY/t"]],
        "electricity_price": [["R", y, draw(st.floats(0, 1000)), "CNY/MWh"] for y in YEARS],
        "grid_emission_factor": [["R", y, 0.6, "tCO2e/MWh"] for y in YEARS],
    }
    return p


HEADERS = {
    "years": "year", "materials": "material,label,category",
    "nodes": "node,label,region,country,kind", "modes": "mode,label",
    "processes": "process,node,label,stage", "routes": "route,origin,destination,mode",
    "route_materials": "route,material", "discount_rate": H,
    "process_io": f"process,material,direction,{H}", "process_cost": f"process,{H}",
    "process_electricity": f"process,{H}", "process_emissions": f"process,{H}",
    "process_capacity": f"process,year,{H}", "supply_max": f"node,material,year,{H}",
    "supply_cost": f"node,material,year,{H}", "market_price": f"node,material,year,{H}",
    "market_max": f"node,material,year,{H}", "route_distance": f"route,{H}",
    "mode_cost": f"mode,{H}", "mode_emission_factor": f"mode,{H}",
    "disposal_cost": f"node,material,{H}", "electricity_price": f"region,year,{H}",
    "grid_emission_factor": f"region,year,{H}", "carbon_cap": f"year,{H}",
}
NUMERIC = {name for name, header in HEADERS.items() if header.endswith(H)}


def write(package: dict, folder: Path, shuffle_seed: int | None = None) -> Path:
    for name, rows in package.items():
        rows = list(rows)
        if shuffle_seed is not None:
            random.Random(shuffle_seed).shuffle(rows)
        lines = [HEADERS[name]]
        for row in rows:
            cells = [repr(c) if isinstance(c, float) else str(c) for c in row]
            if name in NUMERIC:
                cells += ["generated", "L"]
            lines.append(",".join(cells))
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n")
    return folder


def solve(package: dict, **kwargs: object) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        data = model.load_data(write(package, Path(tmp), **kwargs))  # type: ignore[arg-type]
    cube = model.solve_data(data)
    assert cube.attrs["status"] == "optimal"  # the audit ran inside solve_data
    return cube


@PROPERTY_SETTINGS
@given(networks())
def test_no_mass_created_and_flows_non_negative(package: dict) -> None:
    cube = solve(package)
    bought = float(cube["supply"].sum())
    assert float(cube["sales"].sum()) + float(cube["disposal"].sum()) <= bought * (1 + 1e-9) + 1e-6
    for name in ("flow", "activity", "supply", "sales", "disposal", "emissions"):
        assert float(cube[name].min()) >= -1e-7, name


@PROPERTY_SETTINGS
@given(networks(), st.sampled_from([0.9, 0.5, 0.1]))
def test_tightening_a_carbon_cap_never_lowers_cost(package: dict, factor: float) -> None:
    free = solve(package)
    emitted = free["emissions"].sum("source")
    capped = dict(package)
    capped["carbon_cap"] = [[int(y), max(float(e), 0.0) * factor, "tCO2e/yr"]
                            for y, e in zip(emitted["year"].values, emitted.values, strict=True)]
    tight = solve(capped)
    # solver tolerances: 1e-6 relative, plus 1e-3 CNY absolute for objectives near zero
    assert tight.attrs["objective"] >= free.attrs["objective"] - 1e-6 * abs(
        free.attrs["objective"]) - 1e-3


MONEY = ("process_cost", "supply_cost", "market_price", "mode_cost", "disposal_cost",
         "electricity_price")


@PROPERTY_SETTINGS
@given(networks(), st.sampled_from([0.5, 3.0, 1000.0]))
def test_scaling_all_money_scales_the_objective(package: dict, k: float) -> None:
    base = solve(package)
    scaled = {name: ([[*r[:-2], r[-2] * k, r[-1]] for r in rows] if name in MONEY else rows)
              for name, rows in package.items()}
    result = solve(scaled)
    assert result.attrs["objective"] == pytest.approx(k * base.attrs["objective"], rel=1e-6,
                                                      abs=1e-6 * k)


@PROPERTY_SETTINGS
@given(networks())
def test_kilotonnes_instead_of_tonnes_change_nothing_physical(package: dict) -> None:
    base = solve(package)
    in_kt = dict(package)
    for name in ("supply_max", "process_capacity", "market_max"):
        in_kt[name] = [[*r[:-2], r[-2] / 1000, "kt/yr"] for r in package[name]]
    result = solve(in_kt)
    assert result.attrs["objective"] == pytest.approx(base.attrs["objective"], rel=1e-7, abs=1e-6)
    np.testing.assert_allclose(result["activity"].values, base["activity"].values, rtol=1e-6,
                               atol=1e-6)


@PROPERTY_SETTINGS
@given(networks(), st.integers(0, 1000))
def test_shuffling_input_rows_changes_nothing(package: dict, seed: int) -> None:
    base = solve(package)
    result = solve(package, shuffle_seed=seed)
    assert result.attrs["objective"] == pytest.approx(base.attrs["objective"], rel=1e-9, abs=1e-6)
    assert float(result["sales"].sum()) == pytest.approx(float(base["sales"].sum()), rel=1e-6,
                                                         abs=1e-6)
