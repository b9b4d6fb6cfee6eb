"""What a reader sees: names instead of ids, Chinese text in the Chinese report, and the
command line around reports (issue 17)."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import model
from model.cli import main
from model.report.document import render_html
from model.report.i18n import text
from model.report.sankey import _short
from tests.conftest import DATA, ROOT

#: Latin words a Chinese report may contain outside the appendix: the program's name and
#: chemical element symbols (the scenario's own name is added by the test).
LATIN_ALLOWED = {"ziya", "Co", "Li", "Mn", "Ni"}
SET_TABLES = {"material": "materials.csv", "process": "processes.csv", "node": "nodes.csv"}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """The default scenario's report in both languages (the page as a browser gets it)."""
    cube = model.run(ROOT / "scenarios" / "baseline.yaml")
    return {lang: render_html(cube, lang) for lang in ("en", "zh")}


def _rows(file: str) -> list[dict[str, str]]:
    with (ROOT / "inputs" / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _visible(page: str, lang: str) -> str:
    """The page's text before the appendix: tags, scripts, styles and SVG metadata removed."""
    body = page.split(f"<h2>{text('appendix', lang)}</h2>")[0]
    body = re.sub(r"<(script|style|metadata)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _labels() -> list[str]:
    """Every name of the default data (English and Chinese), longest first, and the
    shortened forms drawn in the Sankey diagram."""
    names = {row[column] for file in SET_TABLES.values() for row in _rows(file)
             for column in ("label", "label_zh") if row.get(column)}
    names |= {_short(n) for n in names}
    return sorted(names, key=len, reverse=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_ids_outside_the_appendix(pages: dict[str, str], lang: str) -> None:
    # the program's name is also the park's id; names may contain ids ("hazardous")
    shown = _visible(pages[lang], lang).replace(text("subtitle", lang), " ")
    for name in _labels():
        shown = shown.replace(name, " ")
    ids = [row[key] for key, file in SET_TABLES.items() for row in _rows(file) if row["label"]]
    found = sorted({i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown)})
    assert not found, f"ids in the {lang} report: {found}"


def test_names_from_the_data_are_shown(pages: dict[str, str]) -> None:
    assert "Shredded ferrous scrap" in _visible(pages["en"], "en")
    chinese = _visible(pages["zh"], "zh")
    assert "破碎废钢" in chinese and "子牙经济技术开发区" in chinese
    assert "亿元" in chinese and "万吨" in chinese
    assert "bn CNY" in _visible(pages["en"], "en")


def test_chinese_report_has_no_english_words(pages: dict[str, str]) -> None:
    shown = _visible(pages["zh"], "zh")
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", shown))
    codes = {w for w in words if re.search(r"\d", w)}  # grades and codes: ADC12, Q235
    allowed = LATIN_ALLOWED | {"baseline"} | codes
    assert not words - allowed, sorted(words - allowed)


def test_net_result_has_one_sign(pages: dict[str, str]) -> None:
    """Net result = revenue − cost: positive for the baseline, in the card and its value."""
    card = re.search(r'data-key="net_result_cny" data-value="([^"]+)"', pages["en"])
    assert card is not None and float(card.group(1)) > 0
    assert "revenue − cost" in _visible(pages["en"], "en")


@pytest.fixture
def toy_result(scenario_file, tmp_path: Path) -> Path:  # noqa: ANN001
    path = scenario_file(f"name: toy_text\ninputs: {DATA / 'toy'}\n")
    out = tmp_path / "toy.nc"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_export_writes_a_long_csv(toy_result: Path, tmp_path: Path) -> None:
    target = tmp_path / "flow.csv"
    result = CliRunner().invoke(main, ["export", str(toy_result), "--var", "flow",
                                       "--csv", str(target)])
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["route", "material", "year", "origin", "destination",
                             "exporter_country", "importer_country", "mode",
                             "mode_label", "mode_label_zh", "route_label", "route_label_zh",
                             "material_label",
                             "material_label_zh", "material_unit", "value", "unit"]
    cube = model.read_results(toy_result)
    expected = cube["flow"].to_series().dropna()
    assert len(rows) == len(expected)
    labels = {r["material"]: r["label"] for r in csv.DictReader(
        (DATA / "toy" / "materials.csv").open(encoding="utf-8"))}
    for row in rows:
        key = (row["route"], row["material"], int(row["year"]))
        assert float(row["value"]) == pytest.approx(expected[key], abs=1e-9)
        assert row["unit"] == "t/yr" and row["material_label"] == labels[row["material"]]
        assert row["material_label_zh"] == labels[row["material"]]  # no label_zh: English
    wrong = CliRunner().invoke(main, ["export", str(toy_result), "--var", "flows"])
    assert wrong.exit_code == 1 and "has no variable 'flows'" in wrong.output


def test_report_without_out_goes_to_the_default_folder(toy_result: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(toy_result)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "toy_text" / "report.html").is_file()
    assert (tmp_path / "reports" / "toy_text" / "report.pdf").is_file()


def test_chinese_run_prints_no_glyph_warnings(scenario_file, tmp_path: Path) -> None:  # noqa: ANN001
    path = scenario_file(f"name: toy_zh\ninputs: {DATA / 'toy'}\n")
    ziya = Path(sys.executable).with_name("ziya")
    done = subprocess.run([str(ziya), "run", str(path), "--out", str(tmp_path / "zh.nc"),
                           "--report", str(tmp_path / "zh"), "--lang", "zh"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Glyph" not in done.stderr and "findfont" not in done.stderr
    assert (tmp_path / "zh" / "report.pdf").is_file()


def test_chinese_names_are_optional_and_reach_the_cube(package) -> None:  # noqa: ANN001
    """label_zh may be left out or left empty; the cube falls back to the English name."""
    materials = ("material,label,category,label_zh\nscrap,Mixed scrap,end_of_life,混合废料\n"
                 "metal,Secondary metal,secondary,\nresidue,Residue,waste,残渣\n")
    processes = ("process,node,label,stage,stage_label_zh\n"
                 "smelt,plant,Smelter,refining,精炼\n")
    cube = model.solve_data(model.load_data(package(materials=materials, processes=processes)))
    names = dict(zip(cube["material"].values, cube["material_label_zh"].values, strict=True))
    assert names == {"scrap": "混合废料", "metal": "Secondary metal", "residue": "残渣"}
    assert list(cube["process_label_zh"].values) == ["Smelter"]
    assert list(cube["process_stage_label"].values) == ["refining"]  # no stage_label: the id
    assert list(cube["process_stage_label_zh"].values) == ["精炼"]
    assert list(cube["node_label_zh"].values) == list(cube["node_label"].values)
