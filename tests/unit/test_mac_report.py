"""The MAC curve's chart and report page (issue 17), from a curve table: no solver."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.report.mac import is_mac, mac_figure, mac_steps, read_mac, write_mac_report

STEP_ID = re.compile(r'id="[^"]*mac-step-\d+"')


def curve(points: int = 5) -> pd.DataFrame:
    """A MAC table as `ziya mac` writes it: 11.3 MtCO2e down to (almost) nothing."""
    high = 11_331_205.17
    budget = np.linspace(high, 1e-7, points)
    return pd.DataFrame({
        "budget_tco2e": budget, "status": "optimal",
        "objective_cny": -6.2e10 * budget / high,
        "emissions_tco2e": budget, "abatement_tco2e": high - budget,
        "shadow_price_cny_per_tco2e": [0.0, *np.geomspace(1_860.0, 63_507.0, points - 1)],
        "seconds": 1.0}, index=pd.RangeIndex(points, name="point"))


def test_steps_span_the_abatement_at_each_binding_points_price() -> None:
    steps = mac_steps(curve(5))
    assert len(steps) == 4 and list(steps.index) == [1, 2, 3, 4]
    assert steps["start"].iloc[0] == 0.0 and steps["end"].iloc[-1] == pytest.approx(11_331_205.17)
    assert np.allclose(steps["end"].to_numpy()[:-1], steps["start"].to_numpy()[1:])
    assert steps["price"].iloc[0] == pytest.approx(1_860.0)


def test_chart_has_one_bar_per_step() -> None:
    for points in (2, 8):
        assert len(STEP_ID.findall(mac_figure(curve(points), "en"))) == points - 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_writes_html_and_pdf(lang: str, tmp_path: Path) -> None:
    written = write_mac_report(curve(8), tmp_path / lang, lang, source="baseline_mac.csv")
    html = written["html"].read_text(encoding="utf-8")
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert len(STEP_ID.findall(html)) == 7
    title = {"en": "Marginal abatement cost curve", "zh": "边际减排成本曲线"}[lang]
    assert title in html and "63,507" in html and "1,860" in html
    assert "e-0" not in html and "0.000000" not in html  # the 1e-7 end of the curve reads 0


def test_the_csv_reads_back_as_a_mac_table_and_other_files_do_not(tmp_path: Path) -> None:
    table = curve(3)
    table.to_csv(tmp_path / "x_mac.csv")
    back = read_mac(tmp_path / "x_mac.csv")
    assert back is not None and is_mac(back) and len(back) == 3
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "other.csv")
    assert read_mac(tmp_path / "other.csv") is None
    with pytest.raises(ValueError, match="not a MAC table"):
        write_mac_report(pd.DataFrame({"a": [1]}), tmp_path / "r")
