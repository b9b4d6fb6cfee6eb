"""VAT refunded on collection as policy data (issue 16, item 4: one tax basis and the
recyclers' VAT regime), hand-solved on the toy.

The toy smelts 1,000 t/yr of scrap in two years into 0.8 t of metal sold at 2,000 CNY/t net of
VAT, earning 105 CNY per tonne of scrap (no discounting). With China's 13 % VAT and 30 % of it
refunded on the metal, each tonne of scrap earns 0.8 x 2,000 x 0.13 x 0.3 = 62.4 CNY more.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import model
from model.data.validate import load_data
from model.errors import InputError

VAT = "country,year,value,unit,source,confidence\nCN,2025,0.13,1,x,H\nCN,2026,0.13,1,x,H\n"


def _share(rows: str) -> str:
    return "material,country,year,value,unit,source,confidence\n" + rows


def test_the_refund_by_hand(package: Callable[..., Path]) -> None:
    cube = model.solve_data(load_data(package(vat_rate=VAT,
                                              vat_refund_share=_share("metal,CN,,0.3,1,x,H\n"))))
    np.testing.assert_allclose(cube["activity"].sel(process="smelt"), [1000, 1000], atol=1e-6)
    assert cube.attrs["objective"] == pytest.approx(-2 * 1000 * (105 + 62.4), rel=1e-9)
    np.testing.assert_allclose(cube["cost"].sel(cost_category="vat_refund"),
                               [-62_400, -62_400], rtol=1e-9)
    np.testing.assert_allclose(cube["revenue"], [1_600_000, 1_600_000], rtol=1e-9)


def test_a_dated_row_and_no_vat_rate(package: Callable[..., Path]) -> None:
    """A dated row replaces the year-less one in its year; without a VAT rate nothing is
    refunded."""
    share = _share("metal,CN,,0.3,1,x,H\nmetal,CN,2026,0.5,1,x,H\n")
    cube = model.solve_data(load_data(package(vat_rate=VAT, vat_refund_share=share)))
    np.testing.assert_allclose(cube["cost"].sel(cost_category="vat_refund"),
                               [-62_400, -1000 * 0.8 * 2000 * 0.13 * 0.5], rtol=1e-9)
    untaxed = model.solve_data(load_data(package(vat_refund_share=share)))
    assert "vat_refund" not in untaxed["cost"].coords["cost_category"].values
    assert untaxed.attrs["objective"] == pytest.approx(-2 * 1000 * 105, rel=1e-9)


def test_the_refund_can_decide_a_plant(package: Callable[..., Path]) -> None:
    """Haulage 4x the truck rate leaves the smelter 45 CNY/t short; the refund of 62.4 CNY/t
    opens it again with 17.4 CNY/t to spare."""
    factor = "material,mode,value,unit,source,confidence\nscrap,truck,4,1,x,H\n"
    closed = model.solve_data(load_data(package(haulage_factor=factor)))
    np.testing.assert_allclose(closed["activity"].sel(process="smelt"), [0, 0], atol=1e-6)
    opened = model.solve_data(load_data(package(
        haulage_factor=factor, vat_rate=VAT, vat_refund_share=_share("metal,CN,,0.3,1,x,H\n"))))
    np.testing.assert_allclose(opened["activity"].sel(process="smelt"), [1000, 1000], atol=1e-6)
    assert opened.attrs["objective"] == pytest.approx(-2 * 1000 * 17.4, rel=1e-9)


def test_a_share_above_one_is_refused(package: Callable[..., Path]) -> None:
    with pytest.raises(InputError, match=r"vat_refund_share\.csv.*metal.*1\.3"):
        load_data(package(vat_refund_share=_share("metal,CN,,1.3,1,x,H\n")))


def test_material_bought_and_resold_earns_no_refund(package: Callable[..., Path]) -> None:
    """100 t/yr of metal bought at the source for 1,900 CNY/t and trucked 100 km to the market
    (50 CNY/t) earn 50 CNY/t; the refund is for metal made by the smelter only."""
    cube = model.solve_data(load_data(package(
        vat_rate=VAT, vat_refund_share=_share("metal,CN,,0.3,1,x,H\n"),
        supply_max=lambda t: t + "src,metal,2025,100,t/yr,x,H\nsrc,metal,2026,100,t/yr,x,H\n",
        supply_cost=lambda t: t + "src,metal,2025,1900,CNY/t,x,H\nsrc,metal,2026,1900,CNY/t,x,H\n",
        routes=lambda t: t + "src-mkt,src,mkt,truck\n",
        route_materials=lambda t: t + "src-mkt,metal\n",
        route_distance=lambda t: t + "src-mkt,100,km,x,H\n")))
    np.testing.assert_allclose(cube["supply"].sel(node="src", material="metal"), [100, 100],
                               atol=1e-6)
    np.testing.assert_allclose(cube["cost"].sel(cost_category="vat_refund"),
                               [-62_400, -62_400], rtol=1e-9)
    assert cube.attrs["objective"] == pytest.approx(-2 * (1000 * (105 + 62.4) + 100 * 50),
                                                    rel=1e-9)
