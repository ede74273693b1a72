"""The upload page: the import runs as a job with a progress page, the outcome and the
rejection report; the template download; who may import and see a job."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import HEADER, PITFALLS
from tumbuh.imports.models import ImportJob, JobStatus
from tumbuh.ingest.template import EXAMPLE
from tumbuh.registry.models import Family, Person


def _csv(frame: pl.DataFrame, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="text/csv")


def _import(client: Client, kind: str, upload: SimpleUploadedFile) -> str:
    response = client.post("/imports/", {"kind": kind, "file": upload}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_puskesmas_officer_imports_an_e_ppgbm_file_and_downloads_the_report(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    text = _import(client, "eppgbm", _csv(frame, "eppgbm.csv"))
    assert "rows: 11, new: 7, updated: 0, unchanged: 0, rejected: 4" in text
    job = ImportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert job.linked_records is not None  # duplicates were looked for after the import
    assert "Baris dalam berkas" in text  # the counts, in the user's language
    listed = client.get("/imports/").content.decode()
    assert "11 baris: 7 baru, 0 diperbarui, 0 tidak berubah, 4 ditolak" in listed
    report = client.get(f"/imports/jobs/{job.pk}/report.xlsx")
    assert report.status_code == 200
    rejected = pl.read_excel(io.BytesIO(b"".join(report.streaming_content)))  # type: ignore[attr-defined]
    assert rejected.filter(pl.col("status") == "ditolak").height == 4
    assert not rejected["alasan"].str.contains("matches no kelurahan").any()  # all in Bahasa


def test_the_uploaded_file_is_not_kept_after_the_import(world: World, client: Client) -> None:
    from tumbuh.imports.jobs import upload_path

    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS[:1], schema=dict.fromkeys(HEADER, pl.String))
    _import(client, "eppgbm", _csv(frame, "eppgbm.csv"))
    assert not upload_path(ImportJob.objects.get()).exists()


def test_a_job_and_its_report_are_only_for_the_one_who_uploaded(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    _import(client, "eppgbm", _csv(frame, "eppgbm.csv"))
    job = ImportJob.objects.get()
    client.force_login(world.tpps)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/imports/jobs/{job.pk}/report.xlsx").status_code == 404
    client.force_login(world.outsider)
    assert client.get(f"/imports/jobs/{job.pk}/report.xlsx").status_code == 403


def test_a_running_job_page_polls_for_its_progress(world: World, client: Client) -> None:
    from tumbuh.imports import jobs

    client.force_login(world.puskesmas)
    job = ImportJob.objects.create(
        owner=world.puskesmas, kind="eppgbm", file_name="big.csv", region=world.kota
    )
    jobs._progress[job.pk] = (40_000, 100_000)
    try:
        text = client.get(f"/imports/jobs/{job.pk}/", headers={"HX-Request": "true"}).content
    finally:
        jobs._progress.pop(job.pk)
    page = text.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    assert "40000 / 100000" in page


def test_the_secretariat_imports_dtsen(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    frame = pl.DataFrame(
        {
            "Nama Kepala Keluarga": ["Budi"],
            "Desa/Kel": ["Pasir Panjang"],
            "Desil": ["3"],
            "PKH": ["Ya"],
        }
    )
    assert "rows: 1, new: 1" in _import(client, "dtsen", _csv(frame, "dtsen.csv"))
    assert Family.objects.get(head_name="Budi").welfare_decile == 3


def test_the_template_downloads_and_imports_back(world: World, client: Client) -> None:
    client.force_login(world.puskesmas)
    response = client.get("/imports/template.xlsx")
    assert response.status_code == 200
    template = pl.read_excel(io.BytesIO(response.content), sheet_name="data")
    assert template.columns == list(EXAMPLE)
    filled = SimpleUploadedFile("isian.xlsx", response.content)
    assert "rows: 1, new: 1, updated: 0, unchanged: 0, rejected: 0" in _import(
        client, "template", filled
    )
    assert Person.objects.filter(name="Aulia Putri").exists()


def test_a_file_of_the_wrong_kind_fails_with_a_message_and_stores_nothing(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    people = Person.objects.count()
    text = _import(client, "eppgbm", _csv(pl.DataFrame({"a": ["1"]}), "x.csv"))
    assert "x.csv: bukan ekspor e-PPGBM: kolom tidak ada: Nama, JK" in text
    assert ImportJob.objects.get().status == JobStatus.FAILED
    assert Person.objects.count() == people


def test_a_kader_may_not_open_the_import_page(world: World, client: Client) -> None:
    client.force_login(world.kader)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template.xlsx").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_in_a_background_thread(
    world: World, client: Client, settings: pytest.FixtureRequest
) -> None:
    from tumbuh.imports.jobs import job_wait

    settings.TUMBUH_IMPORTS_IN_BACKGROUND = True  # type: ignore[attr-defined]
    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    response = client.post("/imports/", {"kind": "eppgbm", "file": _csv(frame, "e.csv")})
    job = ImportJob.objects.get()
    assert response.url == f"/imports/jobs/{job.pk}/"  # type: ignore[attr-defined]
    job_wait(job.pk)
    job.refresh_from_db()
    assert job.summary == "rows: 11, new: 7, updated: 0, unchanged: 0, rejected: 4"
    assert "rows: 11, new: 7" in client.get(response.url).content.decode()  # type: ignore[attr-defined]


def test_old_rejection_reports_are_deleted_and_the_page_says_so(
    world: World, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TUMBUH_DATA_DIR", str(tmp_path))  # only this test's reports expire
    from tumbuh.imports.jobs import REPORT_KEEP_DAYS, report_path, reports_expire

    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    _import(client, "eppgbm", _csv(frame, "eppgbm.csv"))
    job = ImportJob.objects.get()
    assert report_path(job).exists()
    assert reports_expire(now=time.time() + (REPORT_KEEP_DAYS + 1) * 86_400) >= 1
    assert not report_path(job).exists()
    assert (
        "Laporan penolakan sudah dihapus" in client.get(f"/imports/jobs/{job.pk}/").content.decode()
    )


def test_a_job_left_running_by_a_stopped_server_is_shown_as_failed(
    world: World, client: Client, settings: pytest.FixtureRequest
) -> None:
    settings.TUMBUH_IMPORTS_IN_BACKGROUND = True  # type: ignore[attr-defined]
    client.force_login(world.puskesmas)
    job = ImportJob.objects.create(
        owner=world.puskesmas,
        kind="eppgbm",
        file_name="big.csv",
        region=world.kota,
        status=JobStatus.RUNNING,
    )
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Terhenti (server berhenti); tidak ada data yang disimpan" in page
    assert 'hx-trigger="every 1s"' not in page
