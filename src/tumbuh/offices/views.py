"""The office dashboard (an office's own accounts, or TPPS choosing an office) and the delivery
import template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, office_of, permission_required, require
from tumbuh.accounts.selectors import home_region, region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.offices.selectors import dashboard as dashboard_context
from tumbuh.offices.templates_files import template_csv, template_xlsx
from tumbuh.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _office(request: HttpRequest, office: str) -> Office:
    if office not in {o.value for o in Office}:
        raise Http404
    require(request.user, Permission.VIEW_GAPS, office)
    return Office(office)


@permission_required(Permission.VIEW_GAPS)
def index(request: HttpRequest) -> HttpResponse:
    """An office's account goes to its own dashboard; others choose an office."""
    own = office_of(request.user)
    if own is not None:
        return redirect("offices:dashboard", office=own)
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    offices = [{"code": o.value, "name": OFFICE_NAMES[o]} for o in Office]
    return render(request, "offices/index.html", {"region": region, "offices": offices})


@permission_required(Permission.VIEW_GAPS)
def dashboard(request: HttpRequest, office: str) -> HttpResponse:
    chosen = _office(request, office)
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    require(request.user, Permission.VIEW_GAPS, region)
    today = timezone.localdate()
    context = dashboard_context(user=request.user, region=region, office=office, today=today)
    audit_record(
        user=request.user,
        action=Action.VIEW_LIST,
        object_type=f"office:{office}",
        object_id=region.code,
    )
    return render(
        request,
        "offices/dashboard.html",
        {
            **context,
            "region": region,
            "office": office,
            "office_name": OFFICE_NAMES[chosen],
            "today": today,
        },
    )


@permission_required(Permission.RECORD_DELIVERY)
def delivery_template(request: HttpRequest, file_format: str) -> HttpResponse:
    """The delivery import template, with example rows for the user's office (or for the
    office named by ``?office=``; every office for roles that see them all)."""
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    office = office_of(request.user) or request.GET.get("office", "")
    code = request.GET.get("region", "")
    if code:
        region: Region | None = region_for_request(user=request.user, code=code)
    else:
        region = home_region(user=request.user)
    today = timezone.localdate()
    catalogue = catalogue_for(region.code if region else "", today)  # "": national defaults
    items = [i for i in catalogue if not office or i.office.value == office]
    name = f"tumbuh-pemberian-{office or 'intervensi'}.{file_format}"
    if file_format == "csv":
        response = HttpResponse(template_csv(items, today), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(items, today), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
