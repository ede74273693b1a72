"""Uploaded files imported as background jobs (django-tasks, queued in the database).

The upload is kept under the data directory only while it is imported, then deleted; the
rejection report (rows that were not stored or were stored with a warning) stays, readable by
the server's account only, for the uploader to download for ``REPORT_KEEP_DAYS``. A worker process
(``tumbuh serve`` starts one; ``tumbuh worker`` runs one apart) runs the job; its stage and rows
done are stored on the ``ImportJob`` as it goes, so any server process shows them and a restart
loses nothing. A job whose worker died is shown failed, and what it had stored is undone by its
batch. Success is decided by the import's commit: the report is written after it, and a report
that cannot be written never turns a stored import into a failed one. Logs name a failed job and
the kind of error, never a row.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tumbuh.accounts.scope import acting_user
from tumbuh.env import data_dir
from tumbuh.files import open_table
from tumbuh.files.write import XLSX_MAX_ROWS, owner_only
from tumbuh.imports.kinds import FILE_ERRORS, MEASUREMENT_KINDS, import_file
from tumbuh.imports.linkage_services import children_link
from tumbuh.imports.models import ImportBatch, ImportJob, JobStage, JobStatus
from tumbuh.imports.reasons import say
from tumbuh.imports.report import report_frame, report_save
from tumbuh.imports.services import ImportResult
from tumbuh.imports.undo import batch_undo
from tumbuh.processes import process_alive
from tumbuh.regions.models import Region

log = logging.getLogger(__name__)
#: Rejection reports are kept this long for their uploader, then deleted.
REPORT_KEEP_DAYS = 30
#: A running job on another machine that has not reported for this long is taken as dead.
STALE_AFTER = timedelta(minutes=15)
RUNNING = (JobStatus.QUEUED, JobStatus.RUNNING)


def job_folder() -> Path:
    folder = data_dir() / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def upload_path(job: ImportJob) -> Path:
    return job_folder() / f"{job.pk}-upload{Path(job.file_name).suffix.lower()}"


def report_path(job: ImportJob) -> Path:
    """XLSX while it fits in one Excel sheet, CSV beyond."""
    suffix = ".csv" if job.report_rows > XLSX_MAX_ROWS else ".xlsx"
    return job_folder() / f"{job.pk}-report{suffix}"


def reports_expire(*, now: float | None = None) -> int:
    """Delete rejection reports older than ``REPORT_KEEP_DAYS`` (they hold personal data)."""
    limit = (now if now is not None else time.time()) - REPORT_KEEP_DAYS * 86_400
    expired = [p for p in job_folder().glob("*-report.*") if p.stat().st_mtime < limit]
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)
    return True


def _worker_gone(job: ImportJob) -> bool:
    """The job's worker stopped without recording an outcome."""
    if job.task_id:
        ended = DBTaskResult.objects.filter(pk=job.task_id).exclude(status__in=("READY", "RUNNING"))
        if ended.exists():
            return True
    if job.status != JobStatus.RUNNING:
        return False  # waiting in the queue: a worker will take it
    if job.worker_pid is not None and job.worker_host == socket.gethostname():
        return not process_alive(job.worker_pid)
    return job.heartbeat_at is None or timezone.now() - job.heartbeat_at > STALE_AFTER


def job_settle(job: ImportJob) -> ImportJob:
    """A job whose worker died (a restart mid-job) is marked failed, and what it had stored is
    undone by its batch (the chunk being written was rolled back by the database)."""
    if job.status not in RUNNING or not _worker_gone(job):
        return job
    with transaction.atomic():
        if job.batch_id is not None:
            batch_undo(job.batch_id)
        with translation.override(job.language):
            job.message = _(
                "Interrupted (the server stopped); nothing was stored. Import the file again."
            )
        job.status, job.batch, job.finished_at = JobStatus.FAILED, None, timezone.now()
        job.save(update_fields=["status", "message", "batch", "finished_at"])
    upload_path(job).unlink(missing_ok=True)
    log.warning("import job %s: its worker stopped; undone", job.pk)
    return job


