"""National analytics on one machine: DuckDB reads the Parquet extract, picks each child's latest
measurement in the period, and hands each region's rows to ``tumbuh.national.regional``.

DuckDB scans only the months asked for (the ``month`` partitions) and only the columns needed;
a region's rows then cost what ``tumbuh analyse`` costs on them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from tumbuh.national import regional
from tumbuh.national.layout import LATEST_FIRST, MEASUREMENTS, REGISTERED, Level


def _glob(root: Path, dataset: str) -> str:
    return str(root / dataset / "**" / "*.parquet")


def _read(root: Path, dataset: str) -> str:
    # hive_types_autocast off: "71.72" is a region code, not a number.
    path = _glob(root, dataset).replace("'", "''")
    return f"read_parquet('{path}', hive_partitioning = true, hive_types_autocast = false)"


def _latest_sql(root: Path) -> str:
    order = ", ".join(f"{column} {direction}" for column, direction in LATEST_FIRST)
    return (
        f"SELECT * FROM {_read(root, MEASUREMENTS)} "
        "WHERE month BETWEEN $first_month AND $last_month "
        "AND measured_on BETWEEN $start AND $end "
        f"QUALIFY row_number() OVER (PARTITION BY child ORDER BY {order}) = 1"
    )


def _params(start: date, end: date) -> dict[str, object]:
    return {
        "first_month": start.strftime("%Y-%m"),
        "last_month": end.strftime("%Y-%m"),
        "start": start,
        "end": end,
    }


def latest_measurements(root: Path, start: date, end: date) -> pa.Table:
    """Each child's latest measurement between ``start`` and ``end`` (inclusive)."""
    with duckdb.connect() as connection:
        return connection.sql(_latest_sql(root), params=_params(start, end)).to_arrow_table()


def _per_region(table: pa.Table, level: Level) -> list[pa.Table]:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return [
        part.to_arrow()
        for part in frame.sort(level.value).partition_by(level.value, maintain_order=True)
    ]


def prevalence(root: Path, level: Level, start: date, end: date) -> pl.DataFrame:
    """Prevalence with 95 % CIs per region of ``level``: ``tumbuh analyse``'s tidy rows."""
    parts = [
        regional.prevalence(part, level.value)
        for part in _per_region(latest_measurements(root, start, end), level)
    ]
    return _frame(parts, regional.PREVALENCE_SCHEMA)


def quality(root: Path, level: Level, start: date, end: date) -> pl.DataFrame:
    """The SMART grade per region of ``level`` for the children's latest measurements."""
    parts = [
        regional.quality(part, level.value)
        for part in _per_region(latest_measurements(root, start, end), level)
    ]
    return _frame(parts, regional.QUALITY_SCHEMA)


def coverage(root: Path, level: Level, start: date, end: date) -> pl.DataFrame:
    """Children under five registered at the period's last month, measured in it, and percent."""
    sql = f"""
        WITH latest AS ({_latest_sql(root)}),
        measured AS (
            SELECT {level.value} AS region, count(*) AS measured FROM latest GROUP BY 1
        ),
        registered AS (
            SELECT {level.value} AS region, sum(under_five) AS registered
            FROM {_read(root, REGISTERED)} WHERE month = $last_month GROUP BY 1
        )
        SELECT region,
               coalesce(registered, 0)::BIGINT AS registered,
               coalesce(measured, 0)::BIGINT AS measured,
               CASE WHEN registered > 0 THEN 100.0 * coalesce(measured, 0) / registered END
                   AS coverage
        FROM registered FULL JOIN measured USING (region)
        ORDER BY region
    """
    with duckdb.connect() as connection:
        table = connection.sql(sql, params=_params(start, end)).to_arrow_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _frame(parts: list[pa.Table], schema: pa.Schema) -> pl.DataFrame:
    table = pa.concat_tables(parts) if parts else schema.empty_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame
