"""The default data package and scenarios, solved end to end as a user would."""

from __future__ import annotations

import numpy as np
import pytest

import model
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def baseline():  # noqa: ANN201
    return model.run(ROOT / "scenarios" / "baseline.yaml")


def test_default_package_is_valid_and_sourced() -> None:
    data = model.load_data(ROOT / "inputs")
    assert data.years[0] == 2025 and data.years[-1] == 2035
    for name, prov in data.provenance.items():
        assert (prov["source"].str.len() > 5).all(), name
        assert prov["confidence"].isin(["H", "M", "L"]).all(), name


def test_baseline_is_optimal_audited_and_plausible(baseline) -> None:  # noqa: ANN001
    assert baseline.attrs["status"] == "optimal"
    assert baseline.attrs["audit_max_relative_residual"] < 1e-6
    # every tonne sold is less than the tonnes bought (mass is lost to residues, never created)
    assert float(baseline["sales"].sum()) < float(baseline["supply"].sum())
    # ferrous scrap is the largest product stream of ELV recycling (>70% of hulk mass)
    by_material = baseline["sales"].sum(["node", "year"])
    assert by_material.idxmax().item() == "shred_ferrous"
    # prices at the market nodes equal the market prices where the market is not saturated
    price = baseline["material_price"].sel(node="tangshan_eaf", material="shred_ferrous")
    assert np.allclose(price.values, 2250)
    # emission intensity of the chain: 0.1-0.5 tCO2e per tonne of end-of-life input
    intensity = float(baseline["emissions"].sum()) / float(baseline["supply"].sum())
    assert 0.05 < intensity < 0.5


def test_readme_python_example(baseline) -> None:  # noqa: ANN001
    sales = baseline["sales"].sum("node").sel(year=2030)
    assert float(sales.sel(material="secondary_al")) > 0
    prices = baseline["material_price"].sel(node="ziya")
    assert prices.attrs["units"] == "CNY/t"


@pytest.mark.parametrize("name", ["ets_price", "lithium_boom"])
def test_other_scenarios_solve(name: str, baseline) -> None:  # noqa: ANN001
    cube = model.run(ROOT / "scenarios" / f"{name}.yaml")
    assert cube.attrs["status"] == "optimal"
    if name == "ets_price":  # a price on emissions never raises emissions
        assert float(cube["emissions"].sum()) <= float(baseline["emissions"].sum()) + 1e-6
        assert float(cube["cost"].sel(cost_category="carbon").sum()) > 0
