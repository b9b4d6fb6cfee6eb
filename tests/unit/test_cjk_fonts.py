"""The report's CJK font is found even when matplotlib's font cache predates it (issue 19)."""

from __future__ import annotations

import shutil

import pytest
from matplotlib import font_manager

from model.report import figures

pytestmark = pytest.mark.unit


@pytest.mark.skipif(not figures._cjk_files(), reason="no Noto Sans CJK font installed")
def test_stale_font_cache_is_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = font_manager.fontManager
    stale = [f for f in manager.ttflist if not f.name.startswith(figures.CJK_FAMILY)]
    monkeypatch.setattr(manager, "ttflist", stale)  # as if the cache was built before the font
    manager._findfont_cached.cache_clear()
    assert figures.register_cjk_fonts()
    assert any(f.name.startswith(figures.CJK_FAMILY) for f in manager.ttflist)
    manager._findfont_cached.cache_clear()
    found = font_manager.findfont(font_manager.FontProperties(family=["Noto Sans CJK JP"]),
                                  fallback_to_default=False)
    assert "NotoSansCJK" in found
    figure, axis = figures.plt.subplots()
    axis.set_title("分析")  # no missing-glyph warning (warnings are errors in the tests)
    assert "<svg" in figures.svg(figure)
    assert shutil.which("fc-list") is not None or found


def test_missing_glyphs_give_one_note_not_a_flood(monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Without a CJK font, matplotlib warns once per missing character; ziya says it once."""
    import warnings

    monkeypatch.setitem(figures.plt.rcParams, "font.sans-serif", ["DejaVu Sans"])
    figures._missing_font_note.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for title in ("分类成本", "总排放"):
            figure, axis = figures.plt.subplots()
            axis.set_title(title)
            assert "<svg" in figures.svg(figure)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    notes = [r for r in caplog.records if r.name == "model.report.figures"]
    assert len(notes) == 1 and "fonts-noto-cjk" in notes[0].getMessage()
    figures._missing_font_note.cache_clear()
