"""The public page's figures: aggregates only, cells under the small-number threshold hidden.

Figures come from the latest finished campaign over the region (or an area containing it), else
from the last complete month; the trend is the campaigns before it. Everything is counted over
everyone (no user, no scope), so nothing here may carry a name, a NIK or an address: only region
names and codes, counts and percentages leave this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import Http404
from django.utils.translation import get_language

from tumbuh.campaigns.figures import Area, campaign_figures
from tumbuh.campaigns.models import Campaign
from tumbuh.campaigns.selectors import campaigns_over
from tumbuh.campaigns.statistics import Estimate
from tumbuh.regions.models import Level, Posyandu, Region
from tumbuh.registry.models import Person

T = TypeVar("T")
PUBLIC_LEVELS = (Level.KABKOTA, Level.KECAMATAN, Level.KELURAHAN)
TREND_CAMPAIGNS = 6
CACHE_SECONDS = 60 * 60
#: Figures are computed in one language; the page translates its labels itself.
FIGURES_LANGUAGE = "id"


@dataclass(frozen=True)
class PublicArea:
    """One area as the public sees it; None where the cell is suppressed."""

    code: str
    name: str
    level: str
    sasaran: int | None
    diukur: int | None
    cakupan: float | None
    stunting: Estimate | None
    wasting: Estimate | None
    underweight: Estimate | None
    grade: str | None

    @property
    def suppressed(self) -> bool:
        return self.sasaran is None or self.stunting is None


@dataclass(frozen=True)
class TrendPoint:
    label: str
    end: date
    total: PublicArea


@dataclass
class PublicFigures:
    region: Region
    source: str  # the campaign's name, or empty for the last complete month
    start: date
    end: date
    min_cell: int
    total: PublicArea
    kecamatan: list[PublicArea] = field(default_factory=list)
    kelurahan: list[PublicArea] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    cache_key: str = ""


def min_cell() -> int:
    return int(settings.TUMBUH_PUBLIC_MIN_CELL)


def _shown(estimate: Estimate, threshold: int) -> Estimate | None:
    return estimate if estimate.n >= threshold and estimate.percent is not None else None


def publish(area: Area, *, level: str, code: str, threshold: int) -> PublicArea:
    """The area's public cells: counts and coverage only from ``threshold`` registered
    children, each prevalence only from ``threshold`` children in its denominator."""
    counted = area.sasaran >= threshold
    e = area.estimates
    return PublicArea(
        code=code,
        name=area.name,
        level=level,
        sasaran=area.sasaran if counted else None,
        diukur=area.diukur if counted else None,
        cakupan=area.cakupan if counted else None,
        stunting=_shown(e.stunting, threshold),
        wasting=_shown(e.wasting, threshold),
        underweight=_shown(e.underweight, threshold),
        grade=e.grade if e.stunting.n >= threshold else None,
    )


def public_region(code: str) -> Region:
    """The region named by ``?region=`` (kab/kota, kecamatan, desa/kelurahan), by default the
    first kab/kota that has posyandu."""
    regions = Region.objects.filter(level__in=PUBLIC_LEVELS)
    if code:
        region = regions.filter(code=code).first()
    else:
        first = Posyandu.objects.order_by("kelurahan_id").values_list("kelurahan_id", flat=True)
        kelurahan = first.first()
        region = regions.filter(code=kelurahan[:5]).first() if kelurahan else None
    if region is None:
        raise Http404
    return region


def _last_complete_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _campaign_stamp() -> str:
    """Changes when a campaign is recorded (so the page shows it at once)."""
    latest = Campaign.objects.aggregate(pk=Max("pk"), at=Max("created_at"))
    at = latest["at"]
    return f"{latest['pk'] or 0}-{int(at.timestamp()) if at else 0}"


def _figures(
    region: Region, start: date, end: date, name: str, threshold: int, *, by_area: bool
) -> PublicFigures:
    figures = campaign_figures(
        people=Person.objects.filter(merged_into__isnull=True),
        region=region,
        start=start,
        end=end,
        language=FIGURES_LANGUAGE,
        by_area=by_area,
    )
    return PublicFigures(
        region=region,
        source=name,
        start=start,
        end=end,
        min_cell=threshold,
        total=publish(figures.total, level=region.level, code=region.code, threshold=threshold),
        kecamatan=[
            publish(a, level=Level.KECAMATAN, code=a.key, threshold=threshold)
            for a in figures.kecamatan
        ],
        kelurahan=[
            publish(a, level=Level.KELURAHAN, code=a.key, threshold=threshold)
            for a in figures.kelurahan
        ],
    )


def _cached(key: str, build: Callable[[], T]) -> T:
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found  # type: ignore[no-any-return]


def public_figures(*, region: Region, today: date) -> PublicFigures:
    """The page's figures for ``region``: the latest finished campaign (or the last complete
    month) by area, and the trend over the campaigns before it. Cached for ``CACHE_SECONDS``
    (a public page need not be live; a new campaign shows at once)."""
    threshold = min_cell()
    key = f"publik:{region.code}:{today}:{threshold}:{_campaign_stamp()}"

    def build() -> PublicFigures:
        campaigns = list(campaigns_over(region=region).filter(end__lt=today)[:TREND_CAMPAIGNS])
        if campaigns:
            latest = campaigns[0]
            page = _figures(region, latest.start, latest.end, latest.name, threshold, by_area=True)
        else:
            start, end = _last_complete_month(today)
            page = _figures(region, start, end, "", threshold, by_area=True)
        page.trend = [
            TrendPoint(
                c.name,
                c.end,
                page.total
                if c is campaigns[0]
                else _figures(region, c.start, c.end, c.name, threshold, by_area=False).total,
            )
            for c in reversed(campaigns)
        ]
        page.cache_key = key
        return page

    return _cached(key, build)


def cached_drawing(page: PublicFigures, name: str, draw: Callable[[PublicFigures], str]) -> str:
    """A chart of the page (in the current language), cached with the page's figures."""
    return _cached(f"{page.cache_key}:{name}:{get_language()}", lambda: draw(page))
