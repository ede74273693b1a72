"""Percentages in the XLSX files Tumbuh writes: numbers with a percent format, never text.

A percentage (0-100 in our tables) is written as its fraction (43.2 as 0.432) with the number
format ``0.0%``, so a spreadsheet shows it in its reader's locale (``43,2%`` in an Indonesian
Excel) and can still compute with it. Every XLSX writer names its percent columns and writes
each sheet through ``sheet_write``. No Django.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Final

import polars as pl

if TYPE_CHECKING:
    from xlsxwriter import Workbook

#: Excel's number format for a percentage with one decimal (the way pages round them).
PERCENT_FORMAT: Final = "0.0%"
#: Our tables hold percentages as 0-100; a spreadsheet's percent cell holds the fraction.
PERCENT_SCALE: Final = 100
#: How every workbook is opened (as polars opens its own): text is never a formula.
WORKBOOK_OPTIONS: Final = {
    "nan_inf_to_errors": True,
    "strings_to_formulas": False,
    "default_date_format": "yyyy-mm-dd",
}


@dataclass(frozen=True)
class Sheet:
    """A table for one sheet, with its percent columns (0-100): in every row, or only in the
    rows where ``percent_rows`` holds (a table whose rows have their own units)."""

    frame: pl.DataFrame
    percent: tuple[str, ...] = ()
    percent_rows: pl.Expr | None = None


def as_fractions(
    frame: pl.DataFrame, columns: Collection[str], rows: pl.Expr | None = None
) -> pl.DataFrame:
    """``columns`` (0-100) as fractions (0-1), in every row or only where ``rows`` holds."""
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise ValueError(f"no such percent column: {', '.join(unknown)}")
    where = pl.lit(True) if rows is None else rows.fill_null(False)
    return frame.with_columns(
        pl.when(where)
        .then(pl.col(c).cast(pl.Float64) / PERCENT_SCALE)
        .otherwise(pl.col(c).cast(pl.Float64))
        .alias(c)
        for c in columns
    )


def sheet_write(
    frame: pl.DataFrame,
    book: Workbook,
    *,
    worksheet: str,
    percent: Collection[str] = (),
    percent_rows: pl.Expr | None = None,
    autofit: bool = True,
) -> None:
    """Write ``frame`` as a sheet of ``book``, its ``percent`` columns as percent cells: in
    every row, or only where ``percent_rows`` holds (a table whose rows have their own units)."""
    name = worksheet[:31]
    scaled = as_fractions(frame, percent, percent_rows)
    if percent_rows is None:
        scaled.write_excel(
            book,
            worksheet=name,
            autofit=autofit,
            column_formats={**dict.fromkeys(percent, PERCENT_FORMAT)} or None,
        )
        return
    scaled.write_excel(book, worksheet=name, autofit=autofit)
    sheet = book.get_worksheet_by_name(name)
    cell_format = book.add_format({"num_format": PERCENT_FORMAT})
    marked = frame.select(percent_rows.fill_null(False)).to_series()
    for column in percent:
        col = scaled.columns.index(column)
        for row, (value, is_percent) in enumerate(zip(scaled[column], marked, strict=True)):
            if is_percent and value is not None:
                sheet.write_number(row + 1, col, value, cell_format)  # row 0: the header


def xlsx_bytes(frame: pl.DataFrame, *, worksheet: str, percent: Collection[str] = ()) -> bytes:
    """One table as an XLSX download; text stays text (nothing runs as a formula)."""
    import xlsxwriter

    buffer = BytesIO()
    with xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS) as book:
        sheet_write(frame, book, worksheet=worksheet, percent=percent)
    return buffer.getvalue()


def xlsx_file(
    frame: pl.DataFrame,
    path: Path,
    *,
    worksheet: str,
    percent: Collection[str] = (),
    percent_rows: pl.Expr | None = None,
) -> None:
    """One table as an XLSX file at ``path`` (column widths as written, not fitted)."""
    import xlsxwriter

    with xlsxwriter.Workbook(path, WORKBOOK_OPTIONS) as book:
        sheet_write(
            frame,
            book,
            worksheet=worksheet,
            percent=percent,
            percent_rows=percent_rows,
            autofit=False,
        )
