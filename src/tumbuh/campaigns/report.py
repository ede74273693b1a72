"""What a campaign's pages show: its figures in the user's scope and the change since the
campaign before it (the same children)."""

from __future__ import annotations

from dataclasses import dataclass

from tumbuh.accounts.scope import AnyUser
from tumbuh.campaigns.figures import Change, Figures, campaign_figures, paired_change
from tumbuh.campaigns.models import Campaign
from tumbuh.campaigns.selectors import campaign_area_for_user, campaign_previous
from tumbuh.registry.selectors import person_list


@dataclass
class CampaignReport:
    campaign: Campaign
    figures: Figures
    previous: Campaign | None
    change: list[Change]

    @property
    def overall_change(self) -> Change | None:
        return self.change[0] if self.change else None


def campaign_report(
    *,
    user: AnyUser,
    campaign: Campaign,
    language: str,
    coverage_only: bool = False,
    kecamatan: bool = True,
) -> CampaignReport:
    """The campaign's figures over the part of its area the user may see; ``coverage_only``:
    counts and coverage with the whole area's prevalence only (the page's live refresh);
    ``kecamatan=False``: no kecamatan estimates (a page that shows the kelurahan only)."""
    figures = campaign_figures(
        people=person_list(user=user),
        region=campaign_area_for_user(user=user, campaign=campaign),
        start=campaign.start,
        end=campaign.end,
        language=language,
        by_area=not coverage_only,
        kecamatan=kecamatan,
    )
    previous = campaign_previous(campaign=campaign)
    change = (
        paired_change(figures=figures, before=(previous.start, previous.end))
        if previous is not None and not coverage_only
        else []
    )
    return CampaignReport(campaign, figures, previous, change)
