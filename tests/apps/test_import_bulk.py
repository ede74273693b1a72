"""The set-wise import path: chunks, family grouping, plausibility, gain status, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import row, write_export
from tumbuh.accounts.models import AuditEvent
from tumbuh.files import FileError
from tumbuh.imports import services
from tumbuh.imports.models import ImportBatch
from tumbuh.imports.services import eppgbm_import
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.scoring import STORED, score
from tumbuh.registry.models import Person

MONTHLY = [
    row(Nama="Raka", JK="L", **{"Tanggal Pengukuran": day, "Berat": weight, "Tinggi": height})
    for day, weight, height in (
        ("05/06/2026", "11,0", "86,0"),
        ("05/07/2026", "11,4", "86,9"),
        ("05/08/2026", "11,3", "87,5"),
        ("10/10/2026", "11,9", "88,4"),
    )
]


def test_rows_of_one_child_in_different_chunks_make_one_child(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 1)
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", MONTHLY), region=world.kota
    )
    assert result.new == 4
    assert Person.objects.filter(name="Raka").count() == 1
    assert Measurement.objects.filter(child__name="Raka").count() == 4


def test_gain_status_follows_the_visits_across_chunks(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", MONTHLY), region=world.kota
    )
    gains = list(
        Measurement.objects.filter(child__name="Raka")
        .order_by("measured_on")
        .values_list("gain", flat=True)
    )
    assert gains == [Gain.NEW, Gain.NAIK, Gain.TIDAK_NAIK, Gain.NOT_WEIGHED_LAST]


def test_new_visits_are_written_once_with_their_gain_status(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "e.csv", MONTHLY)
    with CaptureQueriesContext(connection) as queries:
        eppgbm_import(user=world.admin, path=path, region=world.kota)
    table = Measurement._meta.db_table
    rewrites = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert rewrites == []
    assert Measurement.objects.filter(child__name="Raka").count() == 4


def test_an_earlier_visit_imported_later_sets_the_status_of_the_stored_one_after_it(
    world: World, tmp_path: Path
) -> None:
    later = write_export(tmp_path / "later.csv", MONTHLY[1:2])
    eppgbm_import(user=world.admin, path=later, region=world.kota)
    assert list(Measurement.objects.values_list("gain", flat=True)) == [Gain.NEW]
    earlier = write_export(tmp_path / "earlier.csv", MONTHLY[:1])
    eppgbm_import(user=world.admin, path=earlier, region=world.kota)
    gains = Measurement.objects.filter(child__name="Raka").order_by("measured_on")
    assert list(gains.values_list("gain", flat=True)) == [Gain.NEW, Gain.NAIK]


def test_a_corrected_weight_sets_the_status_of_the_visit_after_it(
    world: World, tmp_path: Path
) -> None:
    eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", MONTHLY), region=world.kota
    )
    lighter = [MONTHLY[0], {**MONTHLY[1], "Berat": "11,1"}, *MONTHLY[2:]]
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "f.csv", lighter), region=world.kota
    )
    assert (result.updated, result.unchanged) == (1, 3)
    gains = Measurement.objects.filter(child__name="Raka").order_by("measured_on")
    assert list(gains.values_list("gain", flat=True)) == [
        Gain.NEW,
        Gain.TIDAK_NAIK,
        Gain.NAIK,
        Gain.NOT_WEIGHED_LAST,
    ]


def test_stored_z_scores_are_those_of_the_growth_engine(world: World, tmp_path: Path) -> None:
    eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", MONTHLY), region=world.kota
    )
    for measurement in Measurement.objects.filter(child__name="Raka"):
        expected = score(measurement, sex=1)
        for name in STORED:
            item = expected[name]
            assert getattr(measurement, name) == (None if item.z is None else round(item.z, 2))
        assert measurement.age_days == (measurement.measured_on - date(2023, 6, 5)).days


def test_siblings_with_one_mother_at_one_address_share_a_family(
    world: World, tmp_path: Path
) -> None:
    rows = [
        row(Nama="Kakak", **{"Tgl Lahir": "01/02/2022"}),
        row(Nama="Adik", **{"Tgl Lahir": "01/03/2024"}),
        row(Nama="Tetangga", **{"Nama Ortu": "Maria"}),
        row(Nama="Tanpa Ibu", **{"Nama Ortu": ""}),
        row(Nama="Tanpa Ibu Juga", **{"Nama Ortu": ""}),
    ]
    eppgbm_import(user=world.admin, path=write_export(tmp_path / "e.csv", rows), region=world.kota)
    family = {
        p.name: p.family_id for p in Person.objects.filter(name__in=[r["Nama"] for r in rows])
    }
    assert family["Kakak"] == family["Adik"]
    assert family["Tetangga"] != family["Kakak"]
    assert family["Tanpa Ibu"] != family["Tanpa Ibu Juga"]


def test_an_implausible_value_is_left_out_with_a_warning(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "e.csv", [row(Nama="Sari", Berat="75", Tinggi="90,1")])
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert result.new == 1
    stored = Measurement.objects.get(child__name="Sari")
    assert stored.weight_kg is None
    assert stored.lenhei_cm == Decimal("90.1")
    assert any("Berat: 75.0 is outside 0.5-60, left out" in str(w) for _, w in result.warnings)


def test_a_row_with_nothing_plausible_left_is_rejected(world: World, tmp_path: Path) -> None:
    path = write_export(tmp_path / "e.csv", [row(Nama="Tono", Berat="75", Tinggi="300")])
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert (result.new, len(result.rejected)) == (0, 1)
    assert "no usable measurement" in str(result.rejected[0].reasons[-1])


def test_a_measurement_before_the_known_birth_date_is_rejected(
    world: World, tmp_path: Path
) -> None:
    later = {"Tgl Lahir": "01/01/2019", "Tanggal Pengukuran": "01/01/2020"}
    rows = [row(NIK="7172014506230001"), row(NIK="7172014506230001", **later)]
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", rows), region=world.kota
    )
    assert result.rejected[0].row == 3
    assert "before the child's birth date" in str(result.rejected[0].reasons[0])


def test_progress_is_reported_at_the_start_and_after_each_chunk(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)
    seen: list[tuple[int, int]] = []
    eppgbm_import(
        user=world.admin,
        path=write_export(tmp_path / "e.csv", MONTHLY),
        region=world.kota,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(0, 4), (3, 4), (4, 4)]


def test_the_import_is_audited_and_its_measurements_name_their_batch(
    world: World, tmp_path: Path
) -> None:
    result = eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "e.csv", MONTHLY), region=world.kota
    )
    assert result.batch is not None
    assert AuditEvent.objects.filter(
        user=world.admin, object_type="import_batch", object_id=str(result.batch.pk)
    ).exists()
    child = Person.objects.get(name="Raka")
    assert AuditEvent.objects.filter(object_type="person", object_id=str(child.pk)).exists()
    assert set(Measurement.objects.filter(child=child).values_list("import_batch", flat=True)) == {
        result.batch.pk
    }


def test_a_correction_is_audited_per_measurement(world: World, tmp_path: Path) -> None:
    eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "a.csv", MONTHLY[:1]), region=world.kota
    )
    changed = [dict(MONTHLY[0], Berat="11,1")]
    eppgbm_import(
        user=world.admin, path=write_export(tmp_path / "b.csv", changed), region=world.kota
    )
    measurement = Measurement.objects.get(child__name="Raka")
    assert measurement.weight_kg == Decimal("11.10")
    assert AuditEvent.objects.filter(
        action="update", object_type="measurement", object_id=str(measurement.pk)
    ).exists()


def test_a_row_of_a_merged_record_goes_to_the_record_it_was_merged_into(
    world: World, tmp_path: Path
) -> None:
    from tumbuh.registry.models import NoNikReason

    survivor = Person.objects.create(
        family=world.child_a.family,
        name="Aulia",
        sex=2,
        birth_date=date(2023, 6, 5),
        no_nik_reason=NoNikReason.UNKNOWN,
    )
    Person.objects.create(
        family=world.child_a.family,
        name="Aulia Putri",
        sex=2,
        birth_date=date(2023, 6, 5),
        nik="7172014506230001",
        merged_into=survivor,
    )
    eppgbm_import(
        user=world.admin,
        path=write_export(tmp_path / "e.csv", [row(NIK="7172014506230001")]),
        region=world.kota,
    )
    assert Measurement.objects.get().child == survivor


def test_a_row_contradicting_an_earlier_row_of_the_file_is_rejected_and_reimport_adds_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 1)  # the two rows fall in different chunks
    rows = [MONTHLY[0], dict(MONTHLY[0], Berat="12,0"), MONTHLY[0]]
    path = write_export(tmp_path / "e.csv", rows)
    first = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert (first.new, first.unchanged, len(first.rejected)) == (1, 1, 1)
    assert tuple(map(str, first.rejected[0].reasons)) == (
        "same child and Tanggal Pengukuran as row 2, with other values; row 2 was kept",
    )
    again = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert (again.new, again.updated, again.unchanged, len(again.rejected)) == (0, 0, 2, 1)
    assert Measurement.objects.get(child__name="Raka").weight_kg == Decimal("11.00")


def test_a_row_with_a_no_kk_joins_the_family_of_that_kartu_keluarga(
    world: World, tmp_path: Path
) -> None:
    from tests.apps.factories import FamilyFactory

    bkkbn = FamilyFactory(
        kelurahan=world.kelurahan_a, kk_number="7172010101100001", head_name="Budi"
    )
    rows = [
        row(Nama="Kakak", **{"No KK": "7172010101100001"}),
        row(Nama="Baru", **{"No KK": "7172010101100002", "Tgl Lahir": "01/03/2024"}),
        row(Nama="Adik Baru", **{"No KK": "7172010101100002", "Nama Ortu": "Lain"}),
        row(Nama="Rusak", **{"No KK": "7.17201e+15"}),
    ]
    path = tmp_path / "data-dasar.csv"
    pl.DataFrame(rows).write_csv(path)  # the "data dasar" export: HEADER plus No KK
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    family = {p.name: p.family for p in Person.objects.filter(name__in=[r["Nama"] for r in rows])}
    assert family["Kakak"] == bkkbn
    assert family["Baru"] == family["Adik Baru"]
    assert family["Baru"].kk_number == "7172010101100002"
    assert family["Rusak"].kk_number == ""
    assert (5, "No KK: '7.17201e+15' is not 16 digits, family matched by parent and address") in [
        (row, str(warning)) for row, warning in result.warnings
    ]


def test_a_mother_nik_registers_the_mother_once_with_the_birth_date_it_encodes(
    world: World, tmp_path: Path
) -> None:
    mother_nik = "7172015505950001"  # a woman (day 15 + 40) born 15-05-1995
    rows = [
        row(Nama="Kakak", **{"NIK Ibu": mother_nik}),
        row(Nama="Adik", **{"NIK Ibu": mother_nik, "Tgl Lahir": "01/03/2024"}),
        row(Nama="Lain", **{"NIK Ibu": "7172011505950001", "Nama Ortu": "Rina"}),  # a man's
    ]
    path = tmp_path / "data-dasar.csv"
    pl.DataFrame(rows).write_csv(path)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    mother = Person.objects.get(nik=mother_nik)
    assert (mother.name, mother.sex, mother.birth_date) == ("Sinta", 2, date(1995, 5, 15))
    assert set(mother.children.values_list("name", flat=True)) == {"Kakak", "Adik"}
    assert mother.family == Person.objects.get(name="Kakak").family
    assert Person.objects.get(name="Lain").mother is None
    assert (4, "NIK Ibu: '7172011505950001' is a man's NIK, no mother recorded") in [
        (row, str(warning)) for row, warning in result.warnings
    ]
    people = Person.objects.count()
    eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert Person.objects.count() == people


def test_a_ragged_line_far_down_the_file_leaves_nothing_stored(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read piece by piece: a fault after rows were stored undoes them."""
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    path = write_export(tmp_path / "e.csv", MONTHLY)
    with path.open("a", encoding="utf-8") as file:
        file.write("1,2,3" + "," * 40 + "\n")  # more fields than the header names
    before = Measurement.objects.count()
    with pytest.raises(FileError, match=r"e\.csv"):
        eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert Measurement.objects.count() == before
    assert not Person.objects.filter(name="Raka").exists()
    assert not ImportBatch.objects.exists()
