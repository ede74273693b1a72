"""Every import kind refuses rows about people or families outside the uploader's area, in the
same words whether or not the person is known there."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import FamilyFactory
from tests.ingest.eppgbm_files import VALID_NIK, row, write_export
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.imports.family_services import families_import
from tumbuh.imports.services import OUTSIDE_AREA, eppgbm_import
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Family, Person


def test_an_eppgbm_row_with_the_nik_of_a_child_elsewhere_is_refused(
    world: World, tmp_path: Path
) -> None:
    Person.objects.filter(pk=world.child_b.pk).update(nik=VALID_NIK)
    path = write_export(tmp_path / "e.csv", [row(NIK=VALID_NIK, Nama="Aulia Putri")])
    result = eppgbm_import(user=world.puskesmas, path=path, region=world.kota)
    (refused,) = result.rejected
    assert refused.reasons == (OUTSIDE_AREA,)
    assert not Measurement.objects.filter(child=world.child_b).exists()
    assert result.new == 0


def test_the_refusal_does_not_say_whether_the_child_exists(world: World, tmp_path: Path) -> None:
    Person.objects.filter(pk=world.child_b.pk).update(nik=VALID_NIK)
    path = write_export(tmp_path / "e.csv", [row(NIK=VALID_NIK)])
    result = eppgbm_import(user=world.puskesmas, path=path, region=world.kota)
    words = " ".join(result.rejected[0].reasons)
    assert world.child_b.name not in words
    assert world.posyandu_b.name not in words
    assert world.kelurahan_b.name not in words


def test_an_administrator_may_import_for_any_child(world: World, tmp_path: Path) -> None:
    Person.objects.filter(pk=world.child_b.pk).update(nik=VALID_NIK)
    path = write_export(
        tmp_path / "e.csv", [row(NIK=VALID_NIK, **{"Desa/Kel": world.kelurahan_b.name})]
    )
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert result.rejected == []
    assert Measurement.objects.filter(child=world.child_b).count() == 1


def test_a_kecamatan_dtsen_upload_cannot_touch_a_family_of_another_kecamatan(
    world: World, tmp_path: Path
) -> None:
    kec_a = world.kelurahan_a.parent
    operator = user_create(username="kec_a", password=PASSWORD, role=Role.KECAMATAN, region=kec_a)
    other = FamilyFactory(
        kelurahan=world.kelurahan_b, kk_number="7172020101010009", head_name="Ani"
    )
    families_before = Family.objects.count()
    path = tmp_path / "dtsen.csv"
    pl.DataFrame(
        [
            {
                "No KK": "7172020101010009",
                "Nama Kepala Keluarga": "Ani",
                "Desa/Kel": world.kelurahan_b.name,
                "Desil": "1",
                "PKH": "Ya",
                "BPNT": "Ya",
                "PBI JKN": "Ya",
            }
        ]
    ).write_csv(path)
    result = families_import(user=operator, path=path, region=world.kota, kind="dtsen", today=TODAY)
    (refused,) = result.rejected
    assert refused.reasons == (OUTSIDE_AREA,)
    other.refresh_from_db()
    assert other.welfare_decile is None
    assert not Delivery.objects.filter(family=other).exists()
    assert Family.objects.count() == families_before
