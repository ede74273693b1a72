"""Reading back the cells of an XLSX file we wrote (openpyxl): values and number formats."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path


def column_cells(content: bytes | Path, column: str, sheet: str | None = None) -> list[tuple]:
    """Each (value, number format) of the column headed ``column``, below its header.

    openpyxl (a test dependency) is imported here, so a module that uses this helper still
    collects where it is missing; only the tests that read cells fail."""
    import openpyxl

    book = openpyxl.load_workbook(BytesIO(content) if isinstance(content, bytes) else content)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    header = [cell.value for cell in worksheet[1]]
    index = header.index(column) + 1
    return [
        (row[0].value, row[0].number_format)
        for row in worksheet.iter_rows(min_row=2, min_col=index, max_col=index)
    ]
