"""``tumbuh zscore``: every row out, in order, with reasons for what could not be scored."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from tumbuh.cli import main

WHO_HEADER = "id,sex,age_days,weight,lenhei,measure,oedema\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_scores_a_who_anthro_file_and_keeps_every_row_in_order(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.csv",
        WHO_HEADER + "a,1,300,8.5,70.1,l,n\nb,2,1000,11,85,h,n\nc,2,2000,16,105,h,n\n",
    )
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    rows = rows_of(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["zwei"]
    assert rows[0]["fwei"] == "0"
    assert rows[0]["zwei_category"] == "Berat badan normal"
    assert rows[2]["zlen"] == ""  # 65.7 months: no 2006 score
    assert rows[2]["zhfa"] != ""
    assert rows[2]["error"].startswith("age: 65.71 months is beyond 60")


def test_it_reads_e_ppgbm_headers_with_day_first_dates_and_decimal_commas(tmp_path: Path) -> None:
    source = write(
        tmp_path / "eppgbm.csv",
        "No,Nama,JK,Tgl Lahir,Tanggal Pengukuran,Berat,Tinggi,Cara Ukur,LiLA\n"
        '1,Aulia,P,15/06/2024,15/06/2026,"10,2","83,5",Terlentang,"14,6"\n'
        '2,Bima,L,01/01/2022,01/08/2026,"14,1","98,0",Berdiri,\n',
    )
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    rows = rows_of(tmp_path / "out.csv")
    assert rows[0]["Nama"] == "Aulia"
    assert rows[0]["clenhei"] == "83.5"
    assert rows[0]["zlen"]
    assert rows[0]["zac"]
    assert rows[0]["error"] == ""
    assert rows[1]["zlen"]
    assert rows[1]["zac"] == ""


def test_the_engine_and_the_command_agree(tmp_path: Path) -> None:
    from tumbuh.growth import zscores

    source = write(tmp_path / "in.csv", WHO_HEADER + "a,2,700,9.7,79.9,h,n\n")
    main(["zscore", str(source), "-o", str(tmp_path / "out.csv")])
    row = rows_of(tmp_path / "out.csv")[0]
    expected = zscores(sex=[2], age=[700], weight=[9.7], lenhei=[79.9], measure=["h"])
    for name in ("zlen", "zwei", "zwfl", "zbmi"):
        assert float(row[name]) == expected[name][0]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("x,X,300,8,70,l,n", "sex: unknown value 'X'"),
        ('x,1,300,"12,5kg",70,l,n', "weight: not a number '12,5kg'"),
        ("x,1,300,8,70,sideways,n", "measure: unknown value 'sideways'"),
        ("x,1,300,8,70,l,maybe", "oedema: unknown value 'maybe'"),
        ("x,1,300,-2,70,l,n", "weight: not a positive number '-2'"),
        ("x,1,7000,8,70,h,n", "months is beyond 228"),
        ("x,,300,8,70,l,n", "sex: missing"),
        ("x,1,-3,8,70,l,n", "age_days: negative '-3'"),
    ],
)
def test_a_bad_row_gets_its_reason_and_never_stops_the_file(
    tmp_path: Path, line: str, message: str
) -> None:
    source = write(tmp_path / "in.csv", WHO_HEADER + "ok,1,300,8,70,l,n\n" + line + "\n")
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv")]) == 0
    rows = rows_of(tmp_path / "out.csv")
    assert len(rows) == 2
    assert rows[0]["error"] == ""
    assert message in rows[1]["error"]


def test_a_newborn_of_age_zero_is_scored(tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", WHO_HEADER + "n,2,0,3.2,49.1,l,n\n")
    main(["zscore", str(source), "-o", str(tmp_path / "out.csv")])
    row = rows_of(tmp_path / "out.csv")[0]
    assert row["zwei"] != ""
    assert row["error"] == ""


def test_a_date_that_does_not_exist_is_named(tmp_path: Path) -> None:
    source = write(
        tmp_path / "in.csv",
        "sex,birth_date,measure_date,weight\n1,31/02/2024,01/06/2025,9\n",
    )
    main(["zscore", str(source), "-o", str(tmp_path / "out.csv")])
    assert "birth_date: not a date '31/02/2024'" in rows_of(tmp_path / "out.csv")[0]["error"]


def test_a_file_without_a_sex_column_is_refused_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "in.csv", "age_days,weight\n300,8\n")
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv")]) == 2
    error = capsys.readouterr().err
    assert "missing required column: sex" in error
    assert not (tmp_path / "out.csv").exists()


def test_an_unreadable_file_is_refused_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"this is not a workbook")
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv")]) == 2
    assert "unreadable" in capsys.readouterr().err


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["zscore", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_map_reads_a_field_from_any_column(tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", "kelamin,umur,bb\n2,400,9\n")
    args = ["--map", "kelamin=sex", "--map", "umur=age_days", "--map", "bb=weight"]
    assert main(["zscore", str(source), "-o", str(tmp_path / "out.csv"), *args]) == 0
    assert rows_of(tmp_path / "out.csv")[0]["zwei"] != ""


def test_map_to_an_unknown_field_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "in.csv", "sex,weight\n1,9\n")
    assert main(["zscore", str(source), "-o", str(tmp_path / "o.csv"), "--map", "sex=gender"]) == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_it_writes_and_reads_excel_and_parquet(tmp_path: Path, suffix: str) -> None:
    source = write(tmp_path / "in.csv", WHO_HEADER + "a,1,300,8.5,70.1,l,n\n")
    first = tmp_path / f"first{suffix}"
    assert main(["zscore", str(source), "-o", str(first)]) == 0
    frame = pl.read_excel(first) if suffix == ".xlsx" else pl.read_parquet(first)
    assert frame.height == 1
    assert "zwei" in frame.columns
    # a scored file can be scored again: its old result columns are kept as *_input
    assert main(["zscore", str(first), "-o", str(tmp_path / "again.csv")]) == 0
    again = rows_of(tmp_path / "again.csv")[0]
    assert again["zwei"] == again["zwei_input"]


def test_the_summary_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.csv", WHO_HEADER + "a,1,300,8.5,70.1,l,n\nb,X,300,8,70,l,n\n")
    main(["zscore", str(source), "-o", str(tmp_path / "out.csv")])
    assert "rows: 2, scored: 1, rows with errors: 1, flagged: 0" in capsys.readouterr().err


def test_the_bundled_example_file_scores(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "examples" / "posyandu.csv"
    assert main(["zscore", str(example), "-o", str(tmp_path / "out.csv")]) == 0
    rows = rows_of(tmp_path / "out.csv")
    assert len(rows) == 60
    assert sum(1 for r in rows if r["error"]) == 3


def test_clean_columns_read_fast_score_exactly_as_columns_read_cell_by_cell(
    tmp_path: Path,
) -> None:
    clean = "a,1,300,8.5,70.1,l,n\nb,2,1000,11,85,h,n\nc,2,2000,16,105,h,n\n"
    # one odd cell per column sends each through the path that explains refusals
    odd = clean + "d,X,abc,1O,-5,q,maybe\n"
    main(
        [
            "zscore",
            str(write(tmp_path / "a.csv", WHO_HEADER + clean)),
            "-o",
            str(tmp_path / "a_out.csv"),
        ]
    )
    main(
        [
            "zscore",
            str(write(tmp_path / "b.csv", WHO_HEADER + odd)),
            "-o",
            str(tmp_path / "b_out.csv"),
        ]
    )
    fast, slow = rows_of(tmp_path / "a_out.csv"), rows_of(tmp_path / "b_out.csv")
    assert slow[:3] == fast
    for reason in (
        "weight: not a number '1O'",
        "lenhei: not a positive number '-5'",
        "sex: unknown value 'X'",
    ):
        assert reason in slow[3]["error"]
