"""Where results go: checked before a long solve, kept safe when a write fails after it.

A solve can take hours; finding out afterwards that ``--out`` names a folder, or that the
folder is read-only, loses it. ``output_problem`` checks the target first. A write can still
fail after the solve (a full disk): ``write_or_keep`` then writes the result to a temporary
folder instead and its ``WriteError`` says where it is.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from model.data.io import remove_stale_parts

__all__ = ["WriteError", "output_problem", "write_or_keep"]


class WriteError(RuntimeError):
    """A result could not be written where asked; ``kept`` is where it was written instead."""

    def __init__(self, target: Path, reason: Exception, kept: Path | None) -> None:
        self.target, self.kept = target, kept
        where = (f"the result is kept in {kept}" if kept is not None
                 else "it could not be kept in a temporary folder either")
        super().__init__(f"could not write {target} ({_write_failure(reason, target)}); {where}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _write_failure(exc: Exception, target: Path) -> str:
    """Why a write failed; netCDF reports a full disk as ``NetCDF: HDF error``: add the space."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    try:
        free = f"; {shutil.disk_usage(target.parent).free / 1e6:,.1f} MB free on that disk"
    except OSError:
        free = ""
    return f"{type(exc).__name__}: {exc}{free}"


def output_problem(path: Path, folder: bool = False, option: str = "--out") -> str | None:
    """Why ``path`` cannot receive results (one line), or None; creates missing folders.

    ``folder``: ``path`` is a folder to write into (a report, a sweep), else a file. Temporary
    files left in the folder by killed writers are removed.
    """
    path = Path(path)
    if folder and path.exists() and not path.is_dir():
        return f"{option} {path} is a file; give a folder"
    if not folder and path.is_dir():
        return f"{option} {path} is a folder; give a file name such as {path / 'result.nc'}"
    where = path if folder else path.parent
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"{option} {path}: cannot create the folder {where} ({_reason(exc)})"
    try:
        with tempfile.TemporaryFile(dir=where):
            pass
    except OSError as exc:
        return f"{option} {path}: the folder {where} is not writable ({_reason(exc)})"
    remove_stale_parts(where)
    return None


def write_or_keep(write: Callable[[Path], object], target: Path) -> Path:
    """``write(target)``; if that fails, ``write`` into a new temporary folder and raise.

    Raises
    ------
    WriteError
        Naming ``target``, the reason, and the temporary file holding the result (if any);
        for any failure of ``write``, not only ``OSError``: netCDF reports a full disk as a
        ``RuntimeError``.
    """
    try:
        write(target)
    except Exception as exc:  # netCDF raises RuntimeError on a full disk
        try:
            kept: Path | None = Path(tempfile.mkdtemp(prefix="ziya-")) / target.name
            write(kept)  # type: ignore[arg-type]
        except Exception:  # the result is lost; the message says so
            kept = None
        raise WriteError(target, exc, kept) from None
    return target
