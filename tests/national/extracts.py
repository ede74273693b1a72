"""Synthetic national extracts: children of a few regions, measured over a few months, written
in the extract's layout (as ``tumbuh national export`` writes it)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from tumbuh.national.layout import MEASUREMENTS, PARTITIONS, REGISTERED

#: kelurahan codes per kab/kota (two provinces, one kab/kota with two kecamatan)
KELURAHAN = {
    "71.72": ["71.72.01.1001", "71.72.01.1002", "71.72.02.1001"],
    "64.02": ["64.02.01.2001", "64.02.01.2002"],
}
MONTHS = [date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)]


def measurements(children_per_kelurahan: int = 120, seed: int = 3) -> pl.DataFrame:
    """Each child measured in some of the months; some twice on different days of a month."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = []
    number = 0
    for _kabkota, codes in KELURAHAN.items():
        for kelurahan in codes:
            for c in range(children_per_kelurahan):
                child = f"{kelurahan}-{c}"
                sex = int(rng.integers(1, 3))
                born = date(2026, 8, 31) - timedelta(days=int(rng.integers(30, 1820)))
                for month in MONTHS:
                    if rng.random() < 0.25:
                        continue
                    for _ in range(1 + int(rng.random() < 0.1)):
                        day = month + timedelta(days=int(rng.integers(0, 28)))
                        age = (day - born).days
                        if age < 0:
                            continue
                        number += 1
                        rows.append(
                            {
                                "measurement": number,
                                "child": child,
                                "measured_on": day,
                                "sex": sex,
                                "age_days": age,
                                "weight": round(float(rng.normal(3.5 + age / 150, 1.4)), 1),
                                "lenhei": round(float(rng.normal(50 + age / 30, 4.5)), 1),
                                "measure": "l" if age < 731 else "h",
                                "oedema": "n",
                                "kecamatan": kelurahan[:8],
                                "kelurahan": kelurahan,
                            }
                        )
    return pl.DataFrame(rows).with_columns(
        pl.col("sex").cast(pl.Int8),
        pl.col("age_days").cast(pl.Int32),
        province=pl.col("kelurahan").str.slice(0, 2),
        kabkota=pl.col("kelurahan").str.slice(0, 5),
        month=pl.col("measured_on").dt.strftime("%Y-%m"),
    )


def registered(per_kelurahan: int = 150) -> pl.DataFrame:
    rows = [
        {
            "kecamatan": kelurahan[:8],
            "kelurahan": kelurahan,
            "under_five": per_kelurahan + i,
            "month": month.strftime("%Y-%m"),
        }
        for codes in KELURAHAN.values()
        for i, kelurahan in enumerate(codes)
        for month in MONTHS
    ]
    return pl.DataFrame(rows).with_columns(
        province=pl.col("kelurahan").str.slice(0, 2),
        kabkota=pl.col("kelurahan").str.slice(0, 5),
    )


def write_extract(root: Path, rows: pl.DataFrame, counts: pl.DataFrame) -> Path:
    rows.write_parquet(root / MEASUREMENTS, partition_by=list(PARTITIONS))
    counts.write_parquet(root / REGISTERED, partition_by=list(PARTITIONS))
    return root


def latest_in(rows: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Each child's latest row in the period, computed plainly (the oracle of both engines)."""
    return (
        rows.filter(pl.col("measured_on").is_between(start, end))
        .sort(["measured_on", "measurement"], descending=True)
        .unique("child", keep="first", maintain_order=True)
    )
