"""The page that builds the reports (TPPS secretariat, admin) and the files it sends: the
semester report as PDF or DOCX, the aksi konvergensi tables as XLSX or CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, require
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.interventions.pdf import PdfUnavailableError
from tumbuh.regions.models import Region
from tumbuh.reporting.aksi import aksi_tables
from tumbuh.reporting.semester import semester_docx, semester_pdf, semester_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region(request: HttpRequest) -> Region:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    require(request.user, Permission.BUILD_REPORTS, region)
    return region


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() else today.year
    return year if 2000 <= year <= today.year else today.year


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(Permission.BUILD_REPORTS)
def reports(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    return render(
        request,
        "reporting/reports.html",
        {
            "region": region,
            "years": list(range(today.year, today.year - 5, -1)),
            "semester": 1 if today.month <= 6 else 2,
        },
    )


@permission_required(Permission.BUILD_REPORTS)
def semester(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    year = _year(request)
    half = 2 if request.GET.get("semester") == "2" else 1
    kind = "docx" if request.GET.get("format") == "docx" else "pdf"
    report = semester_report(
        user=request.user, region=region, year=year, semester=half, today=timezone.localdate()
    )
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        object_type=f"semester_{kind}",
        object_id=f"{region.code}:{year}/{half}",
    )
    if kind == "docx":
        return _attachment(semester_docx(report), f"{report.stem}.docx", DOCX)
    try:
        pdf = semester_pdf(report)
    except PdfUnavailableError:
        return HttpResponse(
            _("PDF is not available on this server; download the DOCX instead."), status=503
        )
    return _attachment(pdf, f"{report.stem}.pdf", "application/pdf")


@permission_required(Permission.BUILD_REPORTS)
def aksi(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    year = _year(request)
    kind = "csv" if request.GET.get("format") == "csv" else "xlsx"
    tables = aksi_tables(user=request.user, region=region, year=year, today=timezone.localdate())
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        object_type=f"aksi_{kind}",
        object_id=f"{region.code}:{year}",
    )
    if kind == "csv":
        return _attachment(tables.csv(), f"{tables.stem}.csv", "text/csv; charset=utf-8")
    return _attachment(tables.xlsx(), f"{tables.stem}.xlsx", XLSX)
