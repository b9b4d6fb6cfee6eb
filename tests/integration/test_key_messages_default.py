"""Key messages of the default data's carbon cap against its baseline (issue 17): the section
names the baseline and states the cost per tonne abated, recomputed here from the cubes."""

from __future__ import annotations

import html
import re

import pytest
import xarray as xr

import model
from model.report.document import render_html
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def pair() -> tuple[xr.Dataset, xr.Dataset]:
    return (model.run(ROOT / "scenarios" / "carbon_cap_2040.yaml"),
            model.run(ROOT / "scenarios" / "baseline.yaml"))


def _messages(page: str) -> dict[str, str]:
    section = re.search(r'<section id="key-messages">(.*?)</section>', page, re.S)
    assert section, "no key-messages section"
    found = re.findall(r'<li data-key="([a-z_]+)">(.*?)</li>', section.group(1), re.S)
    intro = re.search(r"<p>(.*?)</p>", section.group(1), re.S)
    return {"intro": html.unescape(intro.group(1) if intro else "")} | {
        k: html.unescape(v) for k, v in found}


def test_cap_against_baseline(pair: tuple[xr.Dataset, xr.Dataset]) -> None:
    capped, base = pair
    messages = _messages(render_html(capped, "en", interactive=False, counterfactual=base))
    assert "“baseline”" in messages["intro"]
    # cost per tonne abated, from the cubes: change of (cost - revenue) over the fall in gross
    spent = float(capped["cost"].sum() - capped["revenue"].sum()
                  - base["cost"].sum() + base["revenue"].sum())
    abated = float(base["ledger_gross"].sum() - capped["ledger_gross"].sum())
    assert abated > 0
    assert f"{spent / abated:,.0f} CNY/tCO2e" in messages["cost_per_tonne_abated"]
    # the cap is met by recycling less: avoided emissions fall by more than gross emissions
    lost = float(base["ledger_avoided"].sum() - capped["ledger_avoided"].sum())
    assert lost > abated and "rise by" in messages["leakage"]
    assert "the carbon cap" in messages["binding"]
    # the shadow price is set beside the national ETS price of its year
    assert "national ETS price" in messages["carbon_shadow_price"]
    zh = _messages(render_html(capped, "zh", interactive=False, counterfactual=base))
    assert "“baseline”" in zh["intro"] and "元/吨二氧化碳当量" in zh["cost_per_tonne_abated"]
