"""The rejection report: every row not stored, and every row stored with a warning, with the
file's own values and the reasons, as XLSX or CSV (by the report's extension), in English (for
scripts) or in the reader's language."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polars as pl
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from tumbuh.files import Table, write_table
from tumbuh.files.write import XLSX_MAX_ROWS, owner_only
from tumbuh.imports.reasons import say
from tumbuh.imports.services import ImportResult
from tumbuh.ingest.reasons import Reason, english

REJECTED = gettext_noop("rejected")
WARNING = gettext_noop("stored with warning")
ROW, STATUS, REASONS = gettext_noop("row"), gettext_noop("status"), gettext_noop("reasons")


#: Rows of the file read at a time while the report picks its rows out of a ``Table``.
PIECE_ROWS = 50_000


def _rows_of(source: pl.DataFrame | Table, rows: list[int]) -> pl.DataFrame:
    """The rows of the file numbered ``rows`` (header = 1), with their number as ``row``; a
    ``Table`` is read piece by piece (never held whole)."""
    wanted = pl.Series(rows, dtype=pl.UInt32).implode()
    if isinstance(source, pl.DataFrame):
        return source.with_row_index("row", offset=2).filter(pl.col("row").is_in(wanted))
    parts, start = [], 2
    for piece in source.pieces(PIECE_ROWS):
        indexed = piece.with_row_index("row", offset=start)
        parts.append(indexed.filter(pl.col("row").is_in(wanted)))
        start += piece.height
    if not parts:
        return pl.DataFrame(schema={"row": pl.UInt32, **dict.fromkeys(source.columns, pl.String)})
    return pl.concat(parts, how="vertical_relaxed")


def report_frame(
    source: pl.DataFrame | Table, result: ImportResult, language: str = "en"
) -> pl.DataFrame:
    """Rows of ``source`` (file row numbers: header = 1) with status and reasons."""
    reasons: dict[int, list[Reason]] = defaultdict(list)
    status: dict[int, str] = {}
    for rejected in result.rejected:
        reasons[rejected.row].extend(rejected.reasons)
        status[rejected.row] = REJECTED
    for row, warning in result.warnings:
        reasons[row].append(warning)
        status.setdefault(row, WARNING)
    rows = sorted(reasons)
    with translation.override(language):
        local = language != "en"
        words = {w: gettext(w) if local else w for w in (REJECTED, WARNING, ROW, STATUS, REASONS)}
        words_of = say if local else english
        texts = ["; ".join(dict.fromkeys(map(words_of, reasons[row]))) for row in rows]
    original = _rows_of(source, rows)
    extra = pl.DataFrame(
        {"row": rows, "status": [words[status[r]] for r in rows], "reasons": texts},
        schema={"row": pl.UInt32, "status": pl.String, "reasons": pl.String},
    )
    joined = extra.join(
        original.cast(dict.fromkeys(source.columns, pl.String)), on="row", how="left"
    )
    return joined.rename({"row": words[ROW], "status": words[STATUS], "reasons": words[REASONS]})


def write_report(
    source: pl.DataFrame | Table, result: ImportResult, path: Path, language: str = "en"
) -> Path:
    """Write the report (see ``report_save``); returns the path written."""
    return report_save(report_frame(source, result, language), path)


def report_save(frame: pl.DataFrame, path: Path) -> Path:
    """Write a report readable by this account only (it holds personal data); an ``.xlsx``
    with more rows than an Excel sheet holds is written as CSV beside it. Returns the path
    written."""
    if path.suffix.lower() == ".xlsx" and frame.height > XLSX_MAX_ROWS:
        path = path.with_suffix(".csv")
    owner_only(path)
    write_table([frame], path, worksheet="laporan_penolakan")
    path.chmod(0o600)
    return path
