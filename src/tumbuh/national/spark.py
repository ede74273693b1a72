"""National analytics on a cluster: the same computations as ``tumbuh.national.duck`` as a
PySpark job. It runs in local mode in the tests and on a cluster unchanged:

    spark-submit --master yarn src/tumbuh/national/spark.py EXTRACT_DIR \\
        --level kabkota --from 2026-08-01 --to 2026-08-31 -o OUT_DIR

Spark reads the Parquet extract (only the months asked for), picks each child's latest
measurement with a window, then groups by region and runs ``tumbuh.national.regional`` inside the
executors on Arrow batches (``applyInArrow``): tumbuh.growth scores, tumbuh.survey estimates, so
each region's table equals ``tumbuh analyse`` on that region's rows. The executors need the
``tumbuh`` package installed (or shipped with ``--py-files``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from tumbuh.national import regional
from tumbuh.national.layout import LATEST_FIRST, MEASUREMENTS, REGISTERED, Level

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_SPARK_TYPES = {pa.string(): "string", pa.float64(): "double", pa.int64(): "bigint"}


def session(master: str | None = None) -> SparkSession:
    """A Spark session for the job: ``master`` "local[2]" on one machine (as many shuffle
    partitions as cores); None keeps what spark-submit was given (a cluster)."""
    from pyspark.sql import SparkSession

    # The Python workers run tumbuh: in local mode they must be this interpreter (its packages).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    if master:
        builder = builder.master(master)
    return (
        builder.appName("tumbuh-national")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.sql.shuffle.partitions", _partitions(master))
        .config("spark.ui.enabled", "false")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .getOrCreate()
    )


def _partitions(master: str | None) -> str:
    """Local mode: one shuffle partition per core (Spark's 200 would start 200 tiny tasks)."""
    if master and master.startswith("local["):
        cores = master.removeprefix("local[").rstrip("]")
        return cores if cores.isdigit() else "8"
    return "200"


def spark_schema(schema: pa.Schema) -> str:
    """The DDL Spark wants for an Arrow schema of strings, doubles and integers."""
    return ", ".join(f"`{field.name}` {_SPARK_TYPES[field.type]}" for field in schema)


def _dataset(spark: SparkSession, root: Path, name: str) -> DataFrame:
    path = str(root / name)
    return spark.read.option("basePath", path).parquet(path)


def latest_measurements(spark: SparkSession, root: Path, start: date, end: date) -> DataFrame:
    """Each child's latest measurement between ``start`` and ``end`` (inclusive)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as sf

    rows = _dataset(spark, root, MEASUREMENTS).where(
        sf.col("month").between(start.strftime("%Y-%m"), end.strftime("%Y-%m"))
        & sf.col("measured_on").between(sf.lit(start), sf.lit(end))
    )
    order = [sf.col(c).desc() if d == "desc" else sf.col(c).asc() for c, d in LATEST_FIRST]
    window = Window.partitionBy("child").orderBy(*order)
    return (
        rows.withColumn("_rank", sf.row_number().over(window))
        .where(sf.col("_rank") == 1)
        .drop("_rank")
    )


def prevalence(spark: SparkSession, root: Path, level: Level, start: date, end: date) -> DataFrame:
    """Prevalence with 95 % CIs per region of ``level``: ``tumbuh analyse``'s tidy rows."""
    column = level.value

    def per_region(table: pa.Table) -> pa.Table:
        return regional.prevalence(table, column)

    latest = latest_measurements(spark, root, start, end)
    return latest.groupBy(column).applyInArrow(
        per_region, schema=spark_schema(regional.PREVALENCE_SCHEMA)
    )


def quality(spark: SparkSession, root: Path, level: Level, start: date, end: date) -> DataFrame:
    """The SMART grade per region of ``level`` for the children's latest measurements."""
    column = level.value

    def per_region(table: pa.Table) -> pa.Table:
        return regional.quality(table, column)

    latest = latest_measurements(spark, root, start, end)
    return latest.groupBy(column).applyInArrow(
        per_region, schema=spark_schema(regional.QUALITY_SCHEMA)
    )


def coverage(spark: SparkSession, root: Path, level: Level, start: date, end: date) -> DataFrame:
    """Children under five registered at the period's last month, measured in it, and percent."""
    from pyspark.sql import functions as sf

    column = level.value
    measured = (
        latest_measurements(spark, root, start, end)
        .groupBy(sf.col(column).alias("region"))
        .agg(sf.count(sf.lit(1)).alias("measured"))
    )
    registered = (
        _dataset(spark, root, REGISTERED)
        .where(sf.col("month") == end.strftime("%Y-%m"))
        .groupBy(sf.col(column).alias("region"))
        .agg(sf.sum("under_five").cast("bigint").alias("registered"))
    )
    joined = registered.join(measured, "region", "full").fillna(0, ["registered", "measured"])
    return joined.select(
        "region",
        "registered",
        "measured",
        sf.when(sf.col("registered") > 0, 100.0 * sf.col("measured") / sf.col("registered")).alias(
            "coverage"
        ),
    ).orderBy("region")


TABLES = {"prevalence": prevalence, "quality": quality, "coverage": coverage}


def main(argv: Sequence[str] | None = None) -> int:
    """The job as spark-submit runs it: each table written as Parquet under the output folder."""
    parser = argparse.ArgumentParser(description="Tumbuh national analytics on Spark")
    parser.add_argument("extract", type=Path, help="folder of the national Parquet extract")
    parser.add_argument("--level", type=Level, choices=list(Level), default=Level.KABKOTA)
    parser.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
    parser.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    args = parser.parse_args(argv)
    spark = session(args.master)
    for name, build in TABLES.items():
        frame = build(spark, args.extract, args.level, args.start, args.end)
        frame.write.mode("overwrite").parquet(str(args.output / name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
