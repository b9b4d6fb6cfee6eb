"""Stopping and writing (issue 19): Ctrl-C and kills, outputs that cannot be written, retries.

Each test runs ``ziya`` as a user does: in-process through click for the write checks, and as
a subprocess where a signal must reach a real process (and its worker processes).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from model.cli import main
from model.errors import AuditError
from tests.conftest import DATA, ROOT

ZIYA = [sys.executable, "-m", "model"]
GRID = """sweep: grid
base: base.yaml
grid:
  price: {{parameter: carbon_price, values: [{values}], unit: CNY/tCO2e}}
"""


@pytest.fixture
def sweep_dir(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    return tmp_path


def grid(folder: Path, count: int, name: str = "grid.yaml") -> Path:
    path = folder / name
    path.write_text(GRID.format(values=", ".join(str(10 * i) for i in range(count))))
    return path


def _child_setup() -> None:  # own process group; Ctrl-C behaves as in a terminal
    os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_child_setup)


def wait_for(found: Callable[[], object], timeout: float = 90.0) -> None:
    end = time.monotonic() + timeout
    while not found():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its reaper has exited)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def descendants(pid: int) -> list[int]:
    """Child processes of ``pid`` and theirs (psutil if installed, else /proc)."""
    try:
        import psutil

        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except ImportError:
        parents = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parents[int(entry.name)] = int((entry / "stat").read_text()
                                                   .rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError):
                    continue
        found, todo = [], [pid]
        while todo:
            kids = [p for p, parent in parents.items() if parent == todo.pop()]
            found += kids
            todo += kids
        return found


def one_line_error(result: Result, code: int) -> str:
    """The command failed with ``code`` and said why in one line, without a traceback."""
    assert result.exit_code == code, (result.output, result.exception)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# --------------------------------------------------------------------------- item 3: Ctrl-C


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT")
def test_ctrl_c_stops_a_sweep_keeps_results_and_writes_the_manifest(sweep_dir: Path) -> None:
    out = sweep_dir / "out"
    child = start([*ZIYA, "sweep", str(grid(sweep_dir, 14)), "--out", str(out),
                   "--workers", "2"], sweep_dir)
    try:
        wait_for(lambda: list(out.glob("grid_*.nc")) or child.poll() is not None)
        workers = descendants(child.pid)
        sent = time.monotonic()
        os.killpg(child.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
        stdout, stderr = child.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 130, stderr
    assert took < 8, f"took {took:.1f} s to stop"
    assert "Traceback" not in stderr + stdout
    said = [line for line in stderr.splitlines() if "interrupted" in line]
    assert len(said) == 1 and "cancelled" in said[0], stderr
    members = json.loads((out / "manifest.json").read_text())["members"]
    kept = sorted(p.stem for p in out.glob("grid_*.nc"))
    assert kept and all(members[name]["status"] == "optimal" for name in kept)
    assert sum(m["status"] == "cancelled" for m in members.values()) >= 14 - len(kept) - 2 > 0
    assert not list(out.glob(".*.part"))
    wait_for(lambda: not any(alive(pid) for pid in workers), timeout=5)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")
def test_workers_exit_when_the_sweep_is_killed(sweep_dir: Path) -> None:
    out = sweep_dir / "out"
    child = start([*ZIYA, "sweep", str(grid(sweep_dir, 14)), "--out", str(out),
                   "--workers", "2"], sweep_dir)
    workers: list[int] = []
    try:
        wait_for(lambda: list(out.glob("grid_*.nc")) or child.poll() is not None)
        workers = descendants(child.pid)
        assert workers, "the sweep started no worker processes"
        child.kill()  # SIGKILL: no chance to clean up
        child.wait(timeout=10)
        end = time.monotonic() + 5
        while any(alive(pid) for pid in workers) and time.monotonic() < end:
            time.sleep(0.1)
        left = [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers:  # never leave 250 MB orphans behind, even when the test fails
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed sweep"


# --------------------------------------------------------------------------- item 7: writes


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "toy.yaml"
    path.write_text(f"name: toy\ninputs: {DATA / 'toy'}\n")
    return path


def _no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved although the output cannot be written")

    monkeypatch.setattr("model.pipeline.run", refuse)
    monkeypatch.setattr("model.studies.mac.mac_curve", refuse)
    monkeypatch.setattr("model.studies.sweep.run_sweep", refuse)


@pytest.mark.parametrize("command", ["run", "mac", "report", "sweep"])
def test_output_of_the_wrong_kind_stops_before_solving(command: str, scenario: Path,
                                                       sweep_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "a_folder"
    folder.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    result_file = tmp_path / "r.nc"
    if command == "report":  # needs a result to report on
        assert CliRunner().invoke(main, ["run", str(scenario), "--out", str(result_file)]
                                  ).exit_code == 0
    _no_solve(monkeypatch)
    args = {"run": ["run", str(scenario), "--out", str(folder)],
            "mac": ["mac", str(scenario), "--out", str(folder)],
            "report": ["report", str(result_file), "--out", str(a_file)],
            "sweep": ["sweep", str(grid(sweep_dir, 2)), "--out", str(a_file)]}[command]
    line = one_line_error(CliRunner().invoke(main, args), 1)
    assert ("is a folder" in line) if command in ("run", "mac") else ("is a file" in line)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_output_folder_stops_before_solving(scenario: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    _no_solve(monkeypatch)
    try:
        result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(folder / "r.nc")])
    finally:
        folder.chmod(0o700)
    assert "not writable" in one_line_error(result, 1)


def test_disk_full_after_the_solve_keeps_the_result(scenario: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import xarray as xr

    from model.results.cube import read_results

    full = tmp_path / "full"
    real = xr.Dataset.to_netcdf

    def to_netcdf(self: xr.Dataset, path: object = None, *args: object, **kwargs: object) -> object:
        if str(path).startswith(str(full)):
            Path(str(path)).write_bytes(b"half a file")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(xr.Dataset, "to_netcdf", to_netcdf)
    result = CliRunner().invoke(main, ["run", str(scenario), "--out", str(full / "r.nc")])
    line = one_line_error(result, 4)
    assert "No space left on device" in line and "kept in " in line
    kept = Path(line.split("kept in ", 1)[1].split()[0].rstrip(";.,"))
    assert read_results(kept).attrs["scenario"] == "toy"
    assert list(full.iterdir()) == []  # neither a half file nor a temporary file


@pytest.mark.parametrize("command", ["inspect", "ledger", "report"])
def test_corrupt_result_file(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nc"
    bad.write_bytes(b"CDF\x01 this is not a netCDF file")
    args = [command, str(bad)] + (["--out", str(tmp_path / "rep")] if command == "report" else [])
    line = one_line_error(CliRunner().invoke(main, args), 1)
    assert str(bad) in line and "not a readable result file" in line


@pytest.mark.parametrize("address", ["nosuch://host:1", "tcp://127.0.0.1:1"])
def test_bad_scheduler_address(address: str, sweep_dir: Path) -> None:
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, ["sweep", str(grid(sweep_dir, 2)), "--scheduler",
                                           address, "--out", str(sweep_dir / "out")])
    line = one_line_error(result, 1)
    assert "Dask scheduler" in line and address in line


def test_sweep_on_bad_data_with_one_worker(sweep_dir: Path, package) -> None:  # noqa: ANN001
    bad = package(process_cost="process,value,unit,source,confidence\nsmelt,-1,CNY/t,x,H\n")
    (sweep_dir / "base.yaml").write_text(f"name: toy\ninputs: {bad}\n")
    result = CliRunner().invoke(main, ["sweep", str(grid(sweep_dir, 2)), "--workers", "1",
                                       "--out", str(sweep_dir / "out")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "below the minimum" in result.stderr


# --------------------------------------------------------------------------- item 10


DRIVER = """
import sys, time
import xarray as xr
from model.cli import main

