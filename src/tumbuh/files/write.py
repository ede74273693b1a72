"""Write a polars DataFrame in the format the output file's name says."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from tumbuh.files.read import FileError
from tumbuh.ingest.reasons import Reason

WRITABLE = (".csv", ".xlsx", ".parquet")
#: Excel's sheet limit, less the header row.
XLSX_MAX_ROWS = 1_048_575


def check_writable(path: Path) -> None:
    """Refuse an output name we cannot honour before any work is done."""
    if path.suffix.lower() not in WRITABLE:
        raise FileError(Reason("unwritable_kind", str(path), {"suffix": path.suffix}))
    if not path.parent.exists():
        raise FileError(Reason("no_folder", str(path), {"folder": str(path.parent)}))


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
        raise FileError(Reason("too_many_rows_for_xlsx", str(path), {"rows": table.height}))
    table.write_excel(path, worksheet="tumbuh", autofit=False)
