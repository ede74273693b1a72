"""Reading tables: a CSV piece by piece gives the rows a whole read gives; faults are named."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tumbuh.files import FileError, open_table, read_table


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_csv_in_pieces_has_the_rows_and_columns_of_the_whole_file(tmp_path: Path) -> None:
    lines = ["Nama;Berat;Tinggi"] + [
        f"Anak {i};{10 + i % 7},{i % 10};8{i % 10},5" for i in range(23)
    ]
    path = _csv(tmp_path / "e.csv", lines)
    table = open_table(path)
    assert (table.columns, table.height) == (["Nama", "Berat", "Tinggi"], 23)
    pieces = list(table.pieces(5))
    assert [p.height for p in pieces] == [5, 5, 5, 5, 3]
    assert pl.concat(pieces).equals(read_table(path))  # text kept exactly: "10,3", "83,5"


def test_a_ragged_line_far_down_the_file_is_named_when_the_pieces_are_read(
    tmp_path: Path,
) -> None:
    path = _csv(tmp_path / "e.csv", ["a,b", *[f"{i},{i}" for i in range(10)], "1,2,3"])
    table = open_table(path)  # the header and the count are read at once ...
    assert table.height == 11
    with pytest.raises(FileError, match=r"e\.csv: unreadable \(found more fields"):
        list(table.pieces(4))  # ... the fault when its piece is read


def test_another_kind_of_file_is_read_whole_and_given_in_pieces(tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    pl.DataFrame({"a": [str(i) for i in range(7)]}).write_parquet(path)
    table = open_table(path)
    assert [p.height for p in table.pieces(3)] == [3, 3, 1]
    assert table.columns == ["a"]


def test_a_missing_file_is_refused_as_a_whole_read_refuses_it(tmp_path: Path) -> None:
    with pytest.raises(FileError, match=r"missing\.csv"):
        open_table(tmp_path / "missing.csv")
