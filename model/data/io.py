"""Read a data package: CSV files as strings, nothing else.

Every cell is read as text with ``keep_default_na=False`` so that the country code ``NA``
(Namibia) and the word ``None`` survive; parsing and checking happen in ``model.data.validate``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import socket
import tempfile
from pathlib import Path

import pandas as pd

from model.data.catalogue import catalogue
from model.errors import InputError, Problem

__all__ = ["atomic_write", "input_hash", "read_tables", "remove_stale_parts"]

MAX_FILE_BYTES = 50_000_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls and DEL; not \t \n \r


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
        frame = _read_csv(full, file, problems)
        if frame is not None:
            tables[known[file]] = frame
    if problems:
        raise InputError(problems)
    return tables


def _read_csv(path: Path, file: str, problems: list[Problem]) -> pd.DataFrame | None:
    """Read one CSV as strings; report unreadable files and ragged rows with line numbers.

    A UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped; a semicolon-separated file and
    control characters in cells are reported.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            text = handle.read()
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(file, f"not a readable UTF-8 CSV file: {exc}"))
        return None
    lines = [(n, row) for n, row in enumerate(rows, start=1) if row]
    if not lines:
        problems.append(Problem(file, "empty file (not even a header row)",
                                fix="write the header row, even for a table without rows"))
        return None
    header = [cell.strip() for cell in lines[0][1]]
    if _semicolon_separated(file, header, problems):
        return None
    for name in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(file, "duplicate column", column=name))
    ragged = [(n, len(row)) for n, row in lines[1:] if len(row) != len(header)]
    for n, count in ragged[:10]:
        problems.append(Problem(file, f"{count} cells but the header has {len(header)}", row=n,
                                fix="check for stray commas; quote text that contains commas"))
    if ragged or len(set(header)) != len(header) or (
            CONTROL.search(text) is not None  # any match is in a cell: the delimiters are not
            and _control_characters(file, header, lines, problems)):
        return None
    body = [[cell.strip() for cell in row] for _, row in lines[1:]]
    frame = pd.DataFrame(body, columns=header, dtype="str")
    frame.index = pd.Index([n - 2 for n, _ in lines[1:]])  # so that line = index + 2
    return frame


def _semicolon_separated(file: str, header: list[str], problems: list[Problem]) -> bool:
    """Report a file whose header has semicolons and no commas (a European-locale export)."""
    if len(header) != 1 or ";" not in header[0]:
        return False
    problems.append(Problem(file, "separated by semicolons, not commas", value=header[0],
                            fix="save it as comma-separated CSV (in Excel: 'CSV UTF-8 (Comma "
                                "delimited)', with ',' as the list separator)"))
    return True


def _control_characters(
    file: str, header: list[str], lines: list[tuple[int, list[str]]], problems: list[Problem]
) -> bool:
    """Report cells holding control characters (NUL, BEL, ESC, ...); tab and newline are text."""
    found = 0
    for n, row in lines:
        for column, cell in zip(header, row, strict=False):
            match = CONTROL.search(cell)
            if match is None:
                continue
            found += 1
            if found <= 10:
                problems.append(Problem(
                    file, f"control character {match.group()!r} in a text cell", row=n,
                    column=column, value=cell,
                    fix="delete it (often left by a copy from a PDF or a binary export)"))
    if found > 10:
        problems.append(Problem(file, f"control characters in {found - 10} more cells"))
    return bool(found)


def input_hash(path: Path) -> str:
    """SHA-256 over the names and bytes of the package's CSV files (sorted by name)."""
    digest = hashlib.sha256()
    for full in sorted(Path(path).glob("*.csv")):
        digest.update(full.name.encode())
        digest.update(full.read_bytes())
    return digest.hexdigest()


def atomic_write(target: Path, write: object) -> Path:
    """Write ``target`` through a temporary file in the same directory, then rename.

    ``write`` is called with the temporary path. If it raises (``KeyboardInterrupt`` too), the
    temporary file is removed and an existing ``target`` is left untouched. The temporary file,
    ``.<name>.<host>-<pid>.<random>.part``, names its writer, so that one left by a process
    killed outright (SIGKILL) is found and removed later by ``remove_stale_parts``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{_writer()}.", suffix=".part",
                               dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))  # type: ignore[operator]
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; results are ordinary files
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return target


def remove_stale_parts(folder: Path | str) -> list[Path]:
    """Remove temporary files of ``atomic_write`` in ``folder`` whose writer no longer runs.

    Only files written on this host are considered: a cluster worker elsewhere may still be
    writing its own.
    """
    host = _writer().rpartition("-")[0]
    removed = []
    for part in Path(folder).glob(".*.*.part"):
        writer = part.name.removesuffix(".part").rsplit(".", 2)[-2]
        who, _, pid = writer.rpartition("-")
        if who == host and pid.isdigit() and not _running(int(pid)):
            try:
                part.unlink()
            except OSError:
                continue
            removed.append(part)
    return removed


def _writer() -> str:
    """``<host>-<pid>`` of this process, as written into the names of temporary files."""
    return f"{re.sub(r'[^A-Za-z0-9]', '-', socket.gethostname())}-{os.getpid()}"


def _running(pid: int) -> bool:
    """True if process ``pid`` exists on this host (always True where that cannot be told)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
