"""The national extract of a region: its measurements and registered children as Parquet,
partitioned by province, kab/kota and month (the layout of ``tumbuh.national.layout``).

Pseudonymous by construction: a child is a keyed hash (HMAC of its record number with the
installation's secret key; the same child gets the same key in every extract of the same
installation, and nobody without the key can go back), and no name, NIK, birth date, address
or posyandu leaves. The registered counts are aggregates per desa/kelurahan and month.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db.models import Count

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.services import audit_record
from tumbuh.measurements.models import Measurement
from tumbuh.national.layout import MEASUREMENTS, PARTITIONS, REGISTERED
from tumbuh.regions.models import Level, Region
from tumbuh.registry.models import Person

#: Rows fetched from the database per round trip.
CHUNK = 50_000


@dataclass(frozen=True)
class ExtractSummary:
    measurements: int
    months: int
    kelurahan: int


def child_key(pk: int) -> str:
    """The pseudonymous key of a child: stable within an installation, not reversible."""
    digest = hmac.new(settings.SECRET_KEY.encode(), str(pk).encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


class NotAnExtractRegionError(ValueError):
    """Extracts are made per kab/kota or province (the partitions they replace)."""


def _measurement_rows(region: Region) -> pl.DataFrame:
    rows = (
        Measurement.objects.filter(posyandu__kelurahan__code__startswith=region.code + ".")
        .order_by("pk")
        .values_list(
            "pk",
            "child_id",
            "measured_on",
            "child__sex",
            "age_days",
            "weight_kg",
            "lenhei_cm",
            "position",
            "oedema",
            "posyandu__kelurahan__parent_id",
            "posyandu__kelurahan_id",
        )
    )
    records = list(rows.iterator(chunk_size=CHUNK))
    columns = list(zip(*records, strict=True)) if records else [()] * 11
    kelurahan = pl.Series("kelurahan", columns[10], dtype=pl.String)
    return pl.DataFrame(
        {
            "measurement": pl.Series(columns[0], dtype=pl.Int64),
            "child": pl.Series([child_key(pk) for pk in columns[1]], dtype=pl.String),
            "measured_on": pl.Series(columns[2], dtype=pl.Date),
            "sex": pl.Series(columns[3], dtype=pl.Int8),
            "age_days": pl.Series(columns[4], dtype=pl.Int32),
            "weight": pl.Series([_float(v) for v in columns[5]], dtype=pl.Float64),
            "lenhei": pl.Series([_float(v) for v in columns[6]], dtype=pl.Float64),
            "measure": pl.Series([v or None for v in columns[7]], dtype=pl.String),
            "oedema": pl.Series(["y" if v else "n" for v in columns[8]], dtype=pl.String),
            "kecamatan": pl.Series(columns[9], dtype=pl.String),
            "kelurahan": kelurahan,
        }
    ).with_columns(
        province=pl.col("kelurahan").str.slice(0, 2),
        kabkota=pl.col("kelurahan").str.slice(0, 5),
        month=pl.col("measured_on").dt.strftime("%Y-%m"),
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _month_ends(first: date, last: date) -> list[date]:
    ends = []
    month = date(first.year, first.month, 1)
    while month <= last:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        month = following
    return ends


def _registered_rows(region: Region, months: list[date]) -> pl.DataFrame:
    frames = []
    for end in months:
        counts = (
            Person.objects.under_five(on=end)
            .filter(
                merged_into__isnull=True, posyandu__kelurahan__code__startswith=region.code + "."
            )
            .order_by()
            .values_list("posyandu__kelurahan__parent_id", "posyandu__kelurahan_id")
            .annotate(n=Count("pk"))
        )
        records = list(counts)
        frames.append(
            pl.DataFrame(
                {
                    "kecamatan": [r[0] for r in records],
                    "kelurahan": [r[1] for r in records],
                    "under_five": [r[2] for r in records],
                },
                schema={"kecamatan": pl.String, "kelurahan": pl.String, "under_five": pl.Int64},
            ).with_columns(month=pl.lit(end.strftime("%Y-%m")))
        )
    frame = pl.concat(frames) if frames else pl.DataFrame()
    return frame.with_columns(
        province=pl.col("kelurahan").str.slice(0, 2),
        kabkota=pl.col("kelurahan").str.slice(0, 5),
    )


def national_extract(*, user: AnyUser, region: Region, root: Path) -> ExtractSummary:
    """The extract of a kab/kota or province in ``user``'s scope, audited."""
    require(user, Permission.VIEW_PEOPLE, region)
    summary = export_region(region, root)
    audit_record(
        user=user, action=Action.EXPORT, object_type="national_extract", object_id=region.code
    )
    return summary


def export_region(region: Region, root: Path) -> ExtractSummary:
    """Write the region's extract under ``root``: its kab/kota partitions replaced, the other
    regions' kept (so extracts of many installations can be gathered in one folder)."""
    if region.level not in (Level.PROVINSI, Level.KABKOTA):
        raise NotAnExtractRegionError(region.code)
    measurements = _measurement_rows(region)
    if measurements.is_empty():
        return ExtractSummary(0, 0, 0)
    first, last = measurements["measured_on"].min(), measurements["measured_on"].max()
    assert isinstance(first, date)
    assert isinstance(last, date)
    months = _month_ends(first, last)
    registered = _registered_rows(region, months)
    for name, frame in ((MEASUREMENTS, measurements), (REGISTERED, registered)):
        _clear_region(root / name, region.code)
        frame.write_parquet(root / name, partition_by=list(PARTITIONS))
    return ExtractSummary(measurements.height, len(months), registered["kelurahan"].n_unique())


def _clear_region(dataset: Path, code: str) -> None:
    """Drop the region's old partitions, so a new extract replaces, never doubles, its rows."""
    province = code[:2]
    for folder in dataset.glob(f"province={province}/kabkota=*"):
        if folder.name.removeprefix("kabkota=").startswith(code):
            shutil.rmtree(folder)
