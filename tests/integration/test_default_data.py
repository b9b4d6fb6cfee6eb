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
    assert data.years[0] == 2025 and data.years[-1] == 2040
    sources = data.sets["source"]
    assert (sources["citation"].str.len() > 20).all()
    for name, prov in data.provenance.items():
        assert prov["source"].isin(sources.index).all(), name
        assert prov["confidence"].isin(["H", "M", "L"]).all(), name
    # every derived or estimated number says how (the note column)
    import pandas as pd

    for path in (ROOT / "inputs").glob("*.csv"):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "source" in frame and "note" in frame:
            own = frame["source"].isin(["ZIYA-DER", "ZIYA-EST", "ZIYA-MEMO"])
            assert (frame.loc[own, "note"].str.len() > 10).all(), path.name


SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml")
                   if not p.stem.startswith("sweep_"))


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_shipped_scenario_solves(name: str) -> None:
    cube = model.run(ROOT / "scenarios" / f"{name}.yaml")
    assert cube.attrs["status"] == "optimal", cube.attrs.get("diagnosis")


def test_calibration_passes_or_explains(tmp_path) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from model.cli import main

    result = CliRunner().invoke(main, ["calibrate", str(ROOT / "scenarios" / "baseline.yaml"),
                                       "--csv", str(tmp_path / "cal.csv")])
    assert result.exit_code == 0, result.output
    import pandas as pd

    table = pd.read_csv(tmp_path / "cal.csv", keep_default_na=False)
    assert len(table) >= 8
    assert (table["pass"].astype(str).eq("True") | (table["note"].str.len() > 20)).all()
    li = table[table["item"].str.startswith("Li recovery")]
    assert li["pass"].astype(str).eq("True").all()


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


def test_policy_scenarios_move_the_right_way(baseline) -> None:  # noqa: ANN001
    priced = model.run(ROOT / "scenarios" / "ets_price.yaml")
    assert float(priced["emissions"].sum()) <= float(baseline["emissions"].sum()) + 1e-6
    assert float(priced["cost"].sel(cost_category="carbon").sum()) > 0
    capped = model.run(ROOT / "scenarios" / "carbon_cap_2040.yaml")
    gross = capped["ledger_gross"].sel(year=2040)
    assert float(gross) <= 230_868 * 0.5 * (1 + 1e-6)
    closed = model.run(ROOT / "scenarios" / "export_restriction.yaml")
    foreign = [n for n, c in zip(closed["node"].values, closed["node_country"].values,
                                 strict=True) if c != "CN"]
    assert float(closed["sales"].sel(node=foreign).sum()) == pytest.approx(0, abs=1e-6)
