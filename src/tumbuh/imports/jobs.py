"""Uploaded files imported in the background: the page shows progress while a thread imports.

The upload is kept under the data directory only while it is imported, then deleted; the
rejection report (rows that were not stored or were stored with a warning) stays for the
uploader to download for ``REPORT_KEEP_DAYS``. Progress lives in memory (one server process,
as ``tumbuh serve`` runs); the outcome is in the database. Logs name a failed job and the kind
of error, never a row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tumbuh.accounts.scope import acting_user
from tumbuh.env import data_dir
from tumbuh.files import read_table
from tumbuh.imports.kinds import FILE_ERRORS, MEASUREMENT_KINDS, import_file
from tumbuh.imports.linkage_services import children_link
from tumbuh.imports.models import ImportJob, JobStatus
from tumbuh.imports.reasons import say
from tumbuh.imports.report import report_frame
from tumbuh.imports.services import ImportResult
from tumbuh.regions.models import Region

log = logging.getLogger(__name__)
#: Rejection reports are kept this long for their uploader, then deleted.
REPORT_KEEP_DAYS = 30
_progress: dict[int, tuple[int, int]] = {}
_threads: dict[int, threading.Thread] = {}


def job_folder() -> Path:
    folder = data_dir() / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_path(job: ImportJob) -> Path:
    return job_folder() / f"{job.pk}-upload{Path(job.file_name).suffix.lower()}"


def report_path(job: ImportJob) -> Path:
    return job_folder() / f"{job.pk}-report.xlsx"


def reports_expire(*, now: float | None = None) -> int:
    """Delete rejection reports older than ``REPORT_KEEP_DAYS`` (they hold personal data)."""
    limit = (now if now is not None else time.time()) - REPORT_KEEP_DAYS * 86_400
    expired = [p for p in job_folder().glob("*-report.xlsx") if p.stat().st_mtime < limit]
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)


def job_settle(job: ImportJob) -> ImportJob:
    """A job left waiting or running by a server that stopped is marked failed: its transaction
    was rolled back, so nothing of it is stored. (Jobs run in this process's threads.)"""
    running = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    if running and settings.TUMBUH_IMPORTS_IN_BACKGROUND and job.pk not in _threads:
        job.status = JobStatus.FAILED
        job.message = _(
            "Interrupted (the server stopped); nothing was stored. Import the file again."
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        upload_path(job).unlink(missing_ok=True)
    return job


def job_progress(job: ImportJob) -> tuple[int, int] | None:
    """(rows done, rows in the file) while the job runs in this process."""
    return _progress.get(job.pk)


def job_start(
    *,
    user: AbstractBaseUser | AnonymousUser,
    kind: str,
    region: Region,
    file_name: str,
    chunks: Iterable[bytes],
) -> ImportJob:
    """Keep the upload and import it: in a thread once this request commits, or at once."""
    owner = acting_user(user)
    if owner is None:
        raise PermissionDenied
    reports_expire()
    job = ImportJob.objects.create(
        owner=owner,
        kind=kind,
        file_name=Path(file_name).name[:255],
        region=region,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    with upload_path(job).open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    if settings.TUMBUH_IMPORTS_IN_BACKGROUND:
        transaction.on_commit(lambda: _start_thread(job.pk))
    else:
        job_run(job.pk)
        job.refresh_from_db()
    return job


def _start_thread(pk: int) -> None:
    thread = threading.Thread(target=_in_thread, args=(pk,), name=f"import-{pk}", daemon=True)
    _threads[pk] = thread
    thread.start()


def _in_thread(pk: int) -> None:
    close_old_connections()
    try:
        job_run(pk)
    finally:
        connection.close()
        _threads.pop(pk, None)


def _import(job: ImportJob, path: Path) -> ImportResult:
    def progress(done: int, total: int) -> None:
        _progress[job.pk] = (done, total)

    return import_file(
        user=job.owner, path=path, region=job.region, kind=job.kind, progress=progress
    )


def _link(job: ImportJob) -> None:
    """Probabilistic linkage of the region's children after the import (its own transaction)."""
    try:
        summary = children_link(user=job.owner, region=job.region)
    except Exception as error:  # the import itself is committed: say linkage did not run
        log.error("linkage after import job %s failed: %s", job.pk, type(error).__name__)
        job.linkage_failed = True
        return
    job.linked_records, job.linked_merged, job.linked_to_review = (
        summary.records,
        summary.merged,
        summary.to_review,
    )


def _failure(job: ImportJob, path: Path, error: Exception) -> str:
    """Why the job stored nothing, in the uploader's language (never a row of the file)."""
    if isinstance(error, FILE_ERRORS):
        return say(error.with_field(job.file_name))
    if isinstance(error, PermissionDenied):
        return _("Your account may not import this kind of file.")
    log.error("import job %s failed: %s", job.pk, type(error).__name__)
    return _("Unexpected error (%(error)s); nothing was stored.") % {"error": type(error).__name__}


def job_run(pk: int) -> None:
    """Import the job's file; record the outcome (or why it failed) on the job."""
    job = ImportJob.objects.select_related("owner", "region").get(pk=pk)
    path = upload_path(job)
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        result = _import(job, path)
        job.status, job.summary = JobStatus.DONE, result.line()
        job.new_posyandu, job.batch = ", ".join(result.created_posyandu), result.batch
        if result.rejected or result.warnings:  # only then is the file read again
            report = report_frame(read_table(path), result, job.language)
            report.write_excel(report_path(job), worksheet="laporan_penolakan")
            job.report_rows = report.height
        if job.kind in MEASUREMENT_KINDS and (result.new or result.updated):
            _link(job)
    except Exception as error:
        job.status = JobStatus.FAILED
        with translation.override(job.language):
            job.message = _failure(job, path, error)
    finally:
        path.unlink(missing_ok=True)
        _progress.pop(pk, None)
    job.finished_at = timezone.now()
    job.save()


def job_wait(pk: int, timeout: float = 60.0) -> None:
    """Wait for a background job's thread (tests, and a server shutting down)."""
    thread = _threads.get(pk)
    if thread is not None:
        thread.join(timeout)