def slow(self, path, *args, **kwargs):
    open(path, "wb").close()          # the temporary file exists, still empty
    time.sleep(60)

xr.Dataset.to_netcdf = slow
main(["run", sys.argv[1], "--out", sys.argv[2]])
"""


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_no_temporary_file_is_left_after_a_kill(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    for how in (signal.SIGTERM, signal.SIGKILL):
        child = start([sys.executable, str(driver), str(scenario), str(out / "r.nc")], tmp_path)
        try:
            wait_for(lambda child=child: list(out.glob(".*.part")) or child.poll() is not None)
            os.kill(child.pid, how)
            _, stderr = child.communicate(timeout=20)
        finally:
            if child.poll() is None:
                child.kill()
        if how == signal.SIGTERM:  # handled: the temporary file goes at once
            assert child.returncode == 130 and "Traceback" not in stderr, stderr
            assert not list(out.iterdir())
    # after SIGKILL the empty temporary file stays, until the next write of that file
    assert CliRunner().invoke(main, ["run", str(scenario), "--out", str(out / "r.nc")]
                              ).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["r.nc"]


@pytest.mark.parametrize("reuse", [True, False])
def test_audit_error_is_not_retried(reuse: bool, sweep_dir: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import model.pipeline
    from model.studies.sweep import run_sweep

    calls = []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise AuditError("mass balance does not close")

    monkeypatch.setattr(model.pipeline, "solve_data", failing)
    path = grid(sweep_dir, 1)
    path.write_text(path.read_text() + "retries: 2\n")
    manifest = run_sweep(path, sweep_dir / "out", reuse=reuse)
    assert manifest["grid_price-0"]["status"] == "error"
    assert "AuditError: mass balance does not close" in manifest["grid_price-0"]["error"]
    assert len(calls) == 1


def test_sweep_counts_the_results_it_wrote(sweep_dir: Path) -> None:
    out = sweep_dir / "out"
    runner = CliRunner()
    first = runner.invoke(main, ["sweep", str(grid(sweep_dir, 1)), "--out", str(out)])
    assert first.exit_code == 0 and "wrote 1 result" in first.output, first.output
    second = runner.invoke(main, ["sweep", str(grid(sweep_dir, 2)), "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert "wrote 1 result (1 kept from an earlier run)," in second.output


def test_sweep_rebuild_flag_builds_every_member_from_scratch(sweep_dir: Path) -> None:
    runner = CliRunner()
    for flags, method in (([], {"session"}), (["--rebuild"], {None})):
        out = sweep_dir / f"out{len(flags)}"
        result = runner.invoke(main, ["sweep", str(grid(sweep_dir, 2)), "--out", str(out),
                                      *flags])
        assert result.exit_code == 0, result.output
        members = json.loads((out / "manifest.json").read_text())["members"]
        assert {m.get("method") for m in members.values()} == method
