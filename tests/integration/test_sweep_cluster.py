"""The same sweep on a 2-worker Dask LocalCluster, and the sweep/collect commands."""

from __future__ import annotations

from pathlib import Path

import pytest
import xarray as xr
from click.testing import CliRunner

from model.cli import main
from model.studies.sweep import run_sweep
from tests.conftest import DATA

GRID = """sweep: grid
base: base.yaml
grid:
  price: {parameter: carbon_price, values: [0, 100, 200, 300], unit: CNY/tCO2e}
"""


@pytest.fixture
def sweep_file(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    path = tmp_path / "grid.yaml"
    path.write_text(GRID)
    return path


def test_two_worker_local_cluster(sweep_file: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        manifest = run_sweep(sweep_file, sweep_file.parent / "out", client=client)
    assert [m["status"] for m in manifest.values()] == ["optimal"] * 4
    assert len(list((sweep_file.parent / "out").glob("grid_*.nc"))) == 4


def test_sweep_and_collect_commands(sweep_file: Path) -> None:
    out = sweep_file.parent / "cli"
    runner = CliRunner()
    result = runner.invoke(main, ["sweep", str(sweep_file), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "4 optimal" in result.output
    combined = xr.open_dataset(out / "combined.nc")
    assert combined.sizes["scenario"] == 4
    assert list(combined["sweep_price"].values) == [0, 100, 200, 300]
    assert (out / "iamc.csv").read_text().startswith("model,scenario,region,variable")
    again = runner.invoke(main, ["collect", str(out), "--out", str(out / "again.nc"),
                                 "--iamc", str(out / "again.csv")])
    assert again.exit_code == 0 and "4 scenarios" in again.output
