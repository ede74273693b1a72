"""What an office's dashboard shows: coverage of its interventions per kelurahan and month by
month, its open gaps, what it delivered this month and the lists it exchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Final

from django.db.models import Count, Q, QuerySet

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, family_filter, person_filter, scope_key, subtree
from tumbuh.catalogue.selectors import catalogue_region_code
from tumbuh.convergence import Coverage
from tumbuh.facts.cache import kept
from tumbuh.interventions.coverage import coverage_for, coverage_stored, reads_facts
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.tables import by_kelurahan
from tumbuh.offices.models import ExchangeEvent
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person

#: Months of the coverage trend (this month included).
TREND_MONTHS: Final = 6
#: Exchange events shown on the dashboard.
EXCHANGES_SHOWN: Final = 50


def month_ends(today: date, months: int = TREND_MONTHS) -> list[date]:
    """The last day of each of the ``months - 1`` months before this one, then ``today``."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        end = first - timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return ends[::-1]


@dataclass(frozen=True)
class TrendPoint:
    on: date
    due: int
    received: int
    percent: float | None
    #: A worker is computing this day's figures (the page shows the point as being prepared).
    pending: bool = False


def _point(card: Coverage, on: date) -> TrendPoint:
    return TrendPoint(on, card.due, card.received, card.percent)


def coverage_trend(
    *, user: AnyUser, region: Region, office: str, today: date, card: Coverage | None = None
) -> list[TrendPoint]:
    """The office's percent complete at the end of each recent month and today, each day
    counted by the catalogue and the registry as they were then (``card``: today's, if read)."""
    points = []
    stored = reads_facts(user, region)
    for on in month_ends(today):
        if on == today and card is not None:
            points.append(_point(card, on))
        elif stored:  # a past month's end: from the facts, or asked of a worker
            past = coverage_stored(region=region, day=on, office=office)
            points.append(_point(past, on) if past else TrendPoint(on, 0, 0, None, pending=True))
        else:
            mine = coverage_for(user=user, region=region, today=on, office=office)
            points.append(_point(mine, on))
    return points


def delivered_this_month(
    *, user: AnyUser, region: Region, codes: list[str], names: dict[str, str], today: date
) -> list[dict[str, object]]:
    """Deliveries of the office's interventions recorded this month in the area (each
    intervention and its count), kept until the data change (``tumbuh.facts.cache``)."""
    counts = kept(
        "office-delivered",
        (scope_key(user), region.code, today, tuple(sorted(codes))),
        partial(_delivered, user=user, region=region, codes=codes, today=today),
    )
    return [
        {**row, "name": names.get(str(row["intervention"]), row["intervention"])} for row in counts
    ]


def _delivered(
    *, user: AnyUser, region: Region, codes: list[str], today: date
) -> list[dict[str, object]]:
    within = subtree("person__family__kelurahan__code", region.code) | subtree(
        "family__kelurahan__code", region.code
    )
    people = Q(person_id__in=Person.objects.filter(person_filter(user)).values("pk"))
    families = Q(family_id__in=Family.objects.filter(family_filter(user)).values("pk"))
    rows = (
        Delivery.objects.filter(
            intervention__in=codes, delivered_on__gte=today.replace(day=1), delivered_on__lte=today
        )
        .filter(within)
        .filter(people | families)
        .values("intervention")
        .annotate(count=Count("pk"))
        .order_by("intervention")
    )
    return list(rows)


def exchanges(*, user: AnyUser, region: Region, office: str) -> QuerySet[ExchangeEvent]:
    """The office's latest exchanges in the region's kab/kota."""
    require(user, Permission.VIEW_GAPS, office)
    kabkota = catalogue_region_code(region) or region.code
    return (
        ExchangeEvent.objects.filter(office=office)
        .filter(subtree("region__code", kabkota))
        .select_related("user", "region")[:EXCHANGES_SHOWN]
    )


def dashboard(*, user: AnyUser, region: Region, office: str, today: date) -> dict[str, object]:
    """Everything the office dashboard shows (the caller checked the office and the region)."""
    require(user, Permission.VIEW_GAPS, office)
    require(user, Permission.VIEW_GAPS, region)
    card = coverage_for(user=user, region=region, today=today, office=office)
    mine = [item for item in card.catalogue if item.office.value == office]
    per_intervention = card.by_intervention().to_dicts()
    names = {item.code: item.name_id for item in mine}
    return {
        "kelurahan": by_kelurahan(card, region).to_dicts(),
        "percent": card.percent,
        "due": card.due,
        "open_gaps": card.due - card.received,
        "computed_at": card.computed_at,
        "interventions": [
            {**row, "name": names.get(row["intervention"], row["intervention"])}
            for row in per_intervention
        ],
        "catalogue": mine,
        "trend": coverage_trend(user=user, region=region, office=office, today=today, card=card),
        "delivered": delivered_this_month(
            user=user, region=region, codes=list(names), names=names, today=today
        ),
        "exchanges": exchanges(user=user, region=region, office=office),
    }
