"""Uploading an export in the web app: the file is imported by a background job (validate, link,
commit) while its page shows the progress stored in the database, then the outcome and the
rejection report (XLSX, or CSV past Excel's row limit)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.selectors import home_region
from tumbuh.accounts.services import audit_record
from tumbuh.imports.jobs import (
    REPORT_KEEP_DAYS,
    job_progress,
    job_settle,
    job_start,
    report_path,
)
from tumbuh.imports.models import ImportJob, JobStatus, Kind
from tumbuh.ingest.setup_templates import facilities_template_xlsx, teams_template_xlsx
from tumbuh.ingest.template import template_xlsx
from tumbuh.regions.models import Level, Region

#: The permission each kind of file needs.
KIND_PERMISSIONS = {
    Kind.EPPGBM: Permission.IMPORT_MEASUREMENTS,
    Kind.TEMPLATE: Permission.IMPORT_MEASUREMENTS,
    Kind.KELUARGA: Permission.IMPORT_FAMILIES,
    Kind.DTSEN: Permission.IMPORT_FAMILIES,
    Kind.DELIVERIES: Permission.RECORD_DELIVERY,
    Kind.FACILITIES: Permission.MANAGE_MASTER_DATA,
    Kind.TEAMS: Permission.MANAGE_TEAMS,
    Kind.KPM: Permission.MANAGE_CASELOAD,
    Kind.PROGRAMMES: Permission.RECORD_DELIVERY,
}
IMPORTING = (
    Permission.IMPORT_MEASUREMENTS,
    Permission.IMPORT_FAMILIES,
    Permission.RECORD_DELIVERY,
    Permission.MANAGE_MASTER_DATA,
    Permission.MANAGE_TEAMS,
)
MAX_UPLOAD_BYTES = 400 * 1024 * 1024  # a million-row e-PPGBM CSV is about 250 MB
RECENT_JOBS = 10


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of file"), choices=Kind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", ".csv"):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 400 MB: use the tumbuh import command.")
            )
        return upload


def _kota(request: HttpRequest) -> Region:
    home = home_region(user=request.user)
    region = home
    while region is not None and region.level not in (Level.KABKOTA,):
        region = region.parent
    if region is None:
        region = Region.objects.filter(level=Level.KABKOTA).first()
    if region is None:
        raise PermissionDenied
    return region


@permission_required(*IMPORTING)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    allowed = [
        (kind, label)
        for kind, label in Kind.choices
        if kind in KIND_PERMISSIONS  # users: on the set-up page (passwords shown once)
        and has_permission(request.user, KIND_PERMISSIONS[Kind(kind)])
    ]
    form.fields["kind"].choices = allowed  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = job_start(
            user=request.user,
            kind=form.cleaned_data["kind"],
            region=_kota(request),
            file_name=upload_file.name,
            chunks=upload_file.chunks(),
        )
        return redirect("imports:job", pk=job.pk)
    recent = ImportJob.objects.filter(owner_id=request.user.pk).select_related("batch")
    jobs = [job_settle(job) for job in recent[:RECENT_JOBS]]
    setup = {
        "facilities": has_permission(request.user, Permission.MANAGE_MASTER_DATA),
        "teams": has_permission(request.user, Permission.MANAGE_TEAMS),
    }
    context = {"form": form, "jobs": jobs, "perms_setup": setup}
    return render(request, "imports/upload.html", context)


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=pk, owner_id=request.user.pk).first()
    if job is None:
        raise Http404
    return job


@permission_required(*IMPORTING)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress while it runs (the fragment polls itself), then its outcome."""
    found = job_settle(_own_job(request, pk))
    progress = job_progress(found)
    context = {
        "job": found,
        "running": found.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "done_rows": progress[0] if progress else 0,
        "total_rows": progress[1] if progress else 0,
        "percent": round(100 * progress[0] / progress[1]) if progress and progress[1] else 0,
        "report_available": report_path(found).exists(),
        "report_keep_days": REPORT_KEEP_DAYS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "imports/job_status.html", context)
    return render(request, "imports/job.html", context)


@permission_required(*IMPORTING)
def rejection_report(request: HttpRequest, pk: int) -> FileResponse:
    found = _own_job(request, pk)
    path = report_path(found)
    if not path.exists():
        raise Http404
    audit_record(user=request.user, action=Action.EXPORT, object_type="import_report", object_id=pk)
    content_type = (
        "text/csv"
        if path.suffix == ".csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="laporan-penolakan-{pk}{path.suffix}"'
    return response


@permission_required(Permission.IMPORT_MEASUREMENTS)
def template(request: HttpRequest) -> HttpResponse:
    """Tumbuh's own import template (XLSX: an example row and a sheet explaining each column)."""
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="tumbuh-template.xlsx"'
    return response


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(Permission.MANAGE_MASTER_DATA)
def facilities_template(request: HttpRequest) -> HttpResponse:
    """The facilities template: puskesmas, the desa/kelurahan each serves, their posyandu."""
    return _xlsx(facilities_template_xlsx(), "tumbuh-fasilitas.xlsx")


@permission_required(Permission.MANAGE_TEAMS)
def teams_template(request: HttpRequest) -> HttpResponse:
    """The decree-annex template: one row per team member."""
    return _xlsx(teams_template_xlsx(), "tumbuh-lampiran-sk.xlsx")
