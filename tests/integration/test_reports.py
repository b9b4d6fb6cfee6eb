"""Policy reports from saved result files: HTML in headless Chromium, PDF via poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import model
from model.report.document import (
    NotOptimalError,
    render_html,
    write_comparison,
    write_pdf,
    write_report,
)
from model.results.summary import headline
from tests.conftest import DATA, ROOT

CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline solved once and saved; every report test reads this file (no solver)."""
    path = tmp_path_factory.mktemp("results") / "baseline.nc"
    model.write_results(model.run(ROOT / "scenarios" / "baseline.yaml"), path)
    return path


@pytest.fixture(scope="module")
def reports(saved: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    cube = model.read_results(saved)
    return {lang: write_report(cube, folder / lang, lang, source=str(saved))["html"].parent
            for lang in ("en", "zh")}


def _pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = [PDFTOTEXT, "-layout"] + (["-f", str(first), "-l", str(last)] if first else [])
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_html_is_self_contained(reports: dict[str, Path]) -> None:
    html = (reports["en"] / "report.html").read_text()
    # resources loaded by tags (plotly.js itself contains attribution URLs as plain strings)
    assert not re.search(r'<(script|img|link|iframe|source)[^>]+(src|href)="https?:', html)
    assert "@import url(http" not in html
    assert not re.search(r"<script[^>]+src=", html)  # every script is inline
    assert "Plotly.newPlot" in html  # the plotly library and the figure are inlined


def test_report_numbers_equal_the_cube(saved: Path, reports: dict[str, Path]) -> None:
    head = headline(model.read_results(saved))
    html = (reports["en"] / "report.html").read_text()
    values = dict(re.findall(r'data-key="([^"]+)" data-value="([^"]+)"', html))
    # net result = revenue - cost, the solver's objective with the opposite sign
    assert float(values["net_result_cny"]) == pytest.approx(-float(head["objective_cny"]), rel=1e-12)
    for key in ("net_result_cny", "total_cost_cny", "total_emissions_tco2e", "material_sold_t"):
        assert float(values[key]) == pytest.approx(float(head[key]), rel=1e-12), key


@needs_poppler
def test_pdf_pages_render_and_read_in_both_languages(reports: dict[str, Path], tmp_path: Path) -> None:
    english = _pdf_text(reports["en"] / "report.pdf", 1, 1)
    assert "Executive summary" in english and "NET RESULT" in english.upper()
    chinese = _pdf_text(reports["zh"] / "report.pdf", 1, 1)
    assert "摘要" in chinese and "净收益" in chinese
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2",
                    str(reports["en"] / "report.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 10_000 for p in pages)


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_renders_in_chromium_without_console_errors(reports: dict[str, Path], lang: str,
                                                         tmp_path: Path) -> None:
    page = (reports[lang] / "report.html").as_uri()
    user = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([CHROMIUM, *FLAGS, *user, "--virtual-time-budget=10000",
                          "--enable-logging=stderr", "--v=0", "--dump-dom", page],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "rror" in line or "Uncaught" in line], console
    assert 'class="sankey"' in dom.stdout  # plotly drew the Sankey
    assert dom.stdout.count("<svg") >= 5  # Sankey plus the static charts
    shot = tmp_path / f"report_{lang}.png"
    subprocess.run([CHROMIUM, *FLAGS, *user, "--virtual-time-budget=10000",
                    f"--screenshot={shot}", "--window-size=1100,2000", page],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 50_000


def test_names_from_the_data_are_escaped(package, tmp_path: Path) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    path = package(process_cost=f'process,value,unit,source,confidence\nsmelt,100,CNY/t,"{evil}",H\n')
    data = model.load_data(path)
    cube = model.solve_data(data, attrs={"scenario": "evil", "scenario_description": evil})
    from model.data.provenance import input_provenance

    cube = cube.assign_coords(input_provenance(data).coords)
    html = render_html(cube, "en", interactive=False)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    if PDFTOTEXT:
        pdf = write_pdf(html, tmp_path / "evil.pdf")
        assert "<script>alert(1)</script>" in _pdf_text(pdf)


def test_pdf_renderer_fetches_nothing_but_data_uris(tmp_path: Path) -> None:
    html = ('<html><body><p>before</p><img src="file:///etc/passwd">'
            '<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">'
            '<iframe src="file:///etc/passwd"></iframe><p>after</p></body></html>')
    pdf = write_pdf(html, tmp_path / "ssrf.pdf")
    if PDFTOTEXT:
        text = _pdf_text(pdf)
        assert "before" in text and "root:" not in text


def test_non_optimal_result_is_refused_or_bannered(package, tmp_path: Path) -> None:
    must = "node,material,year,value,unit,source,confidence\nmkt,metal,2025,5000,t/yr,x,H\n"
    cube = model.solve_data(model.load_data(package(market_min=must)),
                            attrs={"scenario": "infeasible"})
    with pytest.raises(NotOptimalError, match="not optimal"):
        write_report(cube, tmp_path / "refused")
    assert not (tmp_path / "refused" / "report.html").exists()
    written = write_report(cube, tmp_path / "banner", allow_nonoptimal=True)
    assert 'id="nonoptimal-banner"' in written["html"].read_text()
    if PDFTOTEXT:
        assert "NOT OPTIMAL" in _pdf_text(written["pdf"], 1, 1)


def test_comparison_report(saved: Path, tmp_path: Path) -> None:
    base = model.read_results(saved)
    priced = model.run(ROOT / "scenarios" / "ets_price.yaml")
    written = write_comparison({"baseline": base, "ets_price": priced}, tmp_path, "en")
    html = written["html"].read_text()
    assert "ets_price" in html and "Difference to the reference" in html
    assert (tmp_path / "comparison.csv").read_text().count("\n") == 7


def test_report_cli(saved: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from model.cli import main

    result = CliRunner().invoke(main, ["report", str(saved), "--out", str(tmp_path / "r"),
                                       "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "摘要" in (tmp_path / "r" / "report.html").read_text()


def test_toy_report_without_exports_or_rules(tmp_path: Path) -> None:
    cube = model.solve_data(model.load_data(DATA / "toy"), attrs={"scenario": "toy"})
    html = render_html(cube, "en", interactive=False)
    assert "Nothing is exported." in html and "No carbon cap applies" in html
