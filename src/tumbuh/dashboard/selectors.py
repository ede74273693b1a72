"""Dashboard figures of a region in a month, summed from the monthly facts per posyandu
(``tumbuh.facts``: each child's latest measurement, SKDN, the month's measurements) of the
posyandu the user may see; the SMART grades are read from the grades table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, cast

from django.db.models import QuerySet

from tumbuh.accounts.scope import AnyUser, posyandu_filter, subtree
from tumbuh.accounts.selectors import posyandu_list
from tumbuh.dashboard.statistics import AreaStatistics, area_statistics
from tumbuh.facts.compute import COUNTS
from tumbuh.facts.grades import posyandu_area
from tumbuh.facts.models import AreaMonth
from tumbuh.facts.selectors import (
    area_grades,
    area_months,
    graded,
    grades_waiting,
    in_region,
    totals,
)
from tumbuh.regions.models import Level, Posyandu, Region

TREND_MONTHS = 12


@dataclass(frozen=True)
class Prevalence:
    measured: int
    stunted: int
    wasted: int
    underweight: int
    overweight: int

    def pct(self, count: int) -> float | None:
        return None if self.measured == 0 else round(100.0 * count / self.measured, 1)

    @property
    def stunting(self) -> float | None:
        return self.pct(self.stunted)

    @property
    def wasting(self) -> float | None:
        return self.pct(self.wasted)

    @property
    def underweight_pct(self) -> float | None:
        return self.pct(self.underweight)

    @property
    def overweight_pct(self) -> float | None:
        return self.pct(self.overweight)


@dataclass(frozen=True)
class AreaRow:
    """One line of the table by sub-area: a sub-region, or a posyandu inside a kelurahan."""

    name: str
    query: str  # the dashboard's query string for this area
    code: str  # region code (for the map), empty for a posyandu
    registered: int
    prevalence: Prevalence
    statistics: AreaStatistics | None = None


@dataclass
class Dashboard:
    region: Region
    posyandu: Posyandu | None
    registered: int
    measured_this_month: int
    rose_this_month: int
    overall: Prevalence
    areas: list[AreaRow] = field(default_factory=list)
    trend: list[tuple[date, Prevalence]] = field(default_factory=list)
    statistics: AreaStatistics | None = None  # CIs and data quality of the whole area
    by_kelurahan: dict[str, float | None] = field(default_factory=dict)  # stunting %, for the map
    graded: bool = False  # grades are kept for the month
    grades_computed_at: datetime | None = None  # of the grades shown
    grades_waiting: bool = False  # a write since then waits for the grades job

    @property
    def coverage_pct(self) -> float | None:
        """SKDN D/S: children weighed this month among those registered."""
        return _pct(self.measured_this_month, self.registered)

    @property
    def rose_pct(self) -> float | None:
        """SKDN N/D: weight rose among those weighed this month."""
        return _pct(self.rose_this_month, self.measured_this_month)


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


Counts = Mapping[str, Any]
_ZERO: Counts = dict.fromkeys(COUNTS, 0)


def _latest(counts: Counts) -> Prevalence:
    """Prevalence among each child's latest measurement (within a year)."""
    return Prevalence(
        counts["latest"],
        counts["stunted"],
        counts["wasted"],
        counts["underweight"],
        counts["overweight"],
    )


def _of_month(counts: Counts) -> Prevalence:
    """Prevalence among all measurements of the month (the trend)."""
    return Prevalence(
        counts["month_len"],
        counts["month_stunted"],
        counts["month_wasted"],
        counts["month_underweight"],
        counts["month_overweight"],
    )


def _totals(rows: QuerySet[AreaMonth], *by: str) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], totals(rows, *by))


def _sum(rows: list[Counts]) -> dict[str, int]:
    return {name: sum(int(row[name] or 0) for row in rows) for name in COUNTS}


