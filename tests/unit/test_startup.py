"""``ziya --help`` and ``import model`` load nothing heavy (the commands import on use)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

HEAVY = ("pyomo", "pandas", "xarray", "highspy", "numpy", "scipy", "matplotlib")


def test_cli_and_package_import_nothing_heavy() -> None:
    code = ("import sys, model, model.cli; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_help_and_version_run() -> None:
    for flag in ("--help", "--version"):
        out = subprocess.run([sys.executable, "-m", "model", flag], capture_output=True,
                             text=True, check=True)
        assert out.stdout.strip()


def test_lazy_names_resolve() -> None:
    import model
    from model.cli import COMBINED as CLI_COMBINED
    from model.results.collect import COMBINED

    assert CLI_COMBINED == COMBINED
    assert callable(model.run) and callable(model.solve_program)
    assert callable(model.pipeline.prepare_data)  # subpackages resolve as attributes too
    with pytest.raises(AttributeError):
        _ = model.no_such_name
