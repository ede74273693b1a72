"""National analytics with DuckDB: per region the same numbers as ``tumbuh analyse``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.national.extracts import latest_in, measurements, registered, write_extract
from tests.xlsx_cells import column_cells
from tumbuh.cli import main
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.national import duck
from tumbuh.national.layout import ANALYSIS_COLUMNS, Level

START, END = date(2026, 7, 1), date(2026, 8, 31)
NUMBERS = ("pop", "unwpop", "r", "se", "ll", "ul", "stdev")


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    return measurements()


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory, rows: pl.DataFrame) -> Path:
    return write_extract(tmp_path_factory.mktemp("extract"), rows, registered())


def analyse_file(rows: pl.DataFrame, folder: Path) -> pl.DataFrame:
    """``tumbuh analyse`` run as its users run it, on a CSV of these rows."""
    source, target = folder / "region.csv", folder / "prevalence.csv"
    rows.select(ANALYSIS_COLUMNS).write_csv(source)
    assert main(["analyse", str(source), "-o", str(target)]) == 0
    return pl.read_csv(target, infer_schema_length=None)


def assert_same_table(ours: pl.DataFrame, theirs: pl.DataFrame) -> None:
    keys = ["reference", "Group", "grouping", "indicator", "cutoff"]
    ours = ours.sort(keys)
    theirs = theirs.with_columns(pl.col(keys).cast(pl.String)).sort(keys)
    assert ours.select(keys).to_dicts() == theirs.select(keys).to_dicts()
    for column in NUMBERS:
        left = ours[column].cast(pl.Float64).to_numpy()
        right = theirs[column].cast(pl.Float64).to_numpy()
        assert left == pytest.approx(right, rel=1e-9, abs=1e-9, nan_ok=True), column


def test_each_kabkota_prevalence_equals_tumbuh_analyse_of_its_latest_rows(
    extract: Path, rows: pl.DataFrame, tmp_path: Path
) -> None:
    table = duck.prevalence(extract, Level.KABKOTA, START, END)
    latest = latest_in(rows, START, END)
    assert sorted(table["region"].unique()) == ["64.02", "71.72"]
    for region in ("64.02", "71.72"):
        theirs = analyse_file(latest.filter(pl.col("kabkota") == region), tmp_path)
        assert_same_table(table.filter(pl.col("region") == region).drop("region"), theirs)


def test_a_kelurahan_cut_has_one_table_per_kelurahan_measured(extract: Path) -> None:
    table = duck.prevalence(extract, Level.KELURAHAN, START, END)
    assert table["region"].n_unique() == 5


def test_only_the_period_counts_each_child_once_at_its_latest_measurement(
    extract: Path, rows: pl.DataFrame
) -> None:
    latest = duck.latest_measurements(extract, START, END)
    expected = latest_in(rows, START, END)
    assert latest.num_rows == expected.height
    assert sorted(latest.column("measurement").to_pylist()) == sorted(expected["measurement"])


def test_coverage_is_children_measured_over_children_registered_at_the_periods_end(
    extract: Path, rows: pl.DataFrame
) -> None:
    table = duck.coverage(extract, Level.KELURAHAN, START, END)
    measured = latest_in(rows, START, END).group_by("kelurahan").len()
    first = table.row(0, named=True)
    assert first["region"] == "64.02.01.2001"
    assert first["registered"] == 150
    assert first["measured"] == measured.filter(pl.col("kelurahan") == first["region"])["len"][0]
    assert first["coverage"] == pytest.approx(100 * first["measured"] / 150)


def test_quality_grades_each_region(extract: Path) -> None:
    table = duck.quality(extract, Level.PROVINCE, START, END)
    assert table["region"].to_list() == ["64", "71"]
    assert set(table["smart_grade"]) <= {"excellent", "good", "acceptable", "problematic"}
    assert (table["children"] > 0).all()


def test_the_command_writes_the_table_asked_for(extract: Path, tmp_path: Path) -> None:
    target = tmp_path / "coverage.csv"
    code = main(
        [
            "national",
            "analyse",
            str(extract),
            "--level",
            "kecamatan",
            "--from",
            "2026-07-01",
            "--to",
            "2026-08-31",
            "--table",
            "coverage",
            "-o",
            str(target),
        ]
    )
    assert code == 0
    written = pl.read_csv(target, schema_overrides={"region": pl.String})
    assert written["region"].to_list() == ["64.02.01", "71.72.01", "71.72.02"]


def _xlsx(extract: Path, tmp_path: Path, table: str) -> Path:
    target = tmp_path / f"{table}.xlsx"
    args = ["--from", "2026-07-01", "--to", "2026-08-31", "--table", table, "-o", str(target)]
    assert main(["national", "analyse", str(extract), *args]) == 0
    return target


def test_the_coverage_in_xlsx_is_a_percent_cell(extract: Path, tmp_path: Path) -> None:
    cells = column_cells(_xlsx(extract, tmp_path, "coverage"), "coverage")
    assert {fmt for value, fmt in cells if value is not None} == {PERCENT_FORMAT}


def test_a_prevalence_in_xlsx_is_a_percent_cell_and_a_mean_z_is_not(
    extract: Path, tmp_path: Path
) -> None:
    target = _xlsx(extract, tmp_path, "prevalence")
    formats: dict[str, set[str]] = {}
    for (cutoff, _), (value, fmt) in zip(
        column_cells(target, "cutoff"), column_cells(target, "r"), strict=True
    ):
        if value is not None:
            formats.setdefault(cutoff or "", set()).add(fmt)
    assert formats["_2"] == {PERCENT_FORMAT}
    assert PERCENT_FORMAT not in formats[""]


def test_the_command_refuses_a_folder_that_is_not_an_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "national",
            "analyse",
            str(tmp_path),
            "--from",
            "2026-07-01",
            "--to",
            "2026-08-31",
            "-o",
            str(tmp_path / "out.csv"),
        ]
    )
    assert code == 2
    assert "no measurements/ folder" in capsys.readouterr().err