def _month_starts(today: date) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(TREND_MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _whole(user: AnyUser, region: Region) -> tuple[Callable[[str], bool], list[int]]:
    """Which areas the user sees whole (every posyandu in them): a test on region codes, and
    the posyandu the user sees in the region."""
    places = Posyandu.objects.filter(subtree("kelurahan__code", region.code))
    visible = set(places.filter(posyandu_filter(user)).values_list("pk", flat=True))
    hidden = [code for pk, code in places.values_list("pk", "kelurahan_id") if pk not in visible]

    def whole(code: str) -> bool:
        return not any(kelurahan[: len(code)] == code for kelurahan in hidden)

    return whole, sorted(visible)


def _area_key(
    region: Region, posyandu: Posyandu | None, whole: Callable[[str], bool], visible: list[int]
) -> str:
    """The grade that speaks for what the user sees: the posyandu's, the region's when seen
    whole, else the one posyandu seen (a kader's), else none."""
    if posyandu is not None:
        return posyandu_area(posyandu.pk)
    if whole(region.code):
        return region.code
    return posyandu_area(visible[0]) if len(visible) == 1 else ""


def _areas(
    *,
    user: AnyUser,
    region: Region,
    month_rows: QuerySet[AreaMonth],
    whole: Callable[[str], bool],
) -> tuple[list[tuple[AreaRow, str, Counts]], dict[str, float | None]]:
    """Rows by sub-region (codes are hierarchical, so a prefix names the sub-region), or by
    posyandu inside a kelurahan, each with its grade key and counts; and the stunting % by
    kelurahan for the map (kota and kecamatan)."""
    rows: list[tuple[AreaRow, str, Counts]] = []
    if region.level == Level.KELURAHAN:
        by_posyandu = {row["posyandu"]: row for row in _totals(month_rows, "posyandu")}
        for item in posyandu_list(user=user).filter(kelurahan=region):
            counts = by_posyandu.get(item.pk, _ZERO)
            area = AreaRow(
                item.name, f"posyandu={item.pk}", "", counts["registered"], _latest(counts)
            )
            rows.append((area, posyandu_area(item.pk), counts))
        return rows, {}
    by_kelurahan = _totals(month_rows, "kelurahan_code")
    for sub in region.children.order_by("code"):
        width = len(sub.code)
        counts = _sum([row for row in by_kelurahan if row["kelurahan_code"][:width] == sub.code])
        area = AreaRow(
            sub.name, f"region={sub.code}", sub.code, counts["registered"], _latest(counts)
        )
        rows.append((area, sub.code if whole(sub.code) else "", counts))
    stunting: dict[str, float | None] = {}
    if region.level in {Level.KABKOTA, Level.KECAMATAN}:
        stunting = {
            row["kelurahan_code"]: round(100.0 * row["stunted"] / row["latest_len"], 1)
            for row in by_kelurahan
            if row["latest_len"]
        }
    return rows, stunting


def dashboard_for(
    *, user: AnyUser, region: Region, today: date, posyandu: Posyandu | None = None
) -> Dashboard:
    """Coverage, prevalence, areas, map and trend of the month holding ``today`` (taken to its
    end, or to today while it runs), with their CIs and data-quality grades; the caller has
    checked region and posyandu access. Cost grows with the posyandu and months shown."""
    month = today.replace(day=1)
    rows = in_region(area_months(user=user, months=_month_starts(today)), region.code)
    if posyandu is not None:
        rows = rows.filter(posyandu=posyandu)
    by_month = {row["month"]: row for row in _totals(rows, "month")}
    counts = by_month.get(month, _ZERO)
    whole, visible = _whole(user, region)
    key = _area_key(region, posyandu, whole, visible)
    areas: list[tuple[AreaRow, str, Counts]] = []
    by_kelurahan: dict[str, float | None] = {}
    if posyandu is None:
        areas, by_kelurahan = _areas(
            user=user, region=region, month_rows=rows.filter(month=month), whole=whole
        )
    grades = area_grades([key, *(k for _a, k, _c in areas if k)], month)
    return Dashboard(
        region=region,
        posyandu=posyandu,
        registered=counts["registered"],
        measured_this_month=counts["weighed"],
        rose_this_month=counts["naik"],
        overall=_latest(counts),
        areas=[replace(area, statistics=area_statistics(c, grades.get(k))) for area, k, c in areas],
        trend=[
            (start, _of_month(row))
            for start, row in sorted(by_month.items())
            if row["weighed"] or row["month_len"]
        ],
        statistics=area_statistics(counts, grades.get(key)),
        by_kelurahan=by_kelurahan,
        graded=graded(month),
        grades_computed_at=min((g.computed_at for g in grades.values()), default=None),
        grades_waiting=grades_waiting(region.code),
    )
