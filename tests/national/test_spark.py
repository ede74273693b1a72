"""The PySpark job, in local mode: per region the same tables as DuckDB and ``tumbuh analyse``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from pyspark.sql import SparkSession

from tests.national.extracts import latest_in, measurements, registered, write_extract
from tests.national.test_duck import END, START, analyse_file, assert_same_table
from tumbuh.national import duck, spark
from tumbuh.national.layout import Level

#: One test worker runs them all (``--dist loadgroup`` in scripts/check.sh), so one Spark session
#: (a JVM) serves the module instead of one a worker.
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]


@pytest.fixture(scope="module")
def session() -> Iterator[SparkSession]:
    started = spark.session("local[2]")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    return measurements(children_per_kelurahan=80, seed=11)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory, rows: pl.DataFrame) -> Path:
    return write_extract(tmp_path_factory.mktemp("extract"), rows, registered())


def _polars(frame: object) -> pl.DataFrame:
    result = pl.from_arrow(frame.toArrow())  # type: ignore[attr-defined]
    assert isinstance(result, pl.DataFrame)
    return result


def test_the_spark_prevalence_of_each_kabkota_equals_tumbuh_analyse(
    session: SparkSession, extract: Path, rows: pl.DataFrame, tmp_path: Path
) -> None:
    table = _polars(spark.prevalence(session, extract, Level.KABKOTA, START, END))
    latest = latest_in(rows, START, END)
    assert sorted(table["region"].unique()) == ["64.02", "71.72"]
    for region in ("64.02", "71.72"):
        theirs = analyse_file(latest.filter(pl.col("kabkota") == region), tmp_path)
        assert_same_table(table.filter(pl.col("region") == region).drop("region"), theirs)


def test_spark_and_duckdb_agree_on_quality_and_coverage_per_kelurahan(
    session: SparkSession, extract: Path
) -> None:
    for name in ("quality", "coverage"):
        ours = _polars(spark.TABLES[name](session, extract, Level.KELURAHAN, START, END))
        theirs = getattr(duck, name)(extract, Level.KELURAHAN, START, END)
        ours, theirs = ours.sort("region"), theirs.sort("region")
        assert ours.columns == theirs.columns
        for column in ours.columns:
            if ours[column].dtype.is_numeric():
                left, right = ours[column].to_numpy(), theirs[column].to_numpy()
                assert left == pytest.approx(right, nan_ok=True), (name, column)
            else:
                assert ours[column].to_list() == theirs[column].to_list(), (name, column)


def test_the_job_as_spark_submit_runs_it_writes_each_table(
    session: SparkSession, extract: Path, tmp_path: Path
) -> None:
    period = ["--from", str(START), "--to", str(END)]
    code = spark.main(
        [str(extract), "--level", "province", *period, "-o", str(tmp_path), "--master", "local[2]"]
    )
    assert code == 0
    coverage = pl.read_parquet(tmp_path / "coverage" / "*.parquet").sort("region")
    assert coverage["region"].to_list() == ["64", "71"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage", "prevalence", "quality"]
