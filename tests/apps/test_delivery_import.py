"""Offices put deliveries in and get their gap lists out: ``tumbuh report gaps``, ``tumbuh import
deliveries``, office and area rules, routine activities that count by themselves."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tests.ingest.eppgbm_files import row
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.convergence.catalogue import CATALOGUE, OFFICE_NAMES, Office, Source, by_code
from tumbuh.imports.delivery_services import deliveries_import
from tumbuh.imports.services import eppgbm_import
from tumbuh.imports.undo import batch_undo
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.selectors import deliveries_frame, scorecard_for
from tumbuh.interventions.tables import GAP_COLUMNS, sheet_name
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Team, Visit

KK = ("7172010101010001", "7172010101010002", "7172010101010003")


def _poor_families(world: World) -> list[Family]:
    families = []
    for number, kk in enumerate(KK):
        family = FamilyFactory(
            kelurahan=world.kelurahan_a,
            kk_number=kk,
            head_name=f"Keluarga {number}",
            welfare_decile=2,
            address=f"Jl. Pantai {number}",
            rt="001",
            rw="002",
        )
        ChildFactory(family=family, posyandu=world.posyandu_a, nik=f"71720155012500{number:02d}")
        families.append(family)
    return families


def _office(world: World, name: str, office: str, role: str = Role.OFFICE) -> User:
    extra = {"office": office} if role == Role.OFFICE else {}
    return user_create(username=name, password=PASSWORD, role=role, region=world.kota, **extra)


def _gaps(tmp_path: Path, name: str, user: str = "dinsos") -> pl.DataFrame:
    out = tmp_path / name
    argv = ["report", "gaps", "--region", "71.72", "--office", "dinsos", "-o", str(out)]
    assert main([*argv, "--user", user]) == 0
    return pl.read_csv(out, infer_schema=False)


def _import(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    source = tmp_path / "deliveries.csv"
    pl.DataFrame(rows).write_csv(source)
    return source


def test_importing_deliveries_removes_exactly_their_rows_from_the_next_gap_list(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _poor_families(world)
    _office(world, "dinsos", "dinsos")
    before = _gaps(tmp_path, "before.csv")
    assert before.columns[:8] == list(GAP_COLUMNS[:8])
    assert set(before["intervention"]) == {"pkh", "bpnt", "pbi_jkn"}
    assert set(before["no_kk"]) == set(KK)  # an office sees the No. KK it needs to act
    given = before.filter(pl.col("intervention").is_in(["pkh", "bpnt"]))[:2]
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    rows = [
        {"No KK": r["no_kk"], "Intervensi": r["intervention"], "Tanggal": day, "Keterangan": ""}
        for r in given.iter_rows(named=True)
    ]
    rows[1]["Intervensi"] = by_code()[rows[1]["Intervensi"]].name_id.upper()  # by its name
    bad = [
        {"No KK": "7172999999999999", "Intervensi": "pkh", "Tanggal": day, "Keterangan": ""},
        {"No KK": KK[0], "Intervensi": "bantuan ajaib", "Tanggal": day, "Keterangan": ""},
        {"No KK": KK[0], "Intervensi": "pkh", "Tanggal": future, "Keterangan": ""},
        {"No KK": KK[0], "Intervensi": "pkh", "Tanggal": "2026-02-30", "Keterangan": ""},
    ]
    source = _import(tmp_path, rows + bad)
    report = tmp_path / "rejects.csv"
    argv = ["import", "deliveries", str(source), "--region", "71.72", "--user", "dinsos"]
    capsys.readouterr()
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 6, new: 2, updated: 0, unchanged: 0, rejected: 4"
    )
    reasons = pl.read_csv(report, infer_schema=False)
    assert len(reasons.filter(pl.col("status") == "rejected")) == 4
    text = " ".join(str(cell) for line in reasons.iter_rows() for cell in line)
    for said in ("no family with No KK", "unknown intervention", "in the future", "not a date"):
        assert said in text
    after = _gaps(tmp_path, "after.csv")
    key = ["intervention", "no_kk"]
    assert after.height == before.height - 2
    assert before.join(after, on=key, how="anti").select(key).sort(key).rows() == (
        given.select(key).sort(key).rows()
    )
    assert main(argv) == 0  # the same file again changes nothing
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 6, new: 0, updated: 0, unchanged: 2, rejected: 4"
    )
    assert Delivery.objects.count() == 2
    assert _gaps(tmp_path, "again.csv").height == after.height


def test_an_office_may_not_import_another_offices_intervention(
    world: World, tmp_path: Path
) -> None:
    _poor_families(world)
    dinsos = _office(world, "dinsos", "dinsos")
    day = TODAY.isoformat()
    source = _import(
        tmp_path,
        [
            {"NIK": "7172015501250000", "Intervensi": "imunisasi_dasar", "Tanggal": day},
            {"NIK": "", "No KK": KK[0], "Intervensi": "pkh", "Tanggal": day},
        ],
    )
    result = deliveries_import(user=dinsos, path=source, region=world.kota, today=TODAY)
    assert [r.reasons[0].code for r in result.rejected] == ["other_office"]
    assert result.new == 1
    assert list(Delivery.objects.values_list("intervention", flat=True)) == ["pkh"]


def test_a_family_outside_the_uploaders_area_is_refused_without_its_details(
    world: World, tmp_path: Path
) -> None:
    outside = FamilyFactory(kelurahan=world.kelurahan_b, kk_number="7172020202020001")
    pkh = user_create(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)
    source = _import(
        tmp_path, [{"No KK": outside.kk_number, "Intervensi": "pkh", "Tanggal": TODAY.isoformat()}]
    )
    result = deliveries_import(user=pkh, path=source, region=world.kota, today=TODAY)
    assert [r.reasons[0].code for r in result.rejected] == ["outside_scope"]
    assert not Delivery.objects.exists()


def test_a_kader_may_not_import_deliveries(world: World, tmp_path: Path) -> None:
    source = _import(tmp_path, [{"No KK": KK[0], "Intervensi": "pkh", "Tanggal": "2026-03-01"}])
    argv = ["import", "deliveries", str(source), "--region", "71.72", "--user", "kader_a"]
    assert main(argv) == 2


def test_a_second_note_for_the_same_delivery_updates_it(world: World, tmp_path: Path) -> None:
    _poor_families(world)
    dinsos = _office(world, "dinsos", "dinsos")
    row = {"No KK": KK[0], "Intervensi": "pkh", "Tanggal": "2026-03-01", "Keterangan": ""}
    deliveries_import(user=dinsos, path=_import(tmp_path, [row]), region=world.kota, today=TODAY)
    row["Keterangan"] = "tahap 1"
    result = deliveries_import(
        user=dinsos, path=_import(tmp_path, [row]), region=world.kota, today=TODAY
    )
    assert (result.new, result.updated) == (0, 1)
    assert Delivery.objects.get().note == "tahap 1"


def test_weighing_a_child_records_growth_monitoring_by_itself(world: World) -> None:
    def monitored() -> bool:
        card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
        due = card.expected.filter(
            (pl.col("intervention") == "pemantauan_tumbuh")
            & (pl.col("target_id") == f"p{world.child_a.pk}")
        )
        return bool(due["received"].item())

    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=TODAY - timedelta(days=60),
        weight_kg=Decimal("7.9"),
        lenhei_cm=Decimal("68.0"),
    )
    assert not monitored()  # last month's weighing is not this month's
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=TODAY - timedelta(days=2),
        weight_kg=Decimal("8.6"),
        lenhei_cm=Decimal("71.0"),
    )
    assert monitored()
    assert not Delivery.objects.exists()


def test_a_tpk_visit_is_family_assistance(world: World) -> None:
    family = world.child_a.family
    team = Team.objects.create(kind="tpk", name="TPK Pasir Panjang", region=world.kelurahan_a)
    families = Family.objects.filter(pk=family.pk)
    nobody = Person.objects.none()
    assert deliveries_frame(people=nobody, families=families, today=TODAY).height == 0
    Visit.objects.create(family=family, team=team, visited_on=TODAY - timedelta(days=20))
    received = deliveries_frame(people=nobody, families=families, today=TODAY)
    assert received.rows() == [(f"f{family.pk}", "pendampingan_tpk")]


def test_the_catalogue_says_what_satisfies_each_intervention() -> None:
    sources = {item.code: item.satisfied_by for item in CATALOGUE}
    assert sources["pemantauan_tumbuh"] is Source.MEASUREMENT
    assert sources["pendampingan_tpk"] is Source.VISIT
    assert sources["pkh"] is Source.DELIVERY


@pytest.mark.parametrize("office", list(Office))
def test_every_office_has_an_xlsx_gap_list(world: World, client: Client, office: Office) -> None:
    assert not set(sheet_name(OFFICE_NAMES[office])) & set("[]:*?/\\")
    _poor_families(world)
    client.force_login(world.tpps)
    response = client.get(f"/convergence/gaps/{office.value}/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_a_coordinator_sees_masked_niks_and_the_office_whole_ones(
    world: World, tmp_path: Path
) -> None:
    _poor_families(world)
    _office(world, "dinsos", "dinsos")
    assert set(_gaps(tmp_path, "office.csv")["no_kk"]) == set(KK)
    masked = _gaps(tmp_path, "tpps.csv", user="tpps")
    assert masked.height > 0
    assert not set(masked["no_kk"]) & set(KK)


def test_pmt_and_vitamin_a_in_an_eppgbm_export_become_deliveries_once(
    world: World, tmp_path: Path
) -> None:
    given = {"PMT Diterima (kg)": "1,5", "Jml Vit A": "1"}
    rows = [
        row(**given),
        row(Nama="Bima", **{"PMT Diterima (kg)": "0", "Jml Vit A": ""}),
    ]
    path = tmp_path / "eppgbm.csv"
    pl.DataFrame(rows).write_csv(path)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert result.new == 2
    delivered = Delivery.objects.values_list("intervention", "person__name", "delivered_on", "note")
    assert sorted(delivered) == [
        ("pmt_balita", "Aulia Putri", date(2026, 8, 5), "e-PPGBM"),
        ("vitamin_a", "Aulia Putri", date(2026, 8, 5), "e-PPGBM"),
    ]
    eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert Delivery.objects.count() == 2


def test_undoing_an_eppgbm_import_takes_back_the_deliveries_it_recorded(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "eppgbm.csv"
    pl.DataFrame([row(**{"Jml Vit A": "1"})]).write_csv(path)
    result = eppgbm_import(user=world.admin, path=path, region=world.kota)
    assert Delivery.objects.count() == 1
    assert result.batch is not None
    batch_undo(result.batch.pk)
    assert not Delivery.objects.exists()
