"""Reports prepared in the background (django-tasks, database backend): the city's scorecard as
a PDF and each office's by-name gap list as CSV or XLSX take seconds for a kab/kota, so the page
asks a worker for them and offers the file when it is ready. The file lives under the data
directory, readable by this account only, and only its owner may download it; a job whose worker
died shows as failed."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.convergence.catalogue import Office
from tumbuh.env import data_dir
from tumbuh.files.write import owner_only
from tumbuh.interventions.exports import ExportFile, gaps_file, scorecard_pdf_file
from tumbuh.interventions.models import ReportJob, ReportJobStatus
from tumbuh.interventions.pdf import PdfUnavailableError
from tumbuh.offices.models import Channel, Direction
from tumbuh.offices.services import exchange_record
from tumbuh.processes import process_alive
from tumbuh.regions.models import Region

KINDS = ("scorecard_pdf", "gaps_csv", "gaps_xlsx", "gaps_pdf")


def report_folder() -> Path:
    folder = data_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def report_file(job: ReportJob) -> Path:
    return report_folder() / f"{job.pk}.bin"


def report_job_start(
    *,
    user: AbstractBaseUser | AnonymousUser,
    kind: str,
    region: Region,
    office: str = "",
    language: str = "id",
) -> ReportJob:
    """Ask a worker for a report of ``region`` the user may see; returns the queued job."""
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind!r}")
    if kind == "scorecard_pdf":
        require(user, Permission.VIEW_SCORECARD, region)
    else:
        require(user, Permission.VIEW_GAPS, region)
        require(user, Permission.VIEW_GAPS, Office(office).value)
    owner = acting_user(user)
    if owner is None:
        raise PermissionDenied
    job = ReportJob.objects.create(
        owner=owner, kind=kind, region=region, office=office, language=language
    )
    report_task.enqueue(job.pk)
    return job


@task()
def report_task(job_pk: int) -> str:
    """Prepare the job's file (in the worker)."""
    job = ReportJob.objects.select_related("owner", "region").get(pk=job_pk)
    job.status = ReportJobStatus.RUNNING
    job.worker_pid, job.worker_host = os.getpid(), socket.gethostname()
    job.save(update_fields=["status", "worker_pid", "worker_host"])
    with translation.override(job.language):
        try:
            file = _build(job)
        except PdfUnavailableError:
            return _failed(job, _("PDF export needs the Pango library on the server."))
        except PermissionDenied:
            return _failed(job, _("Your account may no longer see this report."))
    path = report_file(job)
    owner_only(path)
    path.write_bytes(file.content)
    path.chmod(0o600)
    job.status, job.finished_at = ReportJobStatus.DONE, timezone.now()
    job.file_name, job.content_type = file.file_name, file.content_type
    job.save(update_fields=["status", "finished_at", "file_name", "content_type"])
    return job.status


def _build(job: ReportJob) -> ExportFile:
    today = timezone.localdate()
    if job.kind == "scorecard_pdf":
        return scorecard_pdf_file(user=job.owner, region=job.region, today=today)
    file = gaps_file(
        user=job.owner,
        region=job.region,
        office=Office(job.office),
        xlsx=job.kind == "gaps_xlsx",
        pdf=job.kind == "gaps_pdf",
        today=today,
    )
    exchange_record(
        user=job.owner,
        office=job.office,
        region=job.region,
        direction=Direction.EXPORT,
        channel=Channel.JOB,
        file_format=job.kind.removeprefix("gaps_"),
        rows=file.rows,
        file_name=file.file_name,
    )
    return file


def _failed(job: ReportJob, message: str) -> str:
    job.status, job.message, job.finished_at = ReportJobStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    return job.status


def report_job_settle(job: ReportJob) -> ReportJob:
    """A job left running by a worker of this machine that is gone shows as failed."""
    if (
        job.status == ReportJobStatus.RUNNING
        and job.worker_pid is not None
        and job.worker_host == socket.gethostname()
        and not process_alive(job.worker_pid)
    ):
        _failed(job, _("The worker preparing this report stopped; ask for it again."))
    return job
    return True
