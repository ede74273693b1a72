"""The reporting calendar per region (deadlines as data, reminders, submissions) and the reports
generated from the data (the TPPS semester report, the aksi konvergensi tables)."""

from __future__ import annotations

import io
import math
import stat
from datetime import date
from importlib import import_module
from pathlib import Path

import polars as pl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.campaign_world import measured_children
from tests.apps.conftest import PASSWORD, World
from tests.xlsx_cells import column_cells
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.campaigns.figures import campaign_figures
from tumbuh.campaigns.models import Campaign
from tumbuh.cli import main
from tumbuh.convergence.calendar import RULES
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.regions.models import Region
from tumbuh.registry.selectors import person_list
from tumbuh.reporting.aksi import MASTER_ANSIT, PLACE_COLUMNS, aksi_tables
from tumbuh.reporting.demo import CITY_DEADLINES
from tumbuh.reporting.models import Deadline, Submission
from tumbuh.reporting.selectors import calendar_items, submission_path

DECEMBER = date(2026, 12, 10)
BONTANG = {
    "title": "Laporan kinerja TPPS",
    "reporter": "TPPS",
    "recipient": "Wali Kota",
    "office": "",
    "recurrence": "yearly",
    "opens_day": "1",
    "opens_month": "11",
    "due_day": "20",
    "due_month": "12",
    "remind_days": "30",
}
CENTRAL_ENTRY = BONTANG | {
    "title": "Entri data pusat",
    "office": "dinkes",
    "opens_day": "20",
    "opens_month": "12",
    "due_day": "15",
    "due_month": "1",
    "due_next_year": "on",
}


