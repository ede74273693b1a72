"""The rejection report: every row not stored, and every row stored with a warning, with the
file's own values and the reasons, as XLSX or CSV (by the report's extension)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polars as pl

from tumbuh.imports.services import ImportResult

REJECTED = "rejected"
WARNING = "stored with warning"


def report_frame(source: pl.DataFrame, result: ImportResult) -> pl.DataFrame:
    """Rows of ``source`` (file row numbers: header = 1) with status and reasons."""
    reasons: dict[int, list[str]] = defaultdict(list)
    status: dict[int, str] = {}
    for rejected in result.rejected:
        reasons[rejected.row].extend(rejected.reasons)
        status[rejected.row] = REJECTED
    for row, warning in result.warnings:
        reasons[row].append(warning)
        status.setdefault(row, WARNING)
    rows = sorted(reasons)
    original = source.with_row_index("row", offset=2).filter(pl.col("row").is_in(rows))
    extra = pl.DataFrame(
        {
            "row": rows,
            "status": [status[r] for r in rows],
            "reasons": ["; ".join(dict.fromkeys(reasons[r])) for r in rows],
        },
        schema={"row": pl.UInt32, "status": pl.String, "reasons": pl.String},
    )
    return extra.join(original.cast(dict.fromkeys(source.columns, pl.String)), on="row", how="left")


def write_report(source: pl.DataFrame, result: ImportResult, path: Path) -> None:
    frame = report_frame(source, result)
    if path.suffix.lower() == ".xlsx":
        frame.write_excel(path, worksheet="laporan_penolakan")
    else:
        frame.write_csv(path)
