"""Campaign pages: the list (and the form for coordinators), one campaign, its printable
summary and that summary as a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.services import audit_record
from tumbuh.campaigns.forms import CampaignForm
from tumbuh.campaigns.models import CampaignKind
from tumbuh.campaigns.report import campaign_report
from tumbuh.campaigns.selectors import (
    campaign_get_for_user,
    campaign_list,
    campaign_regions_for_user,
)
from tumbuh.campaigns.services import campaign_create
from tumbuh.interventions.pdf import PdfUnavailableError, html_to_pdf

#: The press summary is written in Bahasa Indonesia whatever the page language.
SUMMARY_LANGUAGE = "id"


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


@permission_required(Permission.VIEW_CAMPAIGNS)
def index(request: HttpRequest) -> HttpResponse:
    manager = has_permission(request.user, Permission.MANAGE_CAMPAIGNS)
    form = None
    if manager:
        regions = campaign_regions_for_user(user=request.user)
        form = CampaignForm(request.POST or None, regions=regions)
        if request.method == "POST" and form.is_valid():
            campaign = campaign_create(
                user=request.user,
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                kind=CampaignKind(form.cleaned_data["kind"]),
            )
            messages.success(request, _("Campaign recorded."))
            return redirect("campaigns:detail", pk=campaign.pk)
    campaigns = campaign_list(user=request.user)
    return render(request, "campaigns/index.html", {"campaigns": campaigns, "form": form})


@permission_required(Permission.VIEW_CAMPAIGNS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign: live coverage per posyandu, prevalence per kelurahan, change since the last.
    ``?part=coverage`` is the coverage table alone (the page refreshes it during the campaign)."""
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    coverage_only = request.GET.get("part") == "coverage"
    report = campaign_report(
        user=request.user,
        campaign=campaign,
        language=_language(),
        coverage_only=coverage_only,
        kecamatan=False,  # the page shows the kelurahan only
    )
    if coverage_only:
        return render(request, "campaigns/_coverage.html", {"report": report})
    audit_record(
        user=request.user, action=Action.VIEW, object_type="campaign", object_id=campaign.pk
    )
    running = campaign.start <= timezone.localdate() <= campaign.end
    return render(request, "campaigns/detail.html", {"report": report, "running": running})


def _summary_html(request: HttpRequest, pk: int) -> str:
    campaign = campaign_get_for_user(user=request.user, pk=pk)
    with translation.override(SUMMARY_LANGUAGE):
        report = campaign_report(user=request.user, campaign=campaign, language=SUMMARY_LANGUAGE)
        return render_to_string("campaigns/summary.html", {"report": report}, request=request)


@permission_required(Permission.VIEW_CAMPAIGNS)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """One printable page for a press release, in Bahasa Indonesia."""
    return HttpResponse(_summary_html(request, pk))


@permission_required(Permission.VIEW_CAMPAIGNS)
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    html = _summary_html(request, pk)
    try:
        pdf = html_to_pdf(html)
    except PdfUnavailableError:
        return HttpResponse(
            _("PDF is not available on this server; print the summary page instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    audit_record(
        user=request.user, action=Action.EXPORT, object_type="campaign_summary", object_id=pk
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="operasi-timbang-{pk}.pdf"'
    return response
