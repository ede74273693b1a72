"""Lokus selection with editable weights, and targets with the reporting calendar."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, fields

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
from tumbuh.interventions.lokus_selectors import lokus_indicators
from tumbuh.interventions.views import _region
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
    defaults = LokusWeights()
    values = {}
    for field in fields(LokusWeights):
        raw = request.GET.get(field.name, "")
        try:
            number = float(raw.replace(",", ".")) if raw else getattr(defaults, field.name)
            values[field.name] = max(0.0, number)
        except ValueError:
            values[field.name] = getattr(defaults, field.name)
    try:
        return LokusWeights(**values)
    except ValueError:
        return defaults


@permission_required(Permission.VIEW_PLANNING)
def lokus(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    weights = _weights(request)
    table = lokus_indicators(user=request.user, region=region, today=timezone.localdate())
    ranked = rank_lokus(table, weights).to_dicts() if table.height else []
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
