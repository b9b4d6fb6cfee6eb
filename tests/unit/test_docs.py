"""The formulation page is generated from the blocks' docstrings and must not go stale."""

from __future__ import annotations

import pytest

from model.blocks import BLOCKS
from model.docs import formulation_markdown
from tests.conftest import ROOT


@pytest.mark.parametrize("add", BLOCKS, ids=lambda f: f.__name__)
def test_every_block_documents_its_math(add) -> None:  # noqa: ANN001
    doc = add.__doc__ or ""
    assert ".. math::" in doc and ":label:" in doc
    assert "symbol" in doc and "unit" in doc


def test_inputs_readme_and_datapackage_are_current() -> None:
    import json

    from model.data.datapackage import csv_headers, descriptor, splice_readme

    folder = ROOT / "inputs"
    readme = (folder / "README.md").read_text()
    assert readme == splice_readme(readme), "inputs/README.md is stale: run `make docs`"
    present = {p.name for p in folder.glob("*.csv")}
    assert json.loads((folder / "datapackage.json").read_text()) == descriptor(
        present, csv_headers(folder))


def test_formulation_page_is_current() -> None:
    page = (ROOT / "docs" / "formulation.md").read_text()
    assert page == formulation_markdown(), "docs/formulation.md is stale: run `make docs`"
