"""The poverty half of convergence: every DTSEN household (with or without children), its decile
quarter by quarter, programmes as data with their receipts, targeting errors by name for the
office that can act, ``tumbuh report poverty`` and the TKPK dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory, RegionFactory
from tests.xlsx_cells import column_cells
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.imports.family_services import families_import
from tumbuh.measurements.models import Measurement
from tumbuh.poverty.models import DesilRecord, Programme, Receipt
from tumbuh.poverty.selectors import households, stunting_overlap, targeting_errors
from tumbuh.registry.models import Family, Person

HEADS = ("Ani", "Bonar", "Citra", "Dedi", "Eka")


def _office(world: World, name: str, office: str) -> User:
    return user_create(
        username=name, password=PASSWORD, role=Role.OFFICE, region=world.kota, office=office
    )


def _report(tmp_path: Path, name: str) -> pl.DataFrame:
    out = tmp_path / name
    assert main(["report", "poverty", "--region", "71.72", "-o", str(out), "--user", "root"]) == 0
    return pl.read_csv(out)


def _dtsen_row(kk: str, head: str, kelurahan: str, desil: str, pkh: str) -> dict[str, str]:
    return {
        "No KK": kk,
        "Nama Kepala Keluarga": head,
        "Desa/Kel": kelurahan,
        "Desil": desil,
        "PKH": pkh,
        "BPNT": "Tidak",
        "PBI JKN": "Tidak",
    }


def test_dtsen_households_without_children_change_the_report_by_exactly_themselves(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kel_c = RegionFactory(code="71.72.01.1002", name="Batu Lubang", parent=world.kelurahan_a.parent)
    with_child = FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=2)
    ChildFactory(family=with_child, posyandu=world.posyandu_a)
    FamilyFactory(kelurahan=kel_c, welfare_decile=1)
    before = _report(tmp_path, "before.csv")
    assert before.columns[:5] == [
        "kelurahan",
        "keluarga",
        "desil_1",
        "desil_1_4",
        "desil_1_4_tanpa_pkh",
    ]
    people = Person.objects.count()
    source = tmp_path / "dtsen.csv"
    pl.DataFrame(
        [
            _dtsen_row("7172010201010001", HEADS[0], "Pasir Panjang", "1", "Ya"),
            _dtsen_row("7172010201010002", HEADS[1], "Pasir Panjang", "1", "Tidak"),
            _dtsen_row("7172010201010003", HEADS[2], "Pasir Panjang", "4", "Tidak"),
            _dtsen_row("7172010201010004", HEADS[3], "Pasir Panjang", "8", "Ya"),
            _dtsen_row("7172020201010005", HEADS[4], "Madidir Ure", "3", "Ya"),
        ]
    ).write_csv(source)
    argv = ["import", "dtsen", str(source), "--region", "71.72", "--user", "tpps"]
    capsys.readouterr()
    assert main(argv) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 5, new: 5, updated: 0, unchanged: 0, rejected: 0"
    )
    assert Person.objects.count() == people  # households without children, stored as such
    after = _report(tmp_path, "after.csv")
    counted = ["keluarga", "desil_1", "desil_1_4", "desil_1_4_tanpa_pkh", "pkh"]
    change = (
        after.select("kode_kelurahan", *counted)
        .join(before.select("kode_kelurahan", *counted), on="kode_kelurahan", suffix="_before")
        .select(
            "kode_kelurahan",
            *(pl.col(c) - pl.col(f"{c}_before") for c in counted),
        )
        .sort("kode_kelurahan")
    )
    assert change.rows() == [
        (world.kelurahan_a.code, 4, 2, 3, 2, 2),
        (kel_c.code, 0, 0, 0, 0, 0),
        (world.kelurahan_b.code, 1, 0, 1, 0, 1),
    ]
    unchanged = after.filter(pl.col("kode_kelurahan") == kel_c.code)
    assert unchanged.rows() == before.filter(pl.col("kode_kelurahan") == kel_c.code).rows()
    assert main(argv) == 0  # the same file again changes nothing
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 5, new: 0, updated: 0, unchanged: 5, rejected: 0"
    )
    assert _report(tmp_path, "again.csv").rows() == after.rows()


def test_a_households_decile_is_kept_quarter_by_quarter_and_the_latest_is_current(
    world: World, tmp_path: Path
) -> None:
    def dtsen(desil: str, today: date) -> tuple[int, int, int]:
        path = tmp_path / f"dtsen-{today}.csv"
        pl.DataFrame(
            [_dtsen_row("7172010201010001", "Ani", "Pasir Panjang", desil, "Ya")]
        ).write_csv(path)
        result = families_import(
            user=world.tpps, path=path, region=world.kota, kind="dtsen", today=today
        )
        return result.new, result.updated, result.unchanged

    assert dtsen("3", date(2026, 2, 10)) == (1, 0, 0)
    assert dtsen("3", date(2026, 2, 20)) == (0, 0, 1)  # same quarter, same decile
    assert dtsen("2", date(2026, 5, 10)) == (0, 1, 0)
    assert dtsen("2", date(2026, 5, 11)) == (0, 0, 1)
    family = Family.objects.get(kk_number="7172010201010001")
    assert family.welfare_decile == 2
    history = DesilRecord.objects.filter(family=family).order_by("period")
    assert [(h.period, h.desil) for h in history] == [
        (date(2026, 1, 1), 3),
        (date(2026, 4, 1), 2),
    ]
    # the PKH flag became a programme receipt once (within a year), next to the old delivery
    pkh = Receipt.objects.filter(family=family, programme__code="pkh")
    assert [r.received_on for r in pkh] == [date(2026, 2, 10)]


def test_programme_receipts_are_imported_like_deliveries(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, kk_number="7172010101010001", welfare_decile=2
    )
    child = ChildFactory(
        family=family, posyandu=world.posyandu_a, nik="7172015501250001", no_nik_reason=""
    )
    _office(world, "dinsos", "dinsos")
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    rows = [
        {"No KK": family.kk_number, "NIK": "", "Program": "pkh", "Tanggal": day},
        {"No KK": "", "NIK": child.nik, "Program": "BPNT / Sembako", "Tanggal": day},
        {"No KK": family.kk_number, "NIK": "", "Program": "umkm", "Tanggal": day},
        {"No KK": family.kk_number, "NIK": "", "Program": "bantuan ajaib", "Tanggal": day},
        {"No KK": "7172999999999999", "NIK": "", "Program": "pkh", "Tanggal": day},
        {"No KK": family.kk_number, "NIK": "", "Program": "pkh", "Tanggal": future},
        {"No KK": world.child_b.family.kk_number, "NIK": "", "Program": "pkh", "Tanggal": day},
    ]
    source = tmp_path / "program.csv"
    pl.DataFrame([{**r, "Keterangan": ""} for r in rows]).write_csv(source)
    report = tmp_path / "rejects.csv"
    argv = ["import", "programmes", str(source), "--region", "71.72", "--user", "dinsos"]
    capsys.readouterr()
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 7, new: 3, updated: 0, unchanged: 0, rejected: 4"
    )
    text = " ".join(
        str(c) for line in pl.read_csv(report, infer_schema=False).iter_rows() for c in line
    )
    for said in (
        "is run by Dinas Koperasi dan UMKM, not by your office",
        "unknown programme 'bantuan ajaib'",
        "no family with No KK",
        "in the future",
    ):
        assert said in text
    receipts = Receipt.objects.order_by("programme__code")
    assert [(r.programme.code, r.family_id, r.person_id) for r in receipts] == [
        ("bpnt", family.pk, child.pk),
        ("pkh", family.pk, None),
        ("pkh", world.child_b.family_id, None),
    ]
    assert main(argv) == 0  # the same file again changes nothing
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "rows: 7, new: 0, updated: 0, unchanged: 3, rejected: 4"
    )


def test_an_area_account_may_not_record_receipts_outside_its_area(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_create(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    source = tmp_path / "program.csv"
    pl.DataFrame(
        [{"No KK": world.child_b.family.kk_number, "Program": "pkh", "Tanggal": day}]
    ).write_csv(source)
    capsys.readouterr()
    assert main(["import", "programmes", str(source), "--user", "pkh_a"]) == 0
    assert capsys.readouterr().out.strip().endswith("rejected: 1")
    assert not Receipt.objects.exists()
    assert main(["import", "programmes", str(source), "--user", "kader_a"]) != 0


def _targeting_world(world: World) -> dict[str, Family]:
    pkh = Programme.objects.get(code="pkh")
    today = timezone.localdate()
    families = {
        "missed": FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=2, head_name="Missed"),
        "reached": FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=1, head_name="Got"),
        "outside": FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=7, head_name="Rich"),
        "none": FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=9, head_name="Fine"),
    }
    for key in ("reached", "outside"):
        Receipt.objects.create(programme=pkh, family=families[key], received_on=today)
    Receipt.objects.create(  # more than a year ago: no longer receiving
        programme=pkh, family=families["missed"], received_on=today - timedelta(days=400)
    )
    return families


def test_dinsos_downloads_the_pkh_targeting_errors_by_name(world: World) -> None:
    families = _targeting_world(world)
    client = Client()
    client.force_login(_office(world, "dinsos", "dinsos"))
    response = client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}&format=csv")
    assert response.status_code == 200
    table = pl.read_csv(response.content, infer_schema=False)
    assert table.columns[:3] == ["jenis", "no_kk", "kepala_keluarga"]
    assert sorted(table.select("jenis", "kepala_keluarga").rows()) == [
        ("eksklusi", "Missed"),
        ("inklusi", "Rich"),
    ]
    page = client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}")
    assert page.context["families"] == [families["missed"]]
    assert page.context["counts"] == {"eksklusi": 1, "inklusi": 1}
    inclusion = client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}&jenis=inklusi")
    assert inclusion.context["families"] == [families["outside"]]
    xlsx = client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}&format=xlsx")
    assert xlsx.status_code == 200
    assert pl.read_excel(xlsx.content).height == 2


def test_the_pkh_list_pages_and_searches_by_head_and_desa(world: World) -> None:
    families = _targeting_world(world)
    more = [
        FamilyFactory(kelurahan=world.kelurahan_b, head_name=f"Poor {n:02}", welfare_decile=1)
        for n in range(60)
    ]
    client = Client()
    client.force_login(_office(world, "dinsos", "dinsos"))
    url = f"/kemiskinan/program/pkh/?region={world.kota.code}"
    first = client.get(url)
    assert first.context["page"].paginator.count == 61
    assert len(first.context["families"]) == 50
    assert "61" in first.content.decode()
    last = client.get(f"{url}&page=2")
    assert len(last.context["families"]) == 11
    found = client.get(f"{url}&q=poor 0")
    assert [f.head_name for f in found.context["families"]] == [f"Poor 0{n}" for n in range(10)]
    in_a = client.get(f"{url}&kelurahan={world.kelurahan_a.code}")
    assert in_a.context["families"] == [families["missed"]]
    assert more[0] not in in_a.context["families"]


def test_other_offices_and_outsiders_are_refused_the_pkh_list(world: World) -> None:
    _targeting_world(world)
    client = Client()
    client.force_login(_office(world, "koperasi", "koperasi"))
    assert client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}").status_code == 403
    assert client.get(f"/kemiskinan/program/umkm/?region={world.kota.code}").status_code == 200
    client.force_login(world.outsider)
    assert client.get(f"/kemiskinan/program/pkh/?region={world.kota.code}").status_code == 403
    lurah_b = user_create(
        username="lurah_b", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_b
    )
    client.force_login(lurah_b)
    a = world.kelurahan_a.code
    assert client.get(f"/kemiskinan/program/pkh/?region={a}").status_code == 403
    assert client.get(f"/kemiskinan/?region={a}").status_code == 403
    missed = Family.objects.get(head_name="Missed")
    assert client.get(f"/kemiskinan/keluarga/{missed.pk}/").status_code == 403


def test_the_tkpk_dashboard_shows_deciles_coverage_and_errors(world: World) -> None:
    _targeting_world(world)
    client = Client()
    client.force_login(world.tpps)
    response = client.get(f"/kemiskinan/?region={world.kota.code}")
    assert response.status_code == 200
    context = response.context
    assert context["totals"]["desil_1_4"] == 2
    assert context["totals"]["desil_1_4_tanpa_pkh"] == 1
    pkh = next(c for c in context["coverage"] if c["programme"].code == "pkh")
    assert (pkh["receiving"], pkh["exclusion"], pkh["inclusion"]) == (2, 1, 1)
    assert context["partner_contributions"] == []
    assert "Program Keluarga Harapan (PKH)" in response.content.decode()
    download = client.get(f"/kemiskinan/?region={world.kota.code}&format=csv")
    rows = pl.read_csv(download.content)
    assert rows.filter(pl.col("kode_kelurahan") == world.kelurahan_a.code)["pkh_persen"][0] == 50.0


def test_the_dashboards_xlsx_writes_programme_coverage_as_percent_cells(world: World) -> None:
    _targeting_world(world)
    client = Client()
    client.force_login(world.tpps)
    download = client.get(f"/kemiskinan/?region={world.kota.code}&format=xlsx")
    cells = column_cells(download.content, "pkh_persen")
    assert (0.5, PERCENT_FORMAT) in cells
    assert all(fmt == PERCENT_FORMAT for _, fmt in cells)


def test_the_household_page_shows_its_decile_history_and_programmes(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "dtsen.csv"
    pl.DataFrame([_dtsen_row("7172010201010001", "Ani", "Pasir Panjang", "1", "Ya")]).write_csv(
        path
    )
    today = timezone.localdate()
    families_import(user=world.tpps, path=path, region=world.kota, kind="dtsen", today=today)
    family = Family.objects.get(kk_number="7172010201010001")
    client = Client()
    client.force_login(world.tpps)
    response = client.get(f"/kemiskinan/keluarga/{family.pk}/")
    assert response.status_code == 200
    page = response.context["page"]
    assert [h.desil for h in page.history] == [1]
    assert [r.programme.code for r in page.receipts] == ["pkh"]
    assert "bpnt" in {p.code for p in page.eligible_not_receiving}
    assert "pkh" not in {p.code for p in page.eligible_not_receiving}


def test_families_with_a_stunted_child_are_counted_by_decile_and_targeted(
    world: World,
) -> None:
    today = timezone.localdate()
    family = world.child_a.family
    family.welfare_decile = 1
    family.save()
    Measurement.objects.create(
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=today - timedelta(days=20),
        age_days=400,
        weight_kg=Decimal("8.0"),
        lenhei_cm=Decimal("68.0"),
        position="L",
        zlen=-2.6,
    )
    data = households(user=world.tpps, region=world.kota, today=today)
    overlap = {desil: (count, stunted) for desil, count, stunted in stunting_overlap(data)}
    assert overlap[1] == (1, 1)
    csr = Programme.objects.get(code="csr_paket")  # for families with a stunted child
    errors = targeting_errors(user=world.tpps, region=world.kota, programme=csr, today=today)
    assert [(e.kind, e.family) for e in errors] == [("eksklusi", family)]


@pytest.mark.django_db
def test_the_demo_city_has_households_without_children_two_quarters_and_targeting_errors() -> None:
    from tumbuh.regions.models import Region
    from tumbuh.web.demo import demo_build

    today = date(2026, 3, 10)
    demo_build(today=today, children=400)
    kelurahan = Region.objects.filter(code__startswith="71.72.", level="desa_kelurahan")
    childless = Family.objects.filter(members__isnull=True, welfare_decile__isnull=False)
    assert set(childless.values_list("kelurahan_id", flat=True)) == set(
        kelurahan.values_list("code", flat=True)
    )
    assert set(DesilRecord.objects.values_list("period", flat=True)) == {
        date(2025, 10, 1),
        date(2026, 1, 1),
    }
    tpps = User.objects.get(username="tpps")
    city = Region.objects.get(code="71.72")
    pkh = Programme.objects.get(code="pkh")
    errors = targeting_errors(user=tpps, region=city, programme=pkh, today=today)
    kinds = {e.kind for e in errors}
    assert kinds == {"eksklusi", "inklusi"}
    client = Client()
    client.force_login(tpps)
    assert client.get("/kemiskinan/").status_code == 200


def test_dinsos_uploads_programme_receipts_on_the_import_page(world: World) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    frame = pl.DataFrame(
        {"No KK": [world.child_a.family.kk_number], "Program": ["PKH"], "Tanggal": [day]}
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    client = Client()
    client.force_login(_office(world, "dinsos", "dinsos"))
    upload = SimpleUploadedFile("program.csv", buffer.getvalue(), content_type="text/csv")
    response = client.post("/imports/", {"kind": "programmes", "file": upload}, follow=True)
    assert "rows: 1, new: 1" in response.content.decode()
    assert Receipt.objects.get().family == world.child_a.family


def test_a_head_of_family_named_by_nik_becomes_a_member_once(world: World, tmp_path: Path) -> None:
    path = tmp_path / "dtsen.csv"
    rows = [
        {**_dtsen_row("7172010201010001", "Ani", "Pasir Panjang", "2", "Tidak")},
        {**_dtsen_row("7172010201010002", "Bonar", "Pasir Panjang", "3", "Tidak")},
    ]
    rows[0]["NIK Kepala Keluarga"] = "7172014507850001"  # a woman born 5 July 1985
    rows[1]["NIK Kepala Keluarga"] = "7172019913850001"  # no such day
    pl.DataFrame(rows).write_csv(path)
    today = date(2026, 3, 10)
    first = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=today
    )
    assert (first.new, first.rejected) == (2, [])
    ani = Person.objects.get(nik="7172014507850001")
    assert (ani.name, ani.sex, ani.birth_date) == ("Ani", 2, date(1985, 7, 5))
    assert ani.family.kk_number == "7172010201010001"
    assert [w.code for _row, w in first.warnings] == ["nik_no_birth_date"]
    assert not Person.objects.filter(name="Bonar").exists()
    again = families_import(
        user=world.tpps, path=path, region=world.kota, kind="dtsen", today=today
    )
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Person.objects.filter(nik="7172014507850001").count() == 1


def test_a_childs_page_shows_the_family_decile_and_links_its_programmes(world: World) -> None:
    family = world.child_a.family
    family.welfare_decile = 3
    family.save()
    client = Client()
    client.force_login(world.tpps)
    page = client.get(f"/measurements/child/{world.child_a.pk}/").content.decode()
    assert "Desil kesejahteraan (DTSEN): 3" in page
    assert f"/kemiskinan/keluarga/{family.pk}/" in page
    client.force_login(world.kader)  # sees the child, not the family's programmes
    page = client.get(f"/measurements/child/{world.child_a.pk}/").content.decode()
    assert f"/kemiskinan/keluarga/{family.pk}/" not in page


def test_a_lurah_sees_a_households_programmes_but_not_its_members_names(world: World) -> None:
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client = Client()
    client.force_login(lurah)
    page = client.get(f"/kemiskinan/keluarga/{world.child_a.family_id}/")
    assert page.status_code == 200
    assert world.child_a.name not in page.content.decode()
    assert "Anggota terdaftar: 1" in page.content.decode()


def test_the_map_shows_the_indicator_chosen(world: World) -> None:
    from tumbuh.poverty.charts import shares

    rows: list[dict[str, object]] = [
        {
            "kode_kelurahan": "a",
            "keluarga": 10,
            "desil_1": 1,
            "desil_1_4": 4,
            "desil_1_4_tanpa_pkh": 1,
        },
        {
            "kode_kelurahan": "b",
            "keluarga": 0,
            "desil_1": 0,
            "desil_1_4": 0,
            "desil_1_4_tanpa_pkh": 0,
        },
    ]
    assert shares(rows, "desil_1_4") == {"a": 40.0, "b": None}
    assert shares(rows, "tanpa_pkh") == {"a": 25.0, "b": None}
    client = Client()
    client.force_login(world.tpps)
    response = client.get(f"/kemiskinan/?region={world.kota.code}&peta=tanpa_pkh")
    assert [key for key, _title, chosen in response.context["maps"] if chosen] == ["tanpa_pkh"]
    unknown = client.get(f"/kemiskinan/?region={world.kota.code}&peta=nonsense")
    assert [key for key, _title, chosen in unknown.context["maps"] if chosen] == ["desil_1_4"]


def test_a_programme_added_as_data_is_reported_with_its_rule(world: World, tmp_path: Path) -> None:
    client = Client()
    client.force_login(world.admin)
    assert client.get("/admin/poverty/programme/").status_code == 200
    response = client.post(
        "/admin/poverty/programme/add/",
        {
            "code": "beras_daerah",
            "name": "Beras daerah",
            "office": "dinsos",
            "partner": "",
            "max_desil": "3",
            "target_group": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    family = FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=2)
    FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=6)
    Receipt.objects.create(
        programme=Programme.objects.get(code="beras_daerah"),
        family=family,
        received_on=timezone.localdate(),
    )
    report = _report(tmp_path, "report.csv")
    row = report.filter(pl.col("kode_kelurahan") == world.kelurahan_a.code)
    assert row.select("beras_daerah", "beras_daerah_persen", "beras_daerah_eksklusi").row(0) == (
        1,
        100.0,
        0,
    )
