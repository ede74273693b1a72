"""Percent cells in the XLSX files we write: the fraction as a number with a percent format."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tumbuh.files.write import workbook_bytes, write_table
from tumbuh.files.xlsx import PERCENT_FORMAT, Sheet, xlsx_bytes


def _sheet(content: bytes | Path, name: str | None = None) -> list[tuple[object, ...]]:
    """Each cell of a sheet as (value, number format), row by row."""
    book = openpyxl.load_workbook(BytesIO(content) if isinstance(content, bytes) else content)
    sheet = book[name] if name else book.worksheets[0]
    return [tuple((c.value, c.number_format) for c in row) for row in sheet.iter_rows()]


def test_a_percent_column_is_written_as_a_fraction_with_a_percent_format() -> None:
    frame = pl.DataFrame({"desa": ["Pasir Panjang", "Madidir"], "stunting": [43.2, None]})
    rows = _sheet(xlsx_bytes(frame, worksheet="lokus", percent=["stunting"]))
    assert rows[1] == (("Pasir Panjang", "General"), (pytest.approx(0.432), PERCENT_FORMAT))
    assert rows[2][1][0] is None


def test_the_percent_format_shows_one_decimal_like_the_pages() -> None:
    assert PERCENT_FORMAT == "0.0%"


def test_other_number_columns_stay_as_they_are() -> None:
    frame = pl.DataFrame({"balita": [12], "stunting": [5.0]})
    rows = _sheet(xlsx_bytes(frame, worksheet="s", percent=["stunting"]))
    assert rows[1][0][0] == 12
    assert rows[1][0][1] != PERCENT_FORMAT


def test_an_unknown_percent_column_is_refused() -> None:
    with pytest.raises(ValueError, match="no such percent column"):
        xlsx_bytes(pl.DataFrame({"a": [1.0]}), worksheet="s", percent=["b"])


def test_a_table_with_units_per_row_gets_percent_cells_only_in_its_percent_rows() -> None:
    review = pl.DataFrame(
        {
            "indikator": ["Prevalensi", "Balita diukur"],
            "nilai": [18.8, 120.0],
            "satuan": ["%", "anak"],
        }
    )
    content = workbook_bytes(
        {"Reviu": Sheet(review, percent=("nilai",), percent_rows=pl.col("satuan") == "%")}
    )
    rows = _sheet(content, "Reviu")
    assert rows[1][1] == (pytest.approx(0.188), PERCENT_FORMAT)
    assert rows[2][1][0] == 120
    assert rows[2][1][1] != PERCENT_FORMAT


def test_a_workbook_of_plain_tables_has_no_percent_cells() -> None:
    content = workbook_bytes({"a": pl.DataFrame({"x": [1.5]})})
    assert all(fmt != PERCENT_FORMAT for row in _sheet(content) for _, fmt in row)


def test_a_table_written_to_an_xlsx_file_has_its_percent_cells(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table([pl.DataFrame({"cakupan": [80.0]})], path, percent=["cakupan"])
    assert _sheet(path)[1] == ((pytest.approx(0.8), PERCENT_FORMAT),)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    rows = _sheet(xlsx_bytes(pl.DataFrame({"nama": ["=1+1"]}), worksheet="s"))
    assert rows[1][0][0] == "=1+1"