def jobs_settle() -> int:
    """Settle every unfinished job whose worker died (a worker starting calls this)."""
    settled = 0
    for job in ImportJob.objects.filter(status__in=RUNNING):
        settled += job_settle(job).status == JobStatus.FAILED
    return settled


def job_progress(job: ImportJob) -> tuple[int, int] | None:
    """(rows done, rows in the file) as stored by the worker, once it knows the total."""
    return (job.rows_done, job.rows_total) if job.rows_total else None


def job_start(
    *,
    user: AbstractBaseUser | AnonymousUser,
    kind: str,
    region: Region,
    file_name: str,
    chunks: Iterable[bytes],
) -> ImportJob:
    """Keep the upload and queue its import (the immediate backend runs it at once)."""
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
    path = upload_path(job)
    with owner_only(path).open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    result = import_task.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@task()
def import_task(job_pk: int) -> str:
    """The background job: import the file of ``ImportJob`` ``job_pk``; returns its status."""
    job_run(job_pk)
    return str(ImportJob.objects.values_list("status", flat=True).get(pk=job_pk))


def _stage(job: ImportJob, stage: str, **fields: object) -> None:
    """Store how far the job is (outside the import's transactions: others see it at once)."""
    fields = {"stage": stage, "heartbeat_at": timezone.now(), **fields}
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def _import(job: ImportJob, path: Path) -> ImportResult:
    def progress(done: int, total: int) -> None:
        _stage(job, JobStage.STORING, rows_done=done, rows_total=total)

    def opened(batch: ImportBatch) -> None:
        _stage(job, JobStage.STORING, batch=batch)

    return import_file(
        user=job.owner,
        path=path,
        region=job.region,
        kind=job.kind,
        progress=progress,
        opened=opened,
        waiting=lambda: _stage(job, JobStage.WAITING),
    )


def _link(job: ImportJob) -> None:
    """Probabilistic linkage of the region's children after the import (its own transaction)."""
    _stage(job, JobStage.LINKING)
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


def report_write(job: ImportJob, path: Path, result: ImportResult) -> None:
    """The rejection report, owner-only; CSV when it has more rows than an Excel sheet."""
    report = report_frame(open_table(path), result, job.language)
    job.report_rows = report.height
    report_save(report, report_path(job).with_suffix(".xlsx"))


def _report(job: ImportJob, path: Path, result: ImportResult) -> None:
    """Write the report after the commit; failing to, the import still stands (and says so)."""
    _stage(job, JobStage.REPORTING)
    try:
        report_write(job, path, result)
    except Exception as error:
        log.error("report of import job %s failed: %s", job.pk, type(error).__name__)
        report_path(job).unlink(missing_ok=True)
        job.report_rows = 0
        with translation.override(job.language):
            job.message = _(
                "The rows are stored, but the rejection report could not be written (%(error)s)."
            ) % {"error": type(error).__name__}


def job_run(pk: int) -> None:
    """Import the job's file; record the outcome (or why it failed) on the job."""
    job = ImportJob.objects.select_related("owner", "region").get(pk=pk)
    if job.status != JobStatus.QUEUED:
        return  # already run, or settled as failed
    path = upload_path(job)
    _stage(
        job,
        JobStage.READING,
        status=JobStatus.RUNNING,
        worker_host=socket.gethostname()[:255],
        worker_pid=os.getpid(),
    )
    try:
        result = _import(job, path)
    except Exception as error:
        path.unlink(missing_ok=True)
        job.status, job.batch = JobStatus.FAILED, None
        with translation.override(job.language):
            job.message = _failure(job, path, error)
        job.finished_at = timezone.now()
        job.save()
        return
    job.status, job.summary = JobStatus.DONE, result.line()
    job.new_posyandu, job.batch = ", ".join(result.created_posyandu), result.batch
    job.save()  # decided by the import's commit, whatever follows
    if result.rejected or result.warnings:  # only then is the file read again
        _report(job, path, result)
    path.unlink(missing_ok=True)
    if job.kind in MEASUREMENT_KINDS and (result.new or result.updated):
        _link(job)
    job.stage, job.finished_at = "", timezone.now()
    job.save()
