"""Issue 16, seed item: the packs of the region's buses, taxis and heavy trucks (fleet.py).

Expected values are worked by hand from the anchors in inputs/derivations/fleet.py and
inputs/README.md, not read from a run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import model
from model.data.supply import product_outflows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def flows():  # noqa: ANN201
    return product_outflows(model.load_data(ROOT / "inputs"))


def _stock(flows, product: str, year: int) -> float:  # noqa: ANN001
    rows = flows[(flows["product"] == product) & (flows["year"] == year)]
    return float(rows["stock_units"].iloc[0])


def test_fleet_stocks_follow_their_anchors(flows) -> None:  # noqa: ANN001
    # Beijing: 23,000 buses x 81 % NEV (2024); 70,000 taxis x 65 % BEV (2023)
    assert _stock(flows, "nev_buses_beijing", 2025) == pytest.approx(
        23_000 * (0.81 + (0.95 - 0.81) / 6), rel=1e-3)
    assert _stock(flows, "nev_taxis_beijing", 2026) == pytest.approx(70_000 * 0.975, rel=1e-3)
    # Hebei's NEV heavy trucks: 45,000 at the end of 2025, +25 %/yr to 2030, half in Tangshan
    assert _stock(flows, "nev_trucks_tangshan", 2030) == pytest.approx(
        0.5 * 45_000 * 1.25 ** 5, rel=1e-3)
    # Tianjin: 0.2 of Hebei's trucks, then +5 %/yr after 2030
    assert _stock(flows, "nev_trucks_tianjin", 2032) == pytest.approx(
        0.2 * 45_000 * 1.25 ** 5 * 1.05 ** 2, rel=1e-3)


def test_fleet_packs_leave_once_and_weigh_their_cohort(flows) -> None:  # noqa: ANN001
    fleet = flows[flows["product"].str.startswith("nev_")]
    assert set(fleet["material"]) == {"battery_lfp", "battery_nmc"}
    # only taxis carry NMC packs (the car cohorts' chemistry); buses and trucks are LFP
    nmc = fleet[fleet["material"] == "battery_nmc"]
    assert nmc["product"].str.startswith("nev_taxis_").all()
    # a truck pack retired in 2025 comes from the 2020-2024 cohorts: 282-350 kWh x 6.66 t/MWh
    trucks = fleet[fleet["product"].str.startswith("nev_trucks_") & (fleet["year"] == 2025)]
    per_pack = trucks["tonnes"].sum() / trucks["units"].sum()
    assert 0.282 * 6.66 <= per_pack <= 0.350 * 6.66
    # the packs of a product never exceed what entered: stock + retired = inflow, every year
    for _, rows in fleet.groupby("product"):
        years = rows.groupby("year").agg(stock_units=("stock_units", "first"),
                                         inflow_units=("inflow_units", "first"),
                                         retired_units=("retired_units", "sum"))
        first = years.index[0]
        inflow = years["inflow_units"].cumsum()
        retired = years["retired_units"].cumsum()
        before = float(years["stock_units"].iloc[0] - years["inflow_units"].iloc[0]
                       + years["retired_units"].iloc[0])  # the stock the model year inherits
        assert before >= 0 and first == 2025
        np.testing.assert_allclose(years["stock_units"], before + inflow - retired, rtol=1e-9,
                                   atol=1e-6)
