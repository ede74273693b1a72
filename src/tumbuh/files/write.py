"""Write a polars DataFrame in the format the output file's name says."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from tumbuh.files.read import FileError

WRITABLE = (".csv", ".xlsx", ".parquet")
#: Excel's sheet limit, less the header row.
XLSX_MAX_ROWS = 1_048_575


def owner_only(path: Path) -> Path:
    """Create ``path`` (or truncate it) readable and writable by this account only (0600), for
    files that hold personal data; returns it for the writer."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)
    path.chmod(0o600)
    return path


def check_writable(path: Path) -> None:
    """Refuse an output name we cannot honour before any work is done."""
    if path.suffix.lower() not in WRITABLE:
        raise FileError(f"{path}: cannot write '{path.suffix}' files (use .csv, .xlsx or .parquet)")
    if not path.parent.exists():
        raise FileError(f"{path}: folder {path.parent} does not exist")


def write_table(frames: Iterable[pl.DataFrame], path: Path) -> None:
    """Write the frames (one table in parts) to ``path``; CSV streams part by part."""
    suffix = path.suffix.lower()
    check_writable(path)
    if suffix == ".csv":
        with path.open("wb") as out:
            for i, frame in enumerate(frames):
                frame.write_csv(out, include_header=i == 0)
        return
    table = pl.concat(list(frames), how="vertical")
    if suffix == ".parquet":
        table.write_parquet(path)
        return
    if table.height > XLSX_MAX_ROWS:
        raise FileError(f"{path}: {table.height} rows do not fit in one Excel sheet; use .csv")
    table.write_excel(path, worksheet="tumbuh", autofit=False)
