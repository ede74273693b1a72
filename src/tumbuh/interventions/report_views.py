"""Reports prepared in the background: ask for one, watch it, download it (its owner only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.interventions.models import ReportJob, ReportJobStatus
from tumbuh.interventions.report_jobs import (
    KINDS,
    report_file,
    report_job_settle,
    report_job_start,
)

REPORTING = (Permission.VIEW_SCORECARD, Permission.VIEW_GAPS)


@permission_required(*REPORTING)
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in KINDS:
        raise Http404
    region = region_for_request(user=request.user, code=request.POST.get("region", ""))
    try:
        job = report_job_start(
            user=request.user,
            kind=kind,
            region=region,
            office=request.POST.get("office", ""),
            language=get_language() or "id",
        )
    except ValueError as error:  # an unknown office
        raise Http404 from error
    return redirect("interventions:report_job", pk=job.pk)


def _own(request: HttpRequest, pk: int) -> ReportJob:
    job = ReportJob.objects.select_related("region").filter(pk=pk, owner_id=request.user.pk).first()
    if job is None:
        raise Http404
    return report_job_settle(job)


@permission_required(*REPORTING)
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own(request, pk)
    context = {
        "job": job,
        "running": job.status in (ReportJobStatus.QUEUED, ReportJobStatus.RUNNING),
    }
    if request.headers.get("HX-Request"):
        return render(request, "interventions/report_status.html", context)
    return render(request, "interventions/report_job.html", context)


@permission_required(*REPORTING)
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own(request, pk)
    path = report_file(job)
    if job.status != ReportJobStatus.DONE or not path.exists():
        raise Http404
    if job.owner_id != request.user.pk:
        raise PermissionDenied
    audit_record(user=request.user, action=Action.EXPORT, object_type=job.kind, object_id=job.pk)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type
    )
