"""Imports that cannot lose or half-write data: undone by batch on failure, one at a time,
success decided by the commit, reports owner-only and CSV past Excel's limit, XLSX bombs
refused before parsing."""

from __future__ import annotations

import io
import re
import stat
import threading
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.apps.conftest import World
from tests.ingest.eppgbm_files import HEADER, PITFALLS, write_export
from tumbuh.cli import main
from tumbuh.files import FileError, read, read_table
from tumbuh.imports import jobs, kinds, report, services
from tumbuh.imports.lock import import_lock
from tumbuh.imports.models import ImportBatch, ImportJob, ImportUndo, JobStatus
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Family, Person


def _counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Family.objects.count(),
        Measurement.objects.count(),
        Posyandu.objects.count(),
    )


def test_an_import_failing_after_committed_chunks_leaves_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    before = _counts()
    monkeypatch.setattr(services, "CHUNK_ROWS", 3)

    def fail_late(done: int, total: int) -> None:
        if done >= 9:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        services.eppgbm_import(
            user=world.puskesmas, path=source, region=world.kota, progress=fail_late
        )
    assert _counts() == before
    assert not ImportBatch.objects.exists()
    assert not ImportUndo.objects.exists()


def test_a_failed_import_puts_back_the_measurements_it_corrected(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_export(tmp_path / "first.csv", PITFALLS)
    services.eppgbm_import(user=world.puskesmas, path=first, region=world.kota)
    stored = {m.pk: (m.weight_kg, m.zwei) for m in Measurement.objects.all()}
    heavier = [{**row, "Berat": "13,9"} if row.get("Berat") else row for row in PITFALLS]
    second = write_export(tmp_path / "second.csv", heavier)
    monkeypatch.setattr(services, "tables_analyse", _raise)
    with pytest.raises(RuntimeError):
        services.eppgbm_import(user=world.puskesmas, path=second, region=world.kota)
    assert {m.pk: (m.weight_kg, m.zwei) for m in Measurement.objects.all()} == stored


def _raise(*args: object) -> None:
    raise RuntimeError("stopped after the rows were written")


def test_a_second_import_waits_for_the_one_running_and_says_so(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    holding, release = threading.Event(), threading.Event()

    def first_import() -> None:
        with import_lock():
            holding.set()
            release.wait(30)

    def lock_then_release(waiting: Callable[[], None]) -> AbstractContextManager[None]:
        def told() -> None:  # the first import ends once the second has said it waits
            waiting()
            release.set()

        return import_lock(told)

    monkeypatch.setattr(kinds, "import_lock", lock_then_release)
    other = threading.Thread(target=first_import)
    other.start()
    holding.wait(10)
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root"]
    assert main(argv) == 0
    other.join()
    out = capsys.readouterr()
    assert "another import is running; waiting" in out.err
    assert "impor lain sedang berjalan" in out.err
    assert out.out.splitlines()[-1].startswith("rows: 11, new: 7")


def test_the_cli_keeps_a_stored_import_when_its_report_cannot_be_written(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    missing = tmp_path / "no-such-folder" / "rejects.xlsx"
    argv = ["import", "eppgbm", str(source), "--region", "71.72", "--user", "root"]
    assert main([*argv, "--rejects", str(missing)]) == 1
    out = capsys.readouterr()
    assert "rows stored, but no report" in out.err
    assert out.out.splitlines()[-1].startswith("rows: 11, new: 7")
    assert ImportBatch.objects.get().new == 7


def test_a_report_past_excels_row_limit_is_csv_and_only_its_owner_reads_it(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_export(tmp_path / "export.csv", PITFALLS)
    result = services.eppgbm_import(user=world.puskesmas, path=source, region=world.kota)
    small = report.write_report(read_table(source), result, tmp_path / "small.xlsx")
    assert small == tmp_path / "small.xlsx"
    assert stat.S_IMODE(small.stat().st_mode) == 0o600
    monkeypatch.setattr(report, "XLSX_MAX_ROWS", 3)
    big = report.write_report(read_table(source), result, tmp_path / "big.xlsx")
    assert big == tmp_path / "big.csv"
    assert not (tmp_path / "big.xlsx").exists()
    assert pl.read_csv(big).height == pl.read_excel(small).height > 3
    assert stat.S_IMODE(big.stat().st_mode) == 0o600


def _upload(client: Client, frame: pl.DataFrame) -> ImportJob:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    upload = SimpleUploadedFile("eppgbm.csv", buffer.getvalue(), content_type="text/csv")
    assert client.post("/imports/", {"kind": "eppgbm", "file": upload}).status_code == 302
    return ImportJob.objects.get()


def test_a_web_job_past_excels_limit_offers_its_report_as_csv(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "XLSX_MAX_ROWS", 3)
    monkeypatch.setattr(jobs, "XLSX_MAX_ROWS", 3)
    client.force_login(world.puskesmas)
    job = _upload(client, pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String)))
    assert job.status == JobStatus.DONE
    assert jobs.report_path(job).suffix == ".csv"
    assert stat.S_IMODE(jobs.report_path(job).stat().st_mode) == 0o600
    response = client.get(f"/imports/jobs/{job.pk}/report")
    assert response["Content-Type"] == "text/csv"
    assert f"laporan-penolakan-{job.pk}.csv" in response["Content-Disposition"]


def test_success_is_decided_by_the_commit_not_by_the_report(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise OSError("sheet too large")

    monkeypatch.setattr(jobs, "report_write", broken)
    client.force_login(world.puskesmas)
    job = _upload(client, pl.DataFrame(PITFALLS, schema=dict.fromkeys(HEADER, pl.String)))
    assert job.status == JobStatus.DONE
    assert job.summary.startswith("rows: 11, new: 7")
    assert Measurement.objects.filter(import_batch=job.batch).count() == 7
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "tidak ada data yang disimpan" not in page
    assert "Baris-baris sudah tersimpan, tetapi laporan penolakan tidak dapat ditulis" in page


def _xlsx(path: Path, rows: int = 3) -> Path:
    pl.DataFrame({"Nama": [f"anak {i}" for i in range(rows)]}).write_excel(path)
    return path


def test_an_xlsx_that_unpacks_to_an_absurd_size_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _xlsx(tmp_path / "bom.xlsx", rows=2000)
    monkeypatch.setattr(read, "MAX_UNPACKED_BYTES", 10_000)
    monkeypatch.setattr(read, "MAX_UNPACK_RATIO", 2)
    with pytest.raises(FileError, match=rf"{re.escape(str(path))}: refused: it unpacks to"):
        read_table(path)


def test_an_xlsx_of_ordinary_size_is_read(tmp_path: Path) -> None:
    assert read_table(_xlsx(tmp_path / "ok.xlsx")).height == 3


def test_an_xlsx_declaring_millions_of_rows_is_refused_before_parsing(tmp_path: Path) -> None:
    honest = _xlsx(tmp_path / "honest.xlsx")
    forged = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(honest) as source, zipfile.ZipFile(forged, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:K3000000"', data)
            target.writestr(member, data)
    with pytest.raises(FileError, match=r"forged.xlsx: refused: a sheet declares 3000000 rows"):
        read_table(forged)


def test_a_refused_xlsx_is_explained_in_indonesian_on_the_job_page(
    world: World, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "MAX_SHEET_ROWS", 2)
    client.force_login(world.puskesmas)
    content = _xlsx(tmp_path / "isian.xlsx").read_bytes()
    upload = SimpleUploadedFile("isian.xlsx", content)
    client.post("/imports/", {"kind": "template", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert "isian.xlsx: ditolak: satu lembar kerja menyatakan 4 baris (lebih dari 2)" in (
        job.message
    )


def test_import_files_are_kept_in_a_folder_only_the_server_reads() -> None:
    assert stat.S_IMODE(jobs.job_folder().stat().st_mode) == 0o700
