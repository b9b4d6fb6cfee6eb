"""Read a data package: CSV files as strings, nothing else.

Every cell is read as text with ``keep_default_na=False`` so that the country code ``NA``
(Namibia) and the word ``None`` survive; parsing and checking happen in ``model.validate``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from model.catalogue import catalogue
from model.errors import InputError, Problem

__all__ = ["atomic_write", "input_hash", "read_tables"]

MAX_FILE_BYTES = 50_000_000


def read_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Read every catalogue file present in ``path`` as a string DataFrame.

    Raises
    ------
    InputError
        If ``path`` is not a directory, a file cannot be parsed as CSV, or a file is unknown.
    """
    path = Path(path)
    if not path.is_dir():
        raise InputError([Problem(str(path), "data package directory not found")])
    known = catalogue().files()
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for file in sorted(p.name for p in path.glob("*.csv")):
        if file not in known:
            problems.append(
                Problem(file, "unknown table", fix=f"known tables: {', '.join(sorted(known))}")
            )
            continue
        full = path / file
        if full.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(file, f"file larger than {MAX_FILE_BYTES} bytes"))
            continue
        try:
            frame = pd.read_csv(
                full, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8"
            )
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, f"not a readable UTF-8 CSV file: {exc}"))
            continue
        frame.columns = [str(c).strip() for c in frame.columns]
        tables[known[file]] = frame.apply(lambda col: col.str.strip())
    if problems:
        raise InputError(problems)
    return tables


def input_hash(path: Path) -> str:
    """SHA-256 over the names and bytes of the package's CSV files (sorted by name)."""
    digest = hashlib.sha256()
    for full in sorted(Path(path).glob("*.csv")):
        digest.update(full.name.encode())
        digest.update(full.read_bytes())
    return digest.hexdigest()


def atomic_write(target: Path, write: object) -> Path:
    """Write ``target`` through a temporary file in the same directory, then rename.

    ``write`` is called with the temporary path. If it raises, the temporary file is removed
    and an existing ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))  # type: ignore[operator]
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return target
