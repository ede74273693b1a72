"""Lokus selection with editable weights, and targets with the reporting calendar."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, fields

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required, require
from tumbuh.accounts.services import audit_record
from tumbuh.convergence import LokusWeights, rank_lokus
from tumbuh.convergence.lokus import CRITERIA
from tumbuh.interventions.exports import lokus_list_file
from tumbuh.interventions.lokus_selectors import (
    lokus_indicators,
    lokus_list_get_for_user,
    lokus_lists_for,
)
from tumbuh.interventions.lokus_services import lokus_list_save
from tumbuh.interventions.views import _region
from tumbuh.regions.models import Region
from tumbuh.reporting.selectors import calendar_items, deadlines_for
from tumbuh.reporting.services import submission_record
from tumbuh.workplan.findings import comparison_shown

#: The weight fields' labels, one per lokus criterion.
WEIGHT_LABELS = {
    "stunting_prevalence": gettext_lazy("Weight: stunting prevalence"),
    "stunted_children": gettext_lazy("Weight: number of stunted children"),
    "at_risk_families": gettext_lazy("Weight: families at risk of stunting"),
    "poor_families": gettext_lazy("Weight: families in desil 1-4"),
    "coverage_gap": gettext_lazy("Weight: coverage gap"),
}


def _weights(request: HttpRequest) -> LokusWeights:
    """The weights of the form (the page's query, or the save form's fields); the defaults for
    any that is missing or not a number."""
    given = request.POST if request.method == "POST" else request.GET
    defaults = LokusWeights()
    values = {}
    for field in fields(LokusWeights):
        raw = given.get(field.name, "")
        try:
            number = float(raw.replace(",", ".")) if raw else getattr(defaults, field.name)
            values[field.name] = max(0.0, number)
        except ValueError:
            values[field.name] = getattr(defaults, field.name)
    try:
        return LokusWeights(**values)
    except ValueError:
        return defaults


def _whole(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def _lokus_save(request: HttpRequest, region: Region, weights: LokusWeights) -> HttpResponse:
    """Save the ranking under the form's weights as the lokus list of the year asked for."""
    today = timezone.localdate()
    year = _whole(request.POST.get("year", ""))
    try:
        saved = lokus_list_save(
            user=request.user,
            region=region,
            year=year if year is not None else today.year + 1,
            weights=weights,
            chosen=request.POST.getlist("chosen"),
            count=_whole(request.POST.get("count", "")),
            note=request.POST.get("note", "")[:200],
            today=today,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    messages.success(request, _("The lokus list for %(year)d is saved.") % {"year": saved.year})
    return redirect("interventions:lokus_list", pk=saved.pk)


@permission_required(Permission.VIEW_PLANNING)
def lokus(request: HttpRequest) -> HttpResponse:
    """The ranking under the weights asked for; the secretariat saves it as a year's list
    (POST), and the lists saved before are linked by year."""
    region = _region(request)
    weights = _weights(request)
    if request.method == "POST":
        return _lokus_save(request, region, weights)
    table = lokus_indicators(user=request.user, region=region, today=timezone.localdate())
    # every criterion's figure is shown, also those weighted 0 (the ranking leaves them out)
    figures = {row["kelurahan"]: row for row in table.to_dicts()}
    ranked = [
        figures[row["kelurahan"]] | row
        for row in (rank_lokus(table, weights).to_dicts() if table.height else [])
    ]
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="lokus", object_id=region.code
    )
    return render(
        request,
        "interventions/lokus.html",
        {
            "region": region,
            "rows": ranked,
            "weights": asdict(weights),
            "criteria": CRITERIA,
            # one weight field per criterion: (name, label, value)
            "inputs": [
                (name, WEIGHT_LABELS.get(name, name), value)
                for name, value in asdict(weights).items()
            ],
            "saved_lists": lokus_lists_for(user=request.user, region=region),
            "can_save": has_permission(request.user, Permission.SAVE_LOKUS),
            "next_year": timezone.localdate().year + 1,
        },
    )


@permission_required(Permission.VIEW_PLANNING)
def lokus_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved lokus list: its table, the weights and who saved it; CSV or XLSX on request."""
    kind = request.GET.get("format", "")
    if kind in {"csv", "xlsx"}:
        file = lokus_list_file(user=request.user, pk=pk, xlsx=kind == "xlsx")
        audit_record(
            user=request.user, action=Action.EXPORT, object_type="lokus_list", object_id=pk
        )
        response = HttpResponse(file.content, content_type=file.content_type)
        response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
        return response
    saved = lokus_list_get_for_user(user=request.user, pk=pk)
    audit_record(user=request.user, action=Action.VIEW, object_type="lokus_list", object_id=pk)
    return render(
        request,
        "interventions/lokus_list.html",
        {
            "saved": saved,
            "region": saved.region,
            "entries": saved.entries.select_related("kelurahan"),
            "weights": [
                (WEIGHT_LABELS.get(name, name), value) for name, value in saved.weights.items()
            ],
        },
    )


@permission_required(Permission.VIEW_PLANNING)
def targets(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    if request.method == "POST":
        require(request.user, Permission.MANAGE_PLANNING, region)
        code, year = request.POST.get("code", ""), request.POST.get("year", "")
        period = request.POST.get("period", "") or year
        deadline = deadlines_for(region).filter(code=code).first()
        if deadline is not None and period[:4].isdigit():
            # Marked done without a file: a submission with a note (the reporting calendar).
            with contextlib.suppress(ValidationError):
                submission_record(
                    user=request.user,
                    deadline=deadline,
                    region=region,
                    period=period,
                    today=today,
                    note=_("marked done"),
                )
        return redirect(f"{request.path}?region={region.code}")
    items = calendar_items(user=request.user, region=region, today=today)
    return render(
        request,
        "interventions/targets.html",
        {
            "region": region,
            "comparison": comparison_shown(user=request.user, region=region, today=today),
            "calendar": [(item.occurrence, item.status) for item in items],
            "can_mark": has_permission(request.user, Permission.MANAGE_PLANNING),
        },
    )