def _add(client: Client, fields: dict[str, str]) -> Deadline:
    response = client.post("/reporting/deadlines/new/?region=71.72", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Deadline.objects.get(region="71.72", title=fields["title"])


def test_the_national_deadlines_are_seeded_as_data_from_the_national_rules(db: None) -> None:
    seeded = import_module("tumbuh.reporting.migrations.0002_national_deadlines").NATIONAL
    assert [(c, t, r, to, o, d, n) for c, t, r, to, o, d, n, _office in seeded] == [
        (r.code, r.title_id, r.reporter, r.recipient, r.opens, r.closes, r.closes_next_year)
        for r in RULES
    ]
    assert set(Deadline.objects.filter(region__isnull=True).values_list("code", flat=True)) == {
        r.code for r in RULES
    }


def test_bontang_style_deadlines_show_as_due_and_late_on_the_home_pages_of_their_owners(
    world: World, client: Client
) -> None:
    dinkes = user_create(
        username="dinkes", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinkes"
    )
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(world.tpps)
        _add(client, BONTANG)
        entry = _add(client, CENTRAL_ENTRY)
        home = client.get("/").content.decode()
        # 20 December is 10 days away: due; 15 January of this year passed with nothing sent.
        assert "Laporan kinerja TPPS" in home
        assert "Entri data pusat" in home
        assert "2026: " in home or "(2026)" in home
        calendar = client.get("/reporting/?region=71.72").content.decode()
        assert "status-due" in calendar
        assert "status-late" in calendar
        # The office's accounts see their office's deadline, not the secretariat's own one.
        client.force_login(dinkes)
        office_home = client.get("/").content.decode()
        assert "Entri data pusat" in office_home
        assert "Laporan kinerja TPPS" not in office_home
        # The office sends the file: that occurrence is done and leaves the reminders.
        late_period = "2025"  # the 2025 occurrence fell due on 15 January 2026
        response = client.post(
            f"/reporting/deadlines/{entry.pk}/",
            {
                "period": late_period,
                "note": "",
                "file": SimpleUploadedFile("entri.xlsx", b"PK\x03\x04 data", "application/x"),
            },
        )
        assert response.status_code == 302
        submission = Submission.objects.get(deadline=entry, period=late_period)
        assert submission.region_id == "71.72"
        assert submission.submitted_by == dinkes
        assert submission.submitted_on == DECEMBER
        path = submission_path(submission)
        assert path.read_bytes() == b"PK\x03\x04 data"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "Entri data pusat" not in client.get("/").content.decode()
        client.force_login(world.tpps)
        download = client.get(f"/reporting/submissions/{submission.pk}/file")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"PK\x03\x04 data"  # type: ignore[attr-defined]


def test_an_outsider_is_refused_the_region_deadlines_and_their_files(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    deadline = _add(client, BONTANG)
    client.post(
        f"/reporting/deadlines/{deadline.pk}/",
        {"period": "2026", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")},
    )
    submission = Submission.objects.get(deadline=deadline)
    client.force_login(world.outsider_tpk)
    assert client.get(f"/reporting/deadlines/{deadline.pk}/").status_code == 403
    assert client.get(f"/reporting/submissions/{submission.pk}/file").status_code == 403
    assert client.get("/reporting/?region=71.72").status_code == 403
    client.force_login(world.kader)
    assert client.post("/reporting/deadlines/new/?region=71.72", BONTANG).status_code == 403


def test_a_deadline_is_edited_and_retired_and_bad_dates_are_refused(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    bad = client.post("/reporting/deadlines/new/?region=71.72", BONTANG | {"due_month": "10"})
    assert bad.status_code == 200
    assert not Deadline.objects.filter(region="71.72").exists()
    deadline = _add(client, BONTANG)
    response = client.post(f"/reporting/deadlines/{deadline.pk}/edit/", BONTANG | {"due_day": "22"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_day == 22
    client.post(f"/reporting/deadlines/{deadline.pk}/edit/", {"retire": "1"})
    deadline.refresh_from_db()
    assert deadline.retired_on is not None
    assert "Laporan kinerja TPPS" not in client.get("/").content.decode()
    national = Deadline.objects.get(code="verval_krs")
    assert client.get(f"/reporting/deadlines/{national.pk}/edit/").status_code == 404


def test_a_deadline_of_the_region_above_is_listed_and_reminded_without_a_link_to_its_page(
    world: World, client: Client
) -> None:
    kecamatan = user_create(
        username="kec_a",
        password=PASSWORD,
        role=Role.KECAMATAN,
        region=world.kelurahan_a.parent,
    )
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(world.tpps)
        city = _add(client, BONTANG)
        province = Deadline.objects.create(
            region=Region.objects.get(code="71"),
            code="laporan-provinsi",
            title="Laporan provinsi",
            opens_month=1,
            opens_day=1,
            due_month=1,
            due_day=31,
        )
        # The secretariat is reminded of the province's late report; its page is the province's.
        home = client.get("/").content.decode()
        assert "Laporan provinsi" in home
        assert f"/reporting/deadlines/{province.pk}/" not in home
        assert f"/reporting/deadlines/{city.pk}/?region=71.72" in home
        assert client.get(f"/reporting/deadlines/{province.pk}/?region=71").status_code == 403
        # The kecamatan's calendar lists the kota's deadline, without a link or an edit.
        client.force_login(kecamatan)
        calendar = client.get("/reporting/?region=71.72.01").content.decode()
        assert "Laporan kinerja TPPS" in calendar
        assert f"/reporting/deadlines/{city.pk}/" not in calendar
        assert client.get(f"/reporting/deadlines/{city.pk}/").status_code == 403
        assert client.get(f"/reporting/deadlines/{city.pk}/edit/").status_code == 403


def test_a_semester_deadline_falls_twice_and_a_submission_without_file_or_note_is_refused(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    deadline = _add(
        client,
        BONTANG
        | {
            "title": "Laporan semester",
            "recurrence": "semester",
            "opens_month": "6",
            "due_month": "6",
            "opens_day": "1",
            "due_day": "30",
        },
    )
    page = client.get(f"/reporting/deadlines/{deadline.pk}/").content.decode()
    assert "2026/1" in page
    assert "2026/2" in page
    response = client.post(f"/reporting/deadlines/{deadline.pk}/", {"period": "2026/1"})
    assert response.status_code == 200
    assert not Submission.objects.filter(deadline=deadline).exists()


def _small_world(world: World) -> None:
    measured_children(world, posyandu=world.posyandu_a, count=12, seed=21)
    measured_children(world, posyandu=world.posyandu_b, count=8, seed=22)
    Campaign.objects.create(
        name="Operasi Timbang Agustus 2026",
        region=world.kota,
        start=date(2026, 8, 1),
        end=date(2026, 8, 31),
    )


def test_the_secretary_builds_the_semester_report_as_pdf_and_docx(
    world: World, client: Client
) -> None:
    _small_world(world)
    with time_machine.travel(DECEMBER, tick=False):
        client.force_login(world.tpps)
        assert client.get("/reporting/reports/?region=71.72").status_code == 200
        pdf = client.get("/reporting/reports/semester?region=71.72&year=2026&semester=2")
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        docx = client.get(
            "/reporting/reports/semester?region=71.72&year=2026&semester=2&format=docx"
        )
    assert docx.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    cells = {
        c.text
        for t in Document(io.BytesIO(docx.content)).tables
        for row in t.rows
        for c in row.cells
    }
    assert "Kota Bitung" in text
    assert "semester II 2026" in text
    assert "Operasi Timbang Agustus 2026" in cells
    assert {"Pasir Panjang", "Madidir Ure", "2026 S2", "2026 S1"} <= cells
    assert "Laporan TPPS semester I (Perpres 72/2021)" in cells  # due 31 July: semester II
    assert "Laporan TPPS semester II (Perpres 72/2021)" not in cells  # due 31 January


def test_the_aksi_tables_count_what_the_campaign_engine_counts(
    world: World, client: Client
) -> None:
    _small_world(world)
    with time_machine.travel(DECEMBER, tick=False):
        tables = aksi_tables(user=world.tpps, region=world.kota, year=2026, today=DECEMBER)
        client.force_login(world.tpps)
        xlsx = client.get("/reporting/reports/aksi?region=71.72&year=2026&format=xlsx")
        csv = client.get("/reporting/reports/aksi?region=71.72&year=2026&format=csv")
    assert tuple(tables.master.columns) == (*PLACE_COLUMNS, *MASTER_ANSIT)
    figures = campaign_figures(
        people=person_list(user=world.tpps),
        region=world.kota,
        start=date(2026, 1, 1),
        end=DECEMBER,
        language="id",
    )
    measured = figures.measured
    assert measured is not None
    latest = {}
    for child, kelurahan, z in zip(
        measured.child.tolist(), measured.kelurahan, measured.kept("zlen").tolist(), strict=True
    ):
        latest[child] = (kelurahan, None if math.isnan(z) else z)
    for row in tables.master.iter_rows(named=True):
        zs = [z for kel, z in latest.values() if kel == row["Kode Wilayah"] and z is not None]
        assert row["Jumlah Balita Diukur"] == sum(
            1 for k, _z in latest.values() if k == row["Kode Wilayah"]
        )
        assert row["Balita Sangat Pendek"] == sum(round(z, 2) < -3 for z in zs)
        assert row["Balita Pendek"] == sum(-3 <= round(z, 2) < -2 for z in zs)
        assert row["Jumlah Keluarga"] >= row["Jumlah Balita Diukur"]
    assert tables.master["Jumlah Balita Diukur"].to_list() == [12, 8]
    situation = tables.situation.row(0, named=True)
    assert situation["stunting"] == figures.kelurahan[0].estimates.stunting.percent
    assert xlsx.status_code == 200
    sheets = pl.read_excel(io.BytesIO(xlsx.content), sheet_id=0)
    assert list(sheets) == ["Analisis Situasi", "Master Ansit", "Cakupan per OPD", "Reviu Kinerja"]
    assert sheets["Master Ansit"].columns == list(tables.master.columns)
    assert pl.read_csv(io.BytesIO(csv.content)).columns == list(tables.master.columns)
    review = dict(zip(tables.review["indikator"], tables.review["tahun_ini"], strict=True))
    assert review["Balita diukur"] == 20
    # percentages are percent cells (the fraction, formatted 0.0%); counts stay counts
    stunting = column_cells(xlsx.content, "stunting", "Analisis Situasi")[0]
    assert stunting == (pytest.approx(situation["stunting"] / 100), PERCENT_FORMAT)
    written = dict(
        zip(
            [v for v, _ in column_cells(xlsx.content, "indikator", "Reviu Kinerja")],
            column_cells(xlsx.content, "tahun_ini", "Reviu Kinerja"),
            strict=True,
        )
    )
    assert written["Balita diukur"][0] == 20
    assert written["Balita diukur"][1] != PERCENT_FORMAT
    assert written["Cakupan penimbangan"][1] == PERCENT_FORMAT
    assert review["Operasi Timbang / kampanye penimbangan"] == 1


def test_the_reports_are_refused_to_those_without_the_right_or_outside_the_region(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    assert client.get("/reporting/reports/?region=71.72").status_code == 403
    client.force_login(world.outsider_tpk)
    assert client.get("/reporting/reports/aksi?region=71.72&year=2026").status_code == 403
    lurah = user_create(
        username="lurah_x", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client.force_login(lurah)
    assert client.get("/reporting/reports/semester?region=71.72").status_code == 403


def test_the_report_commands_write_the_semester_report_and_the_aksi_tables(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _small_world(world)
    with time_machine.travel(DECEMBER, tick=False):
        docx = tmp_path / "laporan.docx"
        args = ["--region", "71.72", "--year", "2026", "--user", "tpps"]
        assert main(["report", "semester", *args, "--semester", "2", "-o", str(docx)]) == 0
        assert docx.read_bytes()[:2] == b"PK"
        pdf = tmp_path / "laporan.pdf"
        assert main(["report", "semester", *args, "--semester", "1", "-o", str(pdf)]) == 0
        assert pdf.read_bytes().startswith(b"%PDF")
        xlsx = tmp_path / "aksi.xlsx"
        assert main(["report", "aksi", *args, "-o", str(xlsx)]) == 0
        assert "2 desa/kelurahan" in capsys.readouterr().err
        csv = tmp_path / "aksi.csv"
        assert main(["report", "aksi", *args, "-o", str(csv)]) == 0
        assert pl.read_csv(csv).columns == [*PLACE_COLUMNS, *MASTER_ANSIT]
        assert main(["report", "aksi", *args, "-o", str(tmp_path / "aksi.txt")]) != 0
        outsider = ["--region", "71.72", "--year", "2026", "--user", "tpk_b"]
        assert main(["report", "aksi", *outsider, "-o", str(tmp_path / "x.csv")]) != 0
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.django_db
def test_the_demo_city_has_deadlines_of_its_own_due_soon_late_and_submitted() -> None:
    from django.contrib.auth.models import User

    from tumbuh.web.demo import demo_build

    today = date(2026, 3, 10)
    demo_build(today=today, children=200)
    tpps = User.objects.get(username="tpps")
    client = Client()
    with time_machine.travel(today, tick=False):
        client.force_login(tpps)
        home = client.get("/").content.decode()
        calendar = client.get("/reporting/?region=71.72").content.decode()
        for _code, title, _office, _days, submitted in CITY_DEADLINES:
            assert (title in home) is not submitted, title
            assert title in calendar
        built = client.get("/reporting/reports/aksi?region=71.72&year=2026&format=csv")
    assert built.status_code == 200
    assert pl.read_csv(io.BytesIO(built.content)).height == 69
    statuses = {
        item.deadline.code: item.status
        for item in calendar_items(user=tpps, region=Region.objects.get(code="71.72"), today=today)
        if item.deadline.region_id and item.due_on.year == 2026
    }
    assert statuses == {
        "laporan-kinerja-tpps": "due",
        "entri-data-pusat": "late",
        "berita-acara-rembuk": "done",
    }
