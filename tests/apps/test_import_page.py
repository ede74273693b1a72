"""The upload page: the import runs as a job with a progress page, the outcome and the
rejection report; the template download; who may import and see a job."""

from __future__ import annotations

import io
import os
import socket
import subprocess
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import HEADER, PITFALLS
from tumbuh.imports.jobs import upload_path
from tumbuh.imports.models import ImportBatch, ImportJob, JobStatus
from tumbuh.ingest.template import EXAMPLE
from tumbuh.measurements.models import Measurement
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
    report = client.get(f"/imports/jobs/{job.pk}/report")
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
    assert client.get(f"/imports/jobs/{job.pk}/report").status_code == 404
    client.force_login(world.outsider)
    assert client.get(f"/imports/jobs/{job.pk}/report").status_code == 403


def test_a_running_job_page_polls_for_the_progress_stored_by_its_worker(
    world: World, client: Client
) -> None:
    client.force_login(world.puskesmas)
    job = ImportJob.objects.create(
        owner=world.puskesmas,
        kind="eppgbm",
        file_name="big.csv",
        region=world.kota,
        status=JobStatus.RUNNING,
        stage="storing",
        rows_done=40_000,
        rows_total=100_000,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        heartbeat_at=timezone.now(),
    )
    text = client.get(f"/imports/jobs/{job.pk}/", headers={"HX-Request": "true"}).content
    page = text.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    assert "40000 / 100000" in page
    assert "Menyimpan baris" in page


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
def test_an_upload_waits_in_the_database_queue_until_a_worker_runs_it(
    world: World, client: Client, settings: pytest.FixtureRequest
) -> None:
    from tumbuh.web.worker import worker_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    response = client.post("/imports/", {"kind": "eppgbm", "file": _csv(frame, "e.csv")})
    job = ImportJob.objects.get()
    assert response.url == f"/imports/jobs/{job.pk}/"  # type: ignore[attr-defined]
    assert job.status == JobStatus.QUEUED
    assert "Menunggu" in client.get(response.url).content.decode()  # type: ignore[attr-defined]
    worker_run(batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.summary == "rows: 11, new: 7, updated: 0, unchanged: 0, rejected: 4"
    assert (job.rows_done, job.rows_total) == (11, 11)
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
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


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_died_is_shown_failed_and_what_it_stored_is_undone(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tumbuh.imports import services

    client.force_login(world.puskesmas)
    frame = pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String))
    people, measurements = Person.objects.count(), Measurement.objects.count()
    job = ImportJob.objects.create(
        owner=world.puskesmas, kind="eppgbm", file_name="e.csv", region=world.kota
    )
    path = upload_path(job)
    frame.write_csv(path)
    monkeypatch.setattr(services, "CHUNK_ROWS", 4)
    monkeypatch.setattr(services, "batch_undo", lambda pk: None)  # killed: no undo on the way

    def killed(done: int, total: int) -> None:  # the worker dies after committing a chunk
        if done >= 8:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.eppgbm_import(
            user=world.puskesmas,
            path=path,
            region=world.kota,
            progress=killed,
            opened=lambda batch: ImportJob.objects.filter(pk=job.pk).update(batch=batch),
        )
    assert Measurement.objects.count() > measurements  # two chunks were committed
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker_host=socket.gethostname(), worker_pid=_dead_pid()
    )
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Terhenti (server berhenti); tidak ada data yang disimpan" in page
    assert 'hx-trigger="every 1s"' not in page
    assert (Person.objects.count(), Measurement.objects.count()) == (people, measurements)
    assert not ImportBatch.objects.exists()
