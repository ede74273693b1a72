"""The national extract of a region: pseudonymous rows and registered counts, in scope only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import RegionFactory
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.measurements.national_export import (
    NotAnExtractRegionError,
    child_key,
    national_extract,
)
from tumbuh.measurements.services import measurement_record
from tumbuh.national import duck
from tumbuh.national.layout import MEASUREMENTS, REGISTERED, Level
from tumbuh.registry.models import Person


def _measure(world: World, child: Person, on: date, weight: str, length: str) -> None:
    measurement_record(
        user=world.admin,
        child=child,
        posyandu=child.posyandu,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position="l",
    )


@pytest.fixture
def measured(world: World) -> World:
    world.child_a.nik = "7172015501250002"
    world.child_a.save()
    _measure(world, world.child_a, date(2026, 2, 10), "7.1", "66.0")
    _measure(world, world.child_a, date(2026, 3, 9), "7.4", "67.5")
    _measure(world, world.child_b, date(2026, 3, 2), "8.0", "70.1")
    return world


def _read(root: Path, dataset: str) -> pl.DataFrame:
    return pl.read_parquet(root / dataset, hive_partitioning=True).with_columns(
        pl.col("province", "kabkota", "month").cast(pl.String)
    )


def test_the_extract_holds_every_measurement_of_the_kota_partitioned_by_month(
    measured: World, tmp_path: Path
) -> None:
    summary = national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    assert (summary.measurements, summary.months) == (3, 2)
    assert sorted(p.name for p in (tmp_path / MEASUREMENTS / "province=71").iterdir()) == [
        "kabkota=71.72"
    ]
    rows = _read(tmp_path, MEASUREMENTS)
    assert rows.height == 3
    assert sorted(rows["month"].unique()) == ["2026-02", "2026-03"]
    assert set(rows["kelurahan"]) == {"71.72.01.1001", "71.72.02.1001"}
    assert set(rows["kecamatan"]) == {"71.72.01", "71.72.02"}


def test_no_name_nik_or_birth_date_leaves_and_a_child_is_a_keyed_hash(
    measured: World, tmp_path: Path
) -> None:
    national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    rows = _read(tmp_path, MEASUREMENTS)
    assert "birth_date" not in rows.columns
    assert "name" not in rows.columns
    assert set(rows["child"]) == {child_key(measured.child_a.pk), child_key(measured.child_b.pk)}
    assert str(measured.child_a.pk) not in set(rows["child"])
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*.parquet"))
    for personal in (measured.child_a.name, measured.child_a.nik, measured.child_b.name):
        assert personal.encode() not in written


def test_registered_children_are_counted_per_kelurahan_and_month(
    measured: World, tmp_path: Path
) -> None:
    national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    counts = _read(tmp_path, REGISTERED).sort("month", "kelurahan")
    expected = Person.objects.under_five(on=date(2026, 3, 31)).count()
    assert counts.filter(pl.col("month") == "2026-03")["under_five"].sum() == expected


def test_an_extract_again_replaces_the_kotas_rows_and_keeps_other_regions(
    measured: World, tmp_path: Path
) -> None:
    other = tmp_path / MEASUREMENTS / "province=64" / "kabkota=64.02" / "month=2026-03"
    other.mkdir(parents=True)
    (other / "0.parquet").write_bytes(b"kept")
    national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    assert (other / "0.parquet").read_bytes() == b"kept"
    (other / "0.parquet").unlink()
    assert _read(tmp_path, MEASUREMENTS).height == 3


def test_duckdb_reads_the_extract_as_written(measured: World, tmp_path: Path) -> None:
    national_extract(user=measured.tpps, region=measured.kota, root=tmp_path)
    coverage = duck.coverage(tmp_path, Level.KABKOTA, date(2026, 3, 1), date(2026, 3, 31))
    assert coverage.row(0, named=True)["region"] == "71.72"
    assert coverage.row(0, named=True)["measured"] == 2


def test_an_outsider_a_kader_and_a_kecamatan_are_refused(measured: World, tmp_path: Path) -> None:
    kukar = RegionFactory(code="64.02", name="Kutai Kartanegara", level="kabupaten_kota")
    stranger = user_create(username="tpps_kukar", password=PASSWORD, role=Role.TPPS, region=kukar)
    with pytest.raises(PermissionDenied):
        national_extract(user=stranger, region=measured.kota, root=tmp_path)
    with pytest.raises(PermissionDenied):
        national_extract(user=measured.kader, region=measured.kota, root=tmp_path)
    with pytest.raises(NotAnExtractRegionError):
        national_extract(user=measured.admin, region=measured.kelurahan_a.parent, root=tmp_path)
    assert not any(tmp_path.rglob("*.parquet"))


def test_the_command_exports_and_audits(
    measured: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["national", "export", "--region", "71.72", "-o", str(tmp_path), "--user", "tpps"])
    assert code == 0
    assert "3 measurements, 2 months" in capsys.readouterr().err
    assert AuditEvent.objects.filter(object_type="national_extract", object_id="71.72").exists()
