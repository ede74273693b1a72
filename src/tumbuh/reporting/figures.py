"""The region's figures the generated reports are made of: coverage and prevalence of a period
per desa/kelurahan (the campaign engine, so they agree with ``tumbuh report campaign`` and
``tumbuh analyse``), the prevalence trend by semester, the scorecard per intervention and per
office, the campaigns held and the deadlines met."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, region_filter, subtree
from tumbuh.campaigns.figures import Area, Figures, campaign_figures
from tumbuh.campaigns.selectors import campaigns_over
from tumbuh.convergence import Scorecard
from tumbuh.convergence.calendar import Status
from tumbuh.convergence.catalogue import by_code
from tumbuh.growth.categories import SEVERELY_STUNTED, STUNTED, Indicator, classify
from tumbuh.interventions.lokus_selectors import POOR_DECILE_AT_MOST
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.tables import by_intervention, by_kelurahan, by_office
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family
from tumbuh.registry.selectors import person_list
from tumbuh.reporting.selectors import Item, calendar_items

#: How many semesters the trend shows, this one included.
TREND_SEMESTERS = 6


def semester_period(year: int, semester: int) -> tuple[date, date]:
    if semester not in (1, 2):
        raise ValueError("semester is 1 or 2")
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if semester == 1
        else (
            date(year, 7, 1),
            date(year, 12, 31),
        )
    )


@dataclass(frozen=True)
class Place:
    """One desa/kelurahan of a period: families and children, measured, short and very short."""

    area: Area
    families: int
    families_at_risk: int
    families_poor: int
    severely_stunted: int
    stunted: int  # pendek: -3 SD <= z < -2 SD
    percent_complete: float | None  # the scorecard: interventions received among those due


@dataclass(frozen=True)
class TrendPoint:
    label: str
    start: date
    end: date
    measured: int
    stunting: float | None  # percent
    low: float | None
    high: float | None


@dataclass(frozen=True)
class PeriodFigures:
    region: Region
    start: date
    end: date  # the period's last day counted (today at the latest)
    figures: Figures
    places: list[Place]
    card: Scorecard

    @property
    def total(self) -> Area:
        return self.figures.total

    def interventions(self) -> list[dict[str, object]]:
        """Per intervention (with its Indonesian ``name``): due, received, percent complete."""
        catalogue = by_code()
        return [
            {**row, "name": catalogue[str(row["intervention"])].name_id}
            for row in by_intervention(self.card)
        ]

    def offices(self) -> list[dict[str, object]]:
        return by_office(self.card)

    def percent_complete(self) -> float | None:
        """The scorecard over every intervention: received among those due, percent."""
        expected = self.card.expected
        if not expected.height:
            return None
        received = expected["received"].cast(float).mean()
        return round(100.0 * float(received if isinstance(received, float) else 0.0), 1)


def _short_counts(figures: Figures) -> dict[str, Counter[str]]:
    """Per kelurahan: children whose latest length/height-for-age is very short or short."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    if figures.measured is None:
        return counts
    measured = figures.measured
    for kelurahan, z in zip(measured.kelurahan, measured.kept("zlen").tolist(), strict=True):
        category = classify(Indicator.LENGTH_HEIGHT_FOR_AGE, z)
        if category in (SEVERELY_STUNTED, STUNTED):
            counts[kelurahan][category.slug] += 1
    return counts


def _family_counts(user: AnyUser, region: Region, on: date) -> dict[str, tuple[int, int, int]]:
    families = Family.objects.filter(
        region_filter(user, "kelurahan__code"), subtree("kelurahan__code", region.code)
    )

    def per_kelurahan(rows: object) -> dict[str, int]:
        return dict(
            rows.order_by()  # type: ignore[attr-defined]
            .values("kelurahan_id")
            .annotate(n=Count("pk"))
            .values_list("kelurahan_id", "n")
        )

    every = per_kelurahan(families)
    at_risk = per_kelurahan(families.at_risk(on=on))
    poor = per_kelurahan(families.filter(welfare_decile__lte=POOR_DECILE_AT_MOST))
    return {k: (every.get(k, 0), at_risk.get(k, 0), poor.get(k, 0)) for k in every}


