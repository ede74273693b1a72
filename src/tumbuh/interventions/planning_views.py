"""Lokus selection with editable weights, and targets with the reporting calendar."""

from __future__ import annotations

from dataclasses import asdict, fields

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.convergence import LokusWeights, rank_lokus
from tumbuh.convergence.calendar import RULES, overview
from tumbuh.convergence.lokus import CRITERIA
from tumbuh.convergence.targets_path import progress
from tumbuh.interventions.lokus_selectors import lokus_indicators, stunting_by_year
from tumbuh.interventions.models import ReportDone
from tumbuh.interventions.views import _region

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
        if code in {rule.code for rule in RULES} and year.isdigit():
            ReportDone.objects.get_or_create(
                code=code,
                year=int(year),
                region=region,
                defaults={"done_on": today, "recorded_by": acting_user(request.user)},
            )
            audit_record(
                user=request.user,
                action=Action.UPDATE,
                object_type="report_done",
                object_id=f"{code}:{year}",
            )
        return redirect(f"{request.path}?region={region.code}")
    done = {f"{r.code}:{r.year}": True for r in ReportDone.objects.filter(region=region)}
    observed = stunting_by_year(user=request.user, region=region)
    return render(
        request,
        "interventions/targets.html",
        {
            "region": region,
            "progress": progress(observed, years=range(2025, 2030)),
            "calendar": overview(today, done),
            "can_mark": has_permission(request.user, Permission.MANAGE_PLANNING),
        },
    )
