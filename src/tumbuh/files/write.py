"""Write a polars DataFrame in the format the output file's name says.

Every CSV Tumbuh writes goes through ``write_table`` or ``csv_bytes``, and with them through
``csv_safe``: a text cell that a spreadsheet would run as a formula is neutralised there, once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from io import BytesIO
from pathlib import Path
from typing import IO, Final

import polars as pl

from tumbuh.files.read import FileError
from tumbuh.files.xlsx import WORKBOOK_OPTIONS, Sheet, sheet_write, xlsx_file
from tumbuh.ingest.reasons import Reason

WRITABLE = (".csv", ".xlsx", ".parquet")
#: Excel's sheet limit, less the header row.
XLSX_MAX_ROWS = 1_048_575
#: A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"):
#: = + - @, and TAB and CR, which some spreadsheets skip before reading the rest as a formula.
FORMULA_START: Final = r"^[=+\-@\t\r]"
#: ... unless the whole cell is a plain number (-1.23, +62, -12,5): a spreadsheet reads it as that
#: number and nothing can run (the exemption the defusedcsv library makes too). Keeps negative
#: z-scores of a file's own text columns readable.
PLAIN_NUMBER: Final = r"^[+-]?[0-9]+(?:[.,][0-9]+)?$"
#: What a neutralised cell starts with: a spreadsheet shows the rest as text.
NEUTRALISER: Final = "'"
_FORMULA_START = re.compile(FORMULA_START)
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


def neutralise_cell(value: str) -> str:
    """The text of one CSV cell, with ``'`` put in front if a spreadsheet would run it."""
    if _FORMULA_START.match(value) and not _PLAIN_NUMBER.match(value):
        return NEUTRALISER + value
    return value


def _neutralised(column: pl.Series) -> pl.Series | None:
    """``neutralise_cell`` over a whole text column in vectorised steps, or None when no cell
    needs it (the common case costs one scan of the column)."""
    text = column.cast(pl.String)
    starts = text.str.contains(FORMULA_START)
    if not starts.any():
        return None
    runs = starts & ~text.str.contains(PLAIN_NUMBER)
    if not runs.any():
        return None
    return (NEUTRALISER + text).zip_with(runs.fill_null(False), text).alias(column.name)


def csv_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text column neutralised; numbers, dates and booleans stay as they
    are (a number column cannot hold a formula)."""
    changed = [
        neutralised
        for name, dtype in frame.schema.items()
        if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)
        if (neutralised := _neutralised(frame[name])) is not None
    ]
    return frame.with_columns(changed) if changed else frame


def _write_csv(frame: pl.DataFrame, out: IO[bytes], *, header: bool, safe: bool) -> None:
    (csv_safe(frame) if safe else frame).write_csv(out, include_header=header)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as a CSV download (UTF-8, neutralised), e.g. for an HTTP response."""
    out = BytesIO()
    _write_csv(frame, out, header=True, safe=True)
    return out.getvalue()


def csv_stream(frames: Iterable[pl.DataFrame]) -> Iterator[bytes]:
    """Frames of one schema as one CSV download written piece by piece (UTF-8, neutralised):
    the first frame's header, then each frame's rows."""
    for number, frame in enumerate(frames):
        out = BytesIO()
        _write_csv(frame, out, header=number == 0, safe=True)
        yield out.getvalue()


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
        raise FileError(Reason("unwritable_kind", str(path), {"suffix": path.suffix}))
    if not path.parent.exists():
        raise FileError(Reason("no_folder", str(path), {"folder": str(path.parent)}))


def write_table(
    frames: Iterable[pl.DataFrame],
    path: Path,
    *,
    worksheet: str = "tumbuh",
    neutralise: bool = True,
    percent: Collection[str] = (),
    percent_rows: pl.Expr | None = None,
) -> None:
    """Write the frames (one table in parts) to ``path``; CSV streams part by part.

    CSV cells that a spreadsheet would run as formulas are neutralised; only ``tumbuh zscore``
    turns that off (``neutralise=False``): its output is the user's own file, every value as it
    came in. XLSX cells are written as text, never as formulas, and the ``percent`` columns
    (0-100) as percent cells (only in the rows where ``percent_rows`` holds, when given);
    Parquet is typed."""
    suffix = path.suffix.lower()
    check_writable(path)
    if suffix == ".csv":
        with path.open("wb") as out:
            for i, frame in enumerate(frames):
                _write_csv(frame, out, header=i == 0, safe=neutralise)
        return
    table = pl.concat(list(frames), how="vertical")
    if suffix == ".parquet":
        table.write_parquet(path)
        return
    if table.height > XLSX_MAX_ROWS:
        raise FileError(Reason("too_many_rows_for_xlsx", str(path), {"rows": table.height}))
    xlsx_file(table, path, worksheet=worksheet, percent=percent, percent_rows=percent_rows)


def xlsx_stream(
    headers: Sequence[str],
    chunks: Iterable[Iterable[Sequence[object]]],
    out: IO[bytes],
    *,
    worksheet: str = "tumbuh",
) -> int:
    """Rows, a chunk at a time, as one XLSX sheet in ``out`` under a header row; returns how many
    rows. Memory stays constant (rows go to a temporary file as they come); text cells stay text,
    dates are dates; past Excel's limit it refuses."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False}
    with xlsxwriter.Workbook(out, options | {"default_date_format": "yyyy-mm-dd"}) as book:
        sheet = book.add_worksheet(worksheet[:31])
        sheet.write_row(0, 0, headers)
        count = 0
        for chunk in chunks:
            for row in chunk:
                count += 1
                if count > XLSX_MAX_ROWS:
                    raise FileError(Reason("too_many_rows_for_xlsx", worksheet, {"rows": count}))
                sheet.write_row(count, 0, row)
    return count


def workbook_bytes(sheets: Mapping[str, pl.DataFrame | Sheet]) -> bytes:
    """Several tables as one XLSX workbook, a sheet each (for a download or an upload form
    such as Web Aksi's). Text cells stay text: nothing is ever written as a formula; a
    ``Sheet``'s percent columns are percent cells."""
    import xlsxwriter

    buffer = BytesIO()
    with xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS) as book:
        for name, given in sheets.items():
            sheet = given if isinstance(given, Sheet) else Sheet(given)
            if sheet.frame.height > XLSX_MAX_ROWS:
                raise FileError(
                    Reason("too_many_rows_for_xlsx", name, {"rows": sheet.frame.height})
                )
            sheet_write(
                sheet.frame,
                book,
                worksheet=name,
                percent=sheet.percent,
                percent_rows=sheet.percent_rows,
            )
    return buffer.getvalue()
