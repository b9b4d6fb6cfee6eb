"""A carbon instrument with a boundary (issue 16, item 3): it covers the emissions counted at
its nodes only, and what moves outside is leakage. Hand-solved on the toy with a second
smelter outside the park.

The toy's smelter ("smelt" at node "plant") earns 105 CNY per tonne of scrap. A copy of it,
"smelt_out" at node "outside", has the same haulage and yields but costs 20 CNY/t more to run:
85 CNY/t. 1,500 t/yr of scrap is offered, each smelter may take 1,000 t/yr, so without a cap
smelt runs 1,000 t and smelt_out 500 t.

Emissions per tonne of scrap smelted, by where they are counted: at the smelter's node,
0.1 direct + 0.5 MWh x 0.6 = 0.4 for the process, and the haulage that leaves it,
0.8 t x 200 km x 0.1 kg + 0.2 t x 50 km x 0.1 kg = 0.017 t: 0.417 tCO2e; at the source, the
scrap's haulage 100 km x 0.1 kg = 0.01 t; at the landfill, 0.2 t x 0.02 = 0.004 t.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data

AT_PLANT, AT_SOURCE, AT_LANDFILL = 0.417, 0.01, 0.004


def _copy(text: str, old: str, new: str) -> str:
    lines = text.rstrip("\n").splitlines()
    return "\n".join(lines + [line.replace(old, new) for line in lines if old in line]) + "\n"


OUTSIDE: dict[str, object] = {
    "nodes": lambda t: t + "outside,Smelter outside the park,R1,CN,plant\n",
    "processes": lambda t: t + "smelt_out,outside,Smelter outside,refining\n",
    "process_io": lambda t: _copy(t, "smelt,", "smelt_out,"),
    "process_capacity": lambda t: _copy(t, "smelt,", "smelt_out,"),
    "process_electricity": lambda t: _copy(t, "smelt,", "smelt_out,"),
    "process_emissions": lambda t: _copy(t, "smelt,", "smelt_out,"),
    "process_cost": lambda t: t + "smelt_out,120,CNY/t,toy,H\n",
    "routes": lambda t: t + "src-outside,src,outside,truck\noutside-mkt,outside,mkt,truck\n"
                            "outside-landfill,outside,landfill,truck\n",
    "route_materials": lambda t: t + "src-outside,scrap\noutside-mkt,metal\n"
                                     "outside-landfill,residue\n",
    "route_distance": lambda t: t + "src-outside,100,km,toy,H\noutside-mkt,200,km,toy,H\n"
                                    "outside-landfill,50,km,toy,H\n",
    "carbon_cap": "year,value,unit,source,confidence\n2025,inf,tCO2e/yr,x,H\n"
                  "2026,300,tCO2e/yr,x,H\n",
}


@pytest.fixture
def two_plants(package: Callable[..., Path]) -> Callable[..., Path]:
    def make(**edits: str) -> Path:
        return package(**{**OUTSIDE, **edits})
    return make


def test_a_cap_on_the_park_moves_smelting_outside(two_plants: Callable[..., Path]) -> None:
    # Only the plant's 0.417 t per tonne counts: smelt may run 300 / 0.417 t in 2026; the scrap
    # it no longer takes goes to smelt_out (supply binds). One more tonne under the cap lets
    # smelt take 1/0.417 t from smelt_out: (105 - 85) / 0.417 CNY per tCO2e.
    cube = model.solve_data(load_data(two_plants(instrument_nodes="instrument,node\ncap,plant\n")))
    inside = 300 / AT_PLANT
    np.testing.assert_allclose(cube["activity"].sel(year=2026, process=["smelt", "smelt_out"]),
                               [inside, 1500 - inside], rtol=1e-9)
    assert float(cube["carbon_shadow_price"].sel(year=2026)) == pytest.approx(20 / AT_PLANT,
                                                                             rel=1e-9)
    by_node = cube["emissions_node"].sel(year=2026).sum("source")
    assert float(by_node.sel(node="plant")) == pytest.approx(300, rel=1e-9)
    assert float(by_node.sel(node="outside")) == pytest.approx((1500 - inside) * AT_PLANT,
                                                               rel=1e-9)
    assert cube.attrs["objective"] == pytest.approx(
        -(1000 * 105 + 500 * 85) - (inside * 105 + (1500 - inside) * 85), rel=1e-9)
    np.testing.assert_array_equal(cube["instrument_scope"].sel(instrument="cap"),
                                  [1.0 if n == "plant" else 0.0 for n in cube["node"].values])


def test_without_a_boundary_the_cap_counts_every_node(two_plants: Callable[..., Path]) -> None:
    # Every tonne smelted anywhere emits 0.431 t: the cap allows 300 / 0.431 t in all, and
    # the better smelter takes it.
    cube = model.solve_data(load_data(two_plants()))
    whole = AT_PLANT + AT_SOURCE + AT_LANDFILL
    np.testing.assert_allclose(cube["activity"].sel(year=2026, process=["smelt", "smelt_out"]),
                               [300 / whole, 0], atol=1e-6)
    assert "instrument_scope" not in cube


def test_an_unknown_node_in_a_boundary_is_refused(two_plants: Callable[..., Path]) -> None:
    from model.errors import InputError

    with pytest.raises(InputError, match="instrument_nodes.csv.*unknown node"):
        load_data(two_plants(instrument_nodes="instrument,node\ncap,park\n"))


def test_the_key_messages_state_the_leakage(two_plants: Callable[..., Path]) -> None:
    # Against the same network without a cap, 2026 moves 1,000 - 300/0.417 t from inside to
    # outside: inside the boundary emissions fall by that x 0.417, outside they rise as much.
    from model.report.messages import key_messages

    capped = model.solve_data(load_data(two_plants(instrument_nodes="instrument,node\ncap,plant\n")))
    free = model.solve_data(load_data(two_plants(
        carbon_cap="year,value,unit,source,confidence\n2025,inf,tCO2e/yr,x,H\n"
                   "2026,inf,tCO2e/yr,x,H\n")))
    moved = (1000 - 300 / AT_PLANT) * AT_PLANT
    texts = {m["key"]: m["text"] for m in key_messages(capped, free)["messages"]}
    assert texts["boundary"] == (
        f"Inside the boundary of the carbon cap (1 node) emissions change by -{moved:.0f} "
        f"tCO2e; outside it by +{moved:.0f} tCO2e (leakage where they rise).")
