"""Importing an e-PPGBM export: every row stored or reported, idempotent, all or nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import PITFALLS, VALID_NIK, row, write_export
from tumbuh.files import open_table
from tumbuh.imports import report as report_module
from tumbuh.imports import services
from tumbuh.imports.models import ImportBatch
from tumbuh.imports.report import report_frame, write_report
from tumbuh.imports.services import eppgbm_import
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person


def test_every_row_is_stored_or_reported_with_its_reason(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.xlsx", PITFALLS)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert result.rows == len(PITFALLS)
    assert result.new + result.updated + result.unchanged + len(result.rejected) == result.rows
    assert (
        len(result.rejected) == 4
    )  # typo'd kelurahan, no birth date or age, no measurement, sex X
    assert result.new == 7
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.new, batch.rejected) == (11, 7, 4)
    assert Posyandu.objects.filter(name="Melati 1").exists()
    assert result.created_posyandu == ["Melati 1 (Pasir Panjang)"]
    assert Person.objects.get(nik=VALID_NIK).name == "Aulia Putri"
    assert Person.objects.get(name="Bima").nik is None  # masked NIK stored without it
    dewi = Measurement.objects.get(child__name="Dewi")
    assert float(dewi.weight_kg) == 12.5  # grams read as kilograms


def test_the_same_file_twice_adds_nothing(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.csv", PITFALLS)
    eppgbm_import(user=world.admin, path=path, region=world.kota)
    people, measurements = Person.objects.count(), Measurement.objects.count()
    again = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 7)
    assert (Person.objects.count(), Measurement.objects.count()) == (people, measurements)


def test_a_corrected_value_updates_the_measurement(world: World, tmp_path: Path) -> None:
    eppgbm_import(
        user=world.admin,
        path=write_export(tmp_path / "a.csv", [row(Nama="Lia")]),
        region=world.kota,
    )
    result = eppgbm_import(
        user=world.admin,
        path=write_export(tmp_path / "b.csv", [row(Nama="Lia", Tinggi="91,0")]),
        region=world.kota,
    )
    assert result.updated == 1
    measurement = Measurement.objects.get(child__name="Lia")
    assert float(measurement.lenhei_cm) == 91.0


def test_a_failure_midway_leaves_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export(tmp_path / "export.csv", PITFALLS)
    people, measurements = Person.objects.count(), Measurement.objects.count()
    calls = {"n": 0}

    def failing_check(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_cross_check", failing_check)
    with pytest.raises(RuntimeError):
        eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert (Person.objects.count(), Measurement.objects.count()) == (people, measurements)
    assert not ImportBatch.objects.exists()


def test_the_file_z_scores_are_cross_checked(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.csv", [row(Nama="Nur", **{"ZS TB/U": "-3,50"})])
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert any("ZS TB/U: file -3.5, Tumbuh" in str(warning) for _, warning in result.warnings)


def test_the_rejection_report_lists_each_row_with_its_values_and_reasons(
    world: World, tmp_path: Path
) -> None:
    path = write_export(tmp_path / "export.csv", PITFALLS)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    source = pl.read_csv(path, infer_schema=False)
    report = report_frame(source, result)
    rejected = report.filter(pl.col("status") == "rejected")
    assert rejected.height == 4
    assert "matches no kelurahan" in rejected.filter(pl.col("Nama") == "Hana")["reasons"][0]
    write_report(source, result, tmp_path / "rejects.xlsx")
    assert pl.read_excel(tmp_path / "rejects.xlsx").height == report.height


def test_the_report_read_piece_by_piece_is_the_report_of_the_whole_file(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_export(tmp_path / "export.csv", PITFALLS)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    monkeypatch.setattr(report_module, "PIECE_ROWS", 2)  # rejected rows in several pieces
    whole = report_frame(pl.read_csv(path, infer_schema=False), result)
    assert report_frame(open_table(path), result).equals(whole)
    assert whole.filter(pl.col("status") == "rejected").height == 4


def test_an_outsider_kader_may_not_import(world: World, tmp_path: Path) -> None:
    from django.core.exceptions import PermissionDenied

    path = write_export(tmp_path / "export.csv", [row(Nama="Oki", **{"Desa/Kel": "Madidir Ure"})])
    with pytest.raises(PermissionDenied):
        eppgbm_import(user=world.tpps, path=path, region=world.kota)  # TPPS cannot record
    assert not Person.objects.filter(name="Oki").exists()


def test_a_puskesmas_officer_imports_only_rows_of_their_own_puskesmas(
    world: World, tmp_path: Path
) -> None:
    rows = [row(Nama="Ayu"), row(Nama="Odi", **{"Desa/Kel": world.kelurahan_b.name})]
    result = eppgbm_import(
        user=world.puskesmas, path=write_export(tmp_path / "e.csv", rows), region=world.kota
    )
    assert result.new == 1
    (refused,) = result.rejected
    assert refused.row == 3
    assert "outside your puskesmas's area" in str(refused.reasons[0])
    assert not Person.objects.filter(name="Odi").exists()
