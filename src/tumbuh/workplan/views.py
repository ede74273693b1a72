"""Work plan pages: the plans of a kab/kota for a year, one plan, adding and editing its
sub-activities, the XLSX template, import and export, and the plan's coverage of the gaps."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import (
    Permission,
    has_permission,
    office_of,
    permission_required,
    require,
)
from tumbuh.accounts.services import audit_record
from tumbuh.imports.reasons import say
from tumbuh.imports.services import ImportResult
from tumbuh.ingest.reasons import ReasonError
from tumbuh.regions.models import Level, Region
from tumbuh.workplan.exports import plan_xlsx, template_xlsx
from tumbuh.workplan.forms import ImportForm, PlanForm, SubActivityForm
from tumbuh.workplan.models import OFFICE_CHOICES, SubActivity, WorkPlan
from tumbuh.workplan.selectors import (
    gap_coverage,
    may_edit,
    plan_get_for_user,
    plan_list,
    plan_summaries,
    plan_tree,
    sub_activity_get_for_user,
    workplan_region,
)
from tumbuh.workplan.services import (
    plan_get_or_create,
    sub_activity_delete,
    sub_activity_save,
    workplan_import,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2018 <= int(raw) <= 2045 else timezone.localdate().year


def _offices(request: HttpRequest) -> list[tuple[str, str]]:
    """The offices whose plan the user may start: an office account its own only."""
    own = office_of(request.user)
    return [(code, name) for code, name in OFFICE_CHOICES if own is None or code == own]


@permission_required(Permission.VIEW_WORKPLAN)
def index(request: HttpRequest) -> HttpResponse:
    region = workplan_region(user=request.user, code=request.GET.get("region", ""))
    year = _year(request)
    manager = has_permission(request.user, Permission.MANAGE_WORKPLAN)
    form = PlanForm(request.POST or None, offices=_offices(request), initial={"year": year})
    if manager and request.method == "POST" and form.is_valid():
        plan = plan_get_or_create(
            user=request.user,
            region=region,
            office=form.cleaned_data["office"],
            year=form.cleaned_data["year"],
        )
        return redirect("workplan:plan", pk=plan.pk)
    plans = plan_list(user=request.user, region=region, year=year)
    years = sorted(
        set(plan_list(user=request.user, region=region).values_list("year", flat=True)) | {year}
    )
    summaries = plan_summaries(plans)
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="work_plan", object_id=region.code
    )
    return render(
        request,
        "workplan/index.html",
        {
            "region": region,
            "year": year,
            "years": years,
            "summaries": summaries,
            "form": form if manager else None,
            "total_budget": sum(s.totals.budget_rp for s in summaries),
            "total_realised": sum(s.totals.realised_total for s in summaries),
        },
    )


@permission_required(Permission.VIEW_WORKPLAN)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    work_plan = plan_get_for_user(user=request.user, pk=pk)
    audit_record(user=request.user, action=Action.VIEW, object_type="work_plan", object_id=pk)
    return render(
        request,
        "workplan/plan.html",
        {"tree": plan_tree(plan=work_plan), "editable": may_edit(request.user, work_plan)},
    )


def _kelurahan(plan: WorkPlan) -> QuerySet[Region]:
    return Region.objects.filter(
        code__startswith=plan.region_id + ".", level=Level.KELURAHAN
    ).order_by("name")


def _edit(request: HttpRequest, work_plan: WorkPlan, sub: SubActivity | None) -> HttpResponse:
    if not may_edit(request.user, work_plan):
        raise PermissionDenied
    form = SubActivityForm(
        request.POST or None,
        instance=sub,
        kelurahan=_kelurahan(work_plan),
    )
    if request.method == "POST" and request.POST.get("remove") and sub is not None:
        sub_activity_delete(user=request.user, sub=sub)
        messages.success(request, _("Sub-activity removed."))
        return redirect("workplan:plan", pk=work_plan.pk)
    if request.method == "POST" and form.is_valid():
        try:
            sub_activity_save(
                user=request.user,
                plan=work_plan,
                values=form.cleaned_data,
                interventions=form.cleaned_data["interventions"],
                lokus=form.cleaned_data["lokus"],
                sub=sub,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sub-activity saved."))
            return redirect("workplan:plan", pk=work_plan.pk)
    return render(request, "workplan/edit.html", {"plan": work_plan, "form": form, "sub": sub})


@permission_required(Permission.MANAGE_WORKPLAN)
def sub_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, plan_get_for_user(user=request.user, pk=pk), None)


@permission_required(Permission.MANAGE_WORKPLAN)
def sub_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sub = sub_activity_get_for_user(user=request.user, pk=pk)
    return _edit(request, sub.plan, sub)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(Permission.VIEW_WORKPLAN)
def export(request: HttpRequest) -> HttpResponse:
    """The year's plans of the kab/kota (``?office=``: one office's) as XLSX."""
    region = workplan_region(user=request.user, code=request.GET.get("region", ""))
    year = _year(request)
    plans = plan_list(user=request.user, region=region, year=year)
    office = request.GET.get("office", "")
    if office and office not in dict(OFFICE_CHOICES):
        raise Http404
    if office:
        plans = plans.filter(office=office)
    audit_record(user=request.user, action=Action.EXPORT, object_type="work_plan", object_id=year)
    suffix = f"-{office}" if office else ""
    return _xlsx(plan_xlsx(plans, region), f"rencana-kerja-{region.code}-{year}{suffix}.xlsx")


@permission_required(Permission.MANAGE_WORKPLAN)
def template(request: HttpRequest) -> HttpResponse:
    return _xlsx(template_xlsx(), "tumbuh-rencana-kerja.xlsx")


@permission_required(Permission.MANAGE_WORKPLAN)
def upload(request: HttpRequest) -> HttpResponse:
    """Import plans from a spreadsheet: the summary line and the rejected rows with reasons."""
    region = workplan_region(user=request.user, code=request.GET.get("region", ""))
    require(request.user, Permission.MANAGE_WORKPLAN, region)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": _year(request)})
    result: ImportResult | None = None
    refused = ""
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        suffix = Path(upload_file.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with path.open("wb") as out:
                for chunk in upload_file.chunks():
                    out.write(chunk)
            try:
                result = workplan_import(
                    user=request.user, path=path, region=region, year=form.cleaned_data["year"]
                )
            except ReasonError as error:
                refused = say(error.with_field(upload_file.name))
    rejected = [
        (r.row, "; ".join(dict.fromkeys(say(reason) for reason in r.reasons)))
        for r in (result.rejected if result else [])
    ]
    return render(
        request,
        "workplan/upload.html",
        {
            "region": region,
            "form": form,
            "result": result,
            "rejected": rejected,
            "refused": refused,
        },
    )


@permission_required(Permission.VIEW_WORKPLAN)
def coverage(request: HttpRequest) -> HttpResponse:
    """Per intervention with open gaps: the budgeted sub-activities tagged to it and the
    desa/kelurahan with gaps none of them reaches."""
    region = workplan_region(user=request.user, code=request.GET.get("region", ""))
    year = _year(request)
    rows, names = gap_coverage(
        user=request.user, region=region, year=year, today=timezone.localdate()
    )
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="plan_coverage", object_id=year
    )
    return render(
        request,
        "workplan/coverage.html",
        {
            "region": region,
            "year": year,
            "rows": rows,
            "names": names,
            "uncovered_count": sum(1 for r in rows if not r.covered),
        },
    )
