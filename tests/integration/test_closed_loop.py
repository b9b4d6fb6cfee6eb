"""Issue 16, seed item: closed-loop demand from the region's carmakers (carmakers.py).

At the ordinary ADC12 price, remelting the park's aluminium scrap (0.9 t of alloy a tonne)
earns less than selling the scrap, so the park sells no alloy to the carmakers unless a
contract makes it (scenario closed_loop_aluminium: 58.8 kt/yr from 2027, a quarter of the
235 kt/yr of secondary alloy in the region's castings). The contract then binds exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def baseline():  # noqa: ANN201
    return model.run(ROOT / "scenarios" / "baseline.yaml")


@pytest.fixture(scope="module")
def closed():  # noqa: ANN201
    return model.run(ROOT / "scenarios" / "closed_loop_aluminium.yaml")


def test_carmakers_demand_is_the_regions_castings() -> None:
    data = model.load_data(ROOT / "inputs")
    demand = data.params["market_max"].xs(("jjj_carmakers", "secondary_al"),
                                         level=["node", "material"])
    # 2.795 M vehicles x 175 kg x 60 % cast x 80 % secondary = 234.8 kt/yr
    np.testing.assert_allclose(demand.to_numpy(), 2.795e6 * 175 * 0.6 * 0.8 / 1e3, rtol=1e-3)


def test_closed_loop_contract_binds_and_costs(closed, baseline) -> None:  # noqa: ANN001
    sold = closed["sales"].sel(node="jjj_carmakers", material="secondary_al")
    np.testing.assert_allclose(sold.sel(year=slice(2027, None)), 58_800, rtol=1e-6)
    np.testing.assert_allclose(sold.sel(year=[2025, 2026]), 0.0, atol=1e-6)
    assert float(baseline["sales"].sel(material="secondary_al").sum()) == pytest.approx(0.0,
                                                                                        abs=1e-6)
    # the alloy comes from the park's remelting at 0.9 t/t
    remelt = closed["activity"].sel(process="al_remelt")
    assert float(remelt.sel(year=2030)) >= 58_800 / 0.9 * (1 - 1e-6)
    # a contract at the market price that the optimum did not choose costs money
    assert float(closed.attrs["objective"]) > float(baseline.attrs["objective"])
