"""The figures the targets page sets side by side for a region: survey prevalence, the region's
own targets, routine data (with its coverage) and weighing campaigns, year by year."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, scope_key, subtree
from tumbuh.campaigns.figures import campaign_figures
from tumbuh.campaigns.models import Campaign
from tumbuh.campaigns.selectors import campaigns_over
from tumbuh.facts.cache import kept
from tumbuh.interventions.lokus_selectors import stunting_by_year
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Region
from tumbuh.registry.rules import earliest_birth_under_five
from tumbuh.registry.selectors import person_list
from tumbuh.workplan.compare import Measured, Survey, YearRow, compare
from tumbuh.workplan.models import RegionalTarget, SurveyFigure
from tumbuh.workplan.sipd import percent

#: The years the page always shows: the RPJMN 2025-2029 path.
PATH_YEARS = range(2025, 2030)


def _routine(user: AnyUser, region: Region, today: date) -> dict[int, Measured]:
    """Per year: stunting % from each child's last measurement of the year, and the share of
    the children under five registered at the year's end (or today) measured that year."""
    prevalence = stunting_by_year(user=user, region=region)
    if not prevalence:
        return {}
    people = person_list(user=user).filter(subtree("posyandu__kelurahan__code", region.code))
    at_the_areas = Measurement.objects.filter(
        subtree("posyandu__kelurahan__code", region.code), child=OuterRef("pk")
    )
    # every year counted in one pass over the children: registered, and of them those with a
    # measurement that year (one index seek per registered child, not a scan of the year's
    # measurements)
    counts: dict[str, Count] = {}
    any_year = Q(pk__in=[])
    for year in prevalence:
        end = min(date(year, 12, 31), today)
        registered = Q(birth_date__gte=earliest_birth_under_five(end), birth_date__lte=end)
        that_year = at_the_areas.filter(measured_on__year=year)
        counts[f"registered_{year}"] = Count("pk", filter=registered)
        counts[f"measured_{year}"] = Count("pk", filter=registered & Q(Exists(that_year)))
        any_year |= registered
    totals = people.filter(any_year).order_by().aggregate(**counts)
    return {
        year: Measured(value, percent(totals[f"measured_{year}"], totals[f"registered_{year}"]))
        for year, value in prevalence.items()
    }


def _campaign(user: AnyUser, region: Region, campaign: Campaign) -> Measured | None:
    """A campaign's stunting % with the 95 % CI and its coverage (None: nobody measured)."""
    figures = campaign_figures(
        people=person_list(user=user),
        region=region,
        start=campaign.start,
        end=campaign.end,
        language="id",
        by_area=False,
    )
    stunting = figures.total.estimates.stunting
    if stunting.percent is None:
        return None
    return Measured(
        stunting.percent, figures.total.cakupan, stunting.low, stunting.high, campaign.name
    )


def _campaigns(user: AnyUser, region: Region) -> dict[int, Measured]:
    """Per year: the last campaign over the region that year, its stunting % with the 95 % CI
    and its coverage; each kept until the facts change (``tumbuh.facts.cache``)."""
    out: dict[int, Measured] = {}
    last_of_year = {c.end.year: c for c in campaigns_over(region=region).order_by("end")}
    for campaign in last_of_year.values():
        key = (region.code, scope_key(user), campaign.pk, campaign.name, campaign.start)
        found = kept(
            "targets-campaign", (*key, campaign.end), partial(_campaign, user, region, campaign)
        )
        if found is not None:
            out[campaign.end.year] = found
    return out


def comparison(*, user: AnyUser, region: Region, today: date | None = None) -> list[YearRow]:
    """Every year with a figure, and the years of the national path."""
    require(user, Permission.VIEW_PLANNING, region)
    today = today or timezone.localdate()
    surveys = {
        f.year: Survey(
            float(f.percent),
            f.get_source_display(),
            None if f.low is None else float(f.low),
            None if f.high is None else float(f.high),
            f.demo,
        )
        for f in SurveyFigure.objects.filter(region=region).order_by("year", "source")
    }
    own: dict[int, dict[str, float]] = {}
    for target in RegionalTarget.objects.filter(region=region):
        own.setdefault(target.year, {})[target.get_kind_display()] = float(target.percent)
    routine = kept(
        "targets-routine",
        (region.code, scope_key(user), today),
        lambda: _routine(user, region, today),
    )
    campaigns = _campaigns(user, region)
    years = {*PATH_YEARS, *surveys, *own, *routine, *campaigns}
    return compare(
        years=range(min(years), max(years) + 1),
        surveys=surveys,
        own=own,
        routine=routine,
        campaigns=campaigns,
    )