def period_figures(
    *, user: AnyUser, region: Region, start: date, end: date, today: date, language: str = "id"
) -> PeriodFigures:
    """The figures of ``start .. end`` (cut at ``today``) per desa/kelurahan of ``region``."""
    require(user, Permission.BUILD_REPORTS, region)
    last = min(end, today)
    figures = campaign_figures(
        people=person_list(user=user), region=region, start=start, end=last, language=language
    )
    shorts = _short_counts(figures)
    families = _family_counts(user, region, last)
    card = scorecard_for(user=user, region=region, today=last)
    complete = {
        row["kelurahan"]: row["percent_complete"]
        for row in by_kelurahan(card, region).iter_rows(named=True)
    }
    places = [
        Place(
            area=area,
            families=families.get(area.key, (0, 0, 0))[0],
            families_at_risk=families.get(area.key, (0, 0, 0))[1],
            families_poor=families.get(area.key, (0, 0, 0))[2],
            severely_stunted=shorts[area.key][SEVERELY_STUNTED.slug],
            stunted=shorts[area.key][STUNTED.slug],
            percent_complete=complete.get(area.key),
        )
        for area in figures.kelurahan
    ]
    return PeriodFigures(region, start, last, figures, places, card)


def semester_trend(
    *, user: AnyUser, region: Region, year: int, semester: int, today: date, language: str = "id"
) -> list[TrendPoint]:
    """Stunting prevalence (each child's latest measurement of the semester, 95 % CI) for the
    last ``TREND_SEMESTERS`` semesters up to this one; semesters nobody was measured in are
    left out."""
    require(user, Permission.BUILD_REPORTS, region)
    people = person_list(user=user)
    points = []
    index = year * 2 + semester - 1
    for back in range(TREND_SEMESTERS - 1, -1, -1):
        y, s = divmod(index - back, 2)
        start, end = semester_period(y, s + 1)
        if start > today:
            continue
        figures = campaign_figures(
            people=people,
            region=region,
            start=start,
            end=min(end, today),
            language=language,
            by_area=False,
        )
        stunting = figures.total.estimates.stunting
        if figures.total.diukur:
            points.append(
                TrendPoint(
                    f"{y} S{s + 1}",
                    start,
                    end,
                    figures.total.diukur,
                    stunting.percent,
                    stunting.low,
                    stunting.high,
                )
            )
    return points


@dataclass(frozen=True)
class CampaignRow:
    name: str
    start: date
    end: date
    total: Area


def campaigns_in(
    *, user: AnyUser, region: Region, start: date, end: date, today: date, language: str = "id"
) -> list[CampaignRow]:
    """The campaigns over the region held in the period, each with its coverage and
    prevalence over the region."""
    require(user, Permission.BUILD_REPORTS, region)
    people = person_list(user=user)
    rows = []
    for campaign in campaigns_over(region=region).filter(start__lte=end, end__gte=start):
        figures = campaign_figures(
            people=people,
            region=region,
            start=campaign.start,
            end=min(campaign.end, today),
            language=language,
            by_area=False,
        )
        rows.append(CampaignRow(campaign.name, campaign.start, campaign.end, figures.total))
    return sorted(rows, key=lambda r: r.start)


def deadlines_in(
    *, user: AnyUser, region: Region, start: date, end: date, today: date
) -> list[Item]:
    """The occurrences of the region's deadlines due in the period, with their status."""
    years = range(start.year - 1, end.year + 1)
    items = calendar_items(user=user, region=region, today=today, years=years)
    return [i for i in items if start <= i.due_on <= end]


def met_count(items: list[Item]) -> tuple[int, int]:
    """Deadlines met (something submitted) among those already due or done."""
    counted = [i for i in items if i.status in (Status.DONE, Status.LATE)]
    return sum(i.status == Status.DONE for i in counted), len(counted)
