"""Charts a reader can use (issue 17): the Sankey diagram by stage with a year slider and a
detailed view, distinct colours, a second cost panel, the carbon cap line, readable labels."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import model
from model.report.document import render_html
from model.report.figures import capacity_figure, cost_figure, distinct_colours, emission_figure
from model.report.i18n import text
from model.report.sankey import _collapse, sankey_links, sankey_svg, sankey_views
from tests.conftest import ROOT

A4_TEXT_PT = 182 / 25.4 * 72  # A4 width less the report's 14 mm margins, in points


@pytest.fixture(scope="module")
def baseline() -> xr.Dataset:
    """The default data's baseline (one solve for the module, about 10 s)."""
    return model.run(ROOT / "scenarios" / "baseline.yaml")


def _capped(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with a cap in its later years (the chart reads the cube, not the solve)."""
    cap = np.full(ds.sizes["year"], np.inf)
    cap[-4:] = 1e5
    return ds.assign(carbon_cap=("year", cap))


def test_collapse_splits_a_place_by_what_leaves_it() -> None:
    links = pd.DataFrame([("a", "h", "m", 2025, 10.0), ("h", "b", "m", 2025, 6.0),
                          ("h", "c", "m", 2025, 2.0), ("h", "a", "m", 2025, 2.0),
                          ("h", "d", "x", 2025, 5.0)],
                         columns=["source", "target", "material", "year", "tonnes"])
    out = _collapse(links, "h").set_index(["source", "target"])["tonnes"]
    # 10 t of m enter from a and leave 60/20/20 % to b, c and back to a (a round trip, dropped)
    assert out.to_dict() == {("a", "b"): 6.0, ("a", "c"): 2.0}


def test_default_sankey_is_by_stage_with_at_most_25_nodes(baseline: xr.Dataset) -> None:
    years = [int(y) for y in baseline["year"].values]
    views = sankey_views(baseline, years)
    detailed = sankey_links(baseline, years[len(years) // 2], detailed=True)
    for year, view in views.items():
        assert 5 <= len(view.nodes) <= 25, (year, view.nodes)
        assert not (view.links["source"] == view.links["target"]).any(), year
    assert len(detailed.nodes) > 40  # what the detailed view still shows
    stages = set(baseline["process_stage_label"].values)
    assert stages & set(views[years[0]].nodes)  # stage names, not process names
    assert not set(baseline["process_label"].values) - stages & set(views[years[0]].nodes)
    assert not any("|" in n for n in views[years[0]].nodes)  # no node keys shown


def test_sankey_svg_labels_are_readable_and_apart(baseline: xr.Dataset) -> None:
    for lang in ("en", "zh"):
        drawing = sankey_svg(sankey_links(baseline, 2032, lang=lang))
        width = float(re.search(r'<svg[^>]*width="([\d.]+)"', drawing).group(1))  # type: ignore[union-attr]
        size = float(re.search(r'<svg[^>]*font-size="([\d.]+)"', drawing).group(1))  # type: ignore[union-attr]
        assert size * A4_TEXT_PT / width >= 7.0
        boxes = [tuple(map(float, m)) for m in re.findall(
            r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#fff"',
            drawing)]
        assert len(boxes) >= 10
        for i, (x, y, w, h) in enumerate(boxes):
            for x2, y2, w2, h2 in boxes[i + 1:]:
                apart = x + w <= x2 or x2 + w2 <= x or y + h <= y2 + 0.5 or y2 + h2 <= y + 0.5
                assert apart, ((x, y, w, h), (x2, y2, w2, h2))


def test_html_has_a_year_slider_and_a_detailed_view(baseline: xr.Dataset) -> None:
    page = render_html(baseline, "en")
    years = [str(int(y)) for y in baseline["year"].values]
    # one slider step per year, in the stage view and in the detailed view
    assert re.findall(r'"label":"(\d{4})","method":"restyle"', page) == years * 2
    assert re.findall(r'"sliders":\[\{"active":(\d+)', page) == [str(len(years) // 2)] * 2
    assert 'id="sankey-detail-plot"' in page and text("sankey_detail", "en") in page
    printable = render_html(baseline, "en", interactive=False)
    assert '"sliders"' not in printable and "sankey-detail-plot" not in printable


def test_capacity_series_have_distinct_colours(baseline: xr.Dataset) -> None:
    drawing = capacity_figure(baseline, "en")
    colours = re.findall(r'id="[^"]*-capacity-[^"]*">\s*<path[^>]*?stroke: (#[0-9a-f]{6})',
                         drawing)
    assert len(colours) == len(set(baseline["process_stage"].values)) > 10
    assert len(set(colours)) == len(colours)
    for n in (5, 20, 33):
        assert len(set(distinct_colours(n))) == n


def test_cost_chart_shows_the_small_categories(baseline: xr.Dataset) -> None:
    drawing = cost_figure(baseline, "en")
    assert "without Acquisition of materials" in drawing


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cap_line_only_where_a_cap_exists(baseline: xr.Dataset, lang: str) -> None:
    assert np.isinf(baseline["carbon_cap"].values).all()
    plain = emission_figure(baseline, lang)
    assert "carbon-cap-line" not in plain and text("cap_line", lang) not in plain
    capped = emission_figure(_capped(baseline), lang)
    assert "carbon-cap-line" in capped and text("cap_line", lang) in capped
    line = re.search(r'id="[^"]*carbon-cap-line">\s*<path d="([^"]+)"', capped)
    assert line is not None and len(re.findall(r"[ML]", line.group(1))) == 4  # finite years
