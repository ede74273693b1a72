"""Dashboard figures for a region, from the latest measurement per child (scope applied)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Level, Posyandu, Region
from tumbuh.regions.selectors import posyandu_list
from tumbuh.registry.selectors import children_under_five

CUT = -2.0
OVERWEIGHT = 2.0
LATEST_WINDOW_DAYS = 365
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


def _prevalence(z: np.ndarray) -> Prevalence:
    with np.errstate(invalid="ignore"):
        return Prevalence(
            measured=int(z.shape[0]),
            stunted=int(np.sum(z[:, 0] < CUT)),
            wasted=int(np.sum(z[:, 1] < CUT)),
            underweight=int(np.sum(z[:, 2] < CUT)),
            overweight=int(np.sum(z[:, 1] > OVERWEIGHT)),
        )


def _areas(
    *, user: AnyUser, region: Region, keys: list[str], z: np.ndarray, registered: dict[str, int]
) -> list[AreaRow]:
    """Rows by sub-region (codes are hierarchical, so a prefix names the sub-region), or by
    posyandu inside a kelurahan. ``keys`` are kelurahan codes, or posyandu ids as text."""
    key_array = np.array(keys, dtype=object)
    rows = []
    if region.level == Level.KELURAHAN:
        for item in posyandu_list(user=user).filter(kelurahan=region):
            mask = key_array == str(item.pk)
            count = registered.get(str(item.pk), 0)
            rows.append(AreaRow(item.name, f"posyandu={item.pk}", "", count, _prevalence(z[mask])))
        return rows
    for sub in region.children.order_by("code"):
        width = len(sub.code)
        mask = np.array([k[:width] == sub.code for k in keys], dtype=bool)
        count = sum(n for k, n in registered.items() if k[:width] == sub.code)
        rows.append(AreaRow(sub.name, f"region={sub.code}", sub.code, count, _prevalence(z[mask])))
    return rows


def _month_starts(today: date) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(TREND_MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _trend(measurements: QuerySet[Measurement], today: date) -> list[tuple[date, Prevalence]]:
    """Monthly prevalence over the last twelve months, grouped in SQL by a plain CASE on the date
    (SQLite's date-truncation functions run in Python and are slow)."""
    starts = _month_starts(today)
    ends = [*starts[1:], today + timedelta(days=1)]
    month = Case(
        *[
            When(measured_on__gte=start, measured_on__lt=end, then=Value(index))
            for index, (start, end) in enumerate(zip(starts, ends, strict=True))
        ],
        output_field=IntegerField(),
    )
    monthly = (
        measurements.filter(measured_on__gte=starts[0], measured_on__lte=today)
        .annotate(month=month)
        .values("month")
        .annotate(
            n=Count("pk", filter=Q(zlen__isnull=False)),
            s=Count("pk", filter=Q(zlen__lt=CUT)),
            w=Count("pk", filter=Q(zwfl__lt=CUT)),
            u=Count("pk", filter=Q(zwei__lt=CUT)),
            o=Count("pk", filter=Q(zwfl__gt=OVERWEIGHT)),
        )
        .order_by("month")
    )
    return [
        (starts[r["month"]], Prevalence(r["n"], r["s"], r["w"], r["u"], r["o"])) for r in monthly
    ]


def dashboard_for(
    *, user: AnyUser, region: Region, today: date, posyandu: Posyandu | None = None
) -> Dashboard:
    """Coverage, prevalence, areas and trend; the caller has checked region and posyandu access."""
    where = subtree("posyandu__kelurahan__code", region.code)
    if posyandu is not None:
        where &= Q(posyandu=posyandu)
    measurements = measurement_list(user=user).filter(where)
    children = children_under_five(user=user, on=today).filter(where)
    by_posyandu = region.level == Level.KELURAHAN
    key = "posyandu_id" if by_posyandu else "posyandu__kelurahan_id"
    rows = (
        measurements.filter(measured_on__gt=today - timedelta(days=LATEST_WINDOW_DAYS))
        .order_by("child_id", "measured_on")
        .values_list("child_id", "measured_on", "zlen", "zwfl", "zwei", key, "gain")
    )
    latest: dict[int, tuple[Any, ...]] = {row[0]: row for row in rows}  # last row per child wins
    values = list(latest.values())
    z = np.array(
        [[np.nan if v is None else v for v in row[2:5]] for row in values], dtype=float
    ).reshape(-1, 3)
    registered = {
        str(row[key]): row["n"]
        for row in children.order_by().values(key).annotate(n=Count("pk"))
        if row[key] is not None
    }
    month_start = today.replace(day=1)
    return Dashboard(
        region=region,
        posyandu=posyandu,
        registered=children.count(),
        measured_this_month=sum(1 for row in values if row[1] >= month_start),
        rose_this_month=sum(1 for row in values if row[1] >= month_start and row[6] == Gain.NAIK),
        overall=_prevalence(z),
        areas=[]
        if posyandu is not None
        else _areas(
            user=user,
            region=region,
            keys=[str(row[5]) for row in values],
            z=z,
            registered=registered,
        ),
        trend=_trend(measurements, today),
    )
