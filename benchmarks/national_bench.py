"""National analytics on one machine: DuckDB over a synthetic extract, per region level.

    .venv/bin/python benchmarks/national_bench.py [--children 200000] [--spark]

Builds an extract of ``--children`` children in 4 kab/kota of 2 provinces (40 kelurahan each),
each measured monthly for a year (about 11 measurements a child), then times a month's
prevalence per kab/kota and per kelurahan (DuckDB picks each child's latest measurement, each
region's rows go through tumbuh.growth and tumbuh.survey), and the same with PySpark in local
mode when ``--spark`` is given. Prints rows a second and milliseconds per region: the figures
behind the README's "The nation on paper".
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from tumbuh.national import duck
from tumbuh.national.layout import MEASUREMENTS, PARTITIONS, REGISTERED, Level

KABKOTA = ("71.72", "71.71", "64.02", "64.72")


def extract(root: Path, children: int, seed: int = 5) -> int:
    rng = np.random.default_rng(seed)
    kelurahan = np.array(
        [f"{k}.{1 + i // 10:02d}.{1001 + i}" for k in KABKOTA for i in range(40)], dtype=object
    )
    home = kelurahan[rng.integers(0, kelurahan.size, children)]
    born = rng.integers(0, 1826, children)
    sex = rng.integers(1, 3, children).astype(np.int8)
    frames = []
    number = 0
    for month in range(12):
        day = date(2025, 9, 1) + timedelta(days=30 * month + 10)
        measured = rng.random(children) < 0.9
        age = born[measured] + 30 * month
        n = int(measured.sum())
        frames.append(
            pl.DataFrame(
                {
                    "measurement": np.arange(number, number + n),
                    "child": np.flatnonzero(measured).astype(str),
                    "measured_on": [day] * n,
                    "sex": sex[measured],
                    "age_days": age.astype(np.int32),
                    "weight": np.round(rng.normal(3.5 + age / 150, 1.4), 1),
                    "lenhei": np.round(rng.normal(50 + age / 30, 4.5), 1),
                    "measure": np.where(age < 731, "l", "h"),
                    "oedema": ["n"] * n,
                    "kelurahan": home[measured].astype(str),
                }
            )
        )
        number += n
    rows = pl.concat(frames).with_columns(
        kecamatan=pl.col("kelurahan").str.slice(0, 8),
        province=pl.col("kelurahan").str.slice(0, 2),
        kabkota=pl.col("kelurahan").str.slice(0, 5),
        month=pl.col("measured_on").dt.strftime("%Y-%m"),
    )
    rows.write_parquet(root / MEASUREMENTS, partition_by=list(PARTITIONS))
    registered = (
        rows.group_by("kecamatan", "kelurahan", "month", "province", "kabkota")
        .len("under_five")
        .with_columns(pl.col("under_five").cast(pl.Int64))
    )
    registered.write_parquet(root / REGISTERED, partition_by=list(PARTITIONS))
    return rows.height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--spark", action="store_true", help="also time PySpark in local mode")
    args = parser.parse_args()
    start, end = date(2026, 8, 1), date(2026, 8, 31)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        total = extract(root, args.children)
        print(f"extract: {total:,} measurements of {args.children:,} children, 12 months")
        month_rows = duck.latest_measurements(root, start, end).num_rows
        for level in (Level.KABKOTA, Level.KELURAHAN):
            started = time.perf_counter()
            table = duck.prevalence(root, level, start, end)
            seconds = time.perf_counter() - started
            regions = table["region"].n_unique()
            print(
                f"duckdb  {level.value:<10} {regions:>4} regions, {month_rows:,} children: "
                f"{seconds:6.2f} s, {month_rows / seconds:,.0f} children/s, "
                f"{1000 * seconds / regions:,.0f} ms per region"
            )
        if args.spark:
            from tumbuh.national import spark

            session = spark.session("local[2]")
            for level in (Level.KABKOTA, Level.KELURAHAN):
                started = time.perf_counter()
                rows = spark.prevalence(session, root, level, start, end).count()
                seconds = time.perf_counter() - started
                print(
                    f"spark   {level.value:<10} {rows:,} rows: {seconds:6.2f} s "
                    f"(local[2], includes Spark's scheduling)"
                )
            session.stop()


if __name__ == "__main__":
    main()
