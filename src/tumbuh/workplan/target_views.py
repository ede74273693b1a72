"""Survey figures (SSGI/SKI) and the region's own targets (RPJMD/RKPD): the page that records
them; the targets page sets them beside routine and campaign data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tumbuh.accounts.permissions import Permission, has_permission, permission_required, require
from tumbuh.accounts.selectors import region_for_request
from tumbuh.workplan.forms import RegionalTargetForm, SurveyFigureForm
from tumbuh.workplan.models import (
    RegionalTarget,
    SurveyFigure,
    SurveySource,
    TargetKind,
)
from tumbuh.workplan.services import (
    regional_target_delete,
    regional_target_save,
    survey_figure_delete,
    survey_figure_save,
)


def _post(request: HttpRequest) -> tuple[SurveyFigureForm, RegionalTargetForm, bool]:
    """Handle one of the page's forms; returns the forms and whether something was saved."""
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    survey_form = SurveyFigureForm(request.POST if request.POST.get("form") == "survey" else None)
    target_form = RegionalTargetForm(request.POST if request.POST.get("form") == "target" else None)
    if request.method != "POST":
        return survey_form, target_form, False
    require(request.user, Permission.MANAGE_PLANNING, region)
    action = request.POST.get("form")
    if action == "remove_survey":
        figure = SurveyFigure.objects.filter(region=region, pk=request.POST.get("pk") or 0).first()
        if figure is None:
            raise PermissionDenied
        survey_figure_delete(user=request.user, figure=figure)
        return survey_form, target_form, True
    if action == "remove_target":
        target = RegionalTarget.objects.filter(
            region=region, pk=request.POST.get("pk") or 0
        ).first()
        if target is None:
            raise PermissionDenied
        regional_target_delete(user=request.user, target=target)
        return survey_form, target_form, True
    if action == "survey" and survey_form.is_valid():
        data = survey_form.cleaned_data
        try:
            survey_figure_save(
                user=request.user,
                region=region,
                year=data["year"],
                source=SurveySource(data["source"]),
                percent=data["percent"],
                low=data["low"],
                high=data["high"],
                note=data["note"],
            )
        except ValueError:
            survey_form.add_error(None, _("The confidence interval must contain the prevalence."))
            return survey_form, target_form, False
        return survey_form, target_form, True
    if action == "target" and target_form.is_valid():
        data = target_form.cleaned_data
        regional_target_save(
            user=request.user,
            region=region,
            year=data["year"],
            kind=TargetKind(data["kind"]),
            percent=data["percent"],
        )
        return survey_form, target_form, True
    return survey_form, target_form, False


@permission_required(Permission.VIEW_PLANNING)
def surveys(request: HttpRequest) -> HttpResponse:
    region = region_for_request(user=request.user, code=request.GET.get("region", ""))
    survey_form, target_form, saved = _post(request)
    if saved:
        messages.success(request, _("Saved."))
        return redirect(f"{request.path}?region={region.code}")
    return render(
        request,
        "workplan/surveys.html",
        {
            "region": region,
            "figures": SurveyFigure.objects.filter(region=region).order_by("year", "source"),
            "targets": RegionalTarget.objects.filter(region=region).order_by("year", "kind"),
            "survey_form": survey_form,
            "target_form": target_form,
            "can_edit": has_permission(request.user, Permission.MANAGE_PLANNING),
        },
    )
