"""Dashboard figures for a region, from the latest measurement per child (scope applied)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import (
    Case,
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.accounts.selectors import posyandu_list
from tumbuh.dashboard.statistics import AreaStatistics, LatestRow, area_statistics
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Level, Posyandu, Region
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
    *,
    user: AnyUser,
    region: Region,
    keys: list[str],
    z: np.ndarray,
    registered: dict[str, int],
    statistics: dict[str, AreaStatistics],
) -> list[AreaRow]:
    """Rows by sub-region (codes are hierarchical, so a prefix names the sub-region), or by
    posyandu inside a kelurahan. ``keys`` are kelurahan codes, or posyandu ids as text."""
    key_array = np.array(keys, dtype=object)
    rows = []
    if region.level == Level.KELURAHAN:
        for item in posyandu_list(user=user).filter(kelurahan=region):
            mask = key_array == str(item.pk)
            count = registered.get(str(item.pk), 0)
            rows.append(
                AreaRow(
                    item.name,
                    f"posyandu={item.pk}",
                    "",
                    count,
                    _prevalence(z[mask]),
                    statistics.get(str(item.pk)),
                )
            )
        return rows
    for sub in region.children.order_by("code"):
        width = len(sub.code)
        mask = np.array([k[:width] == sub.code for k in keys], dtype=bool)
        count = sum(n for k, n in registered.items() if k[:width] == sub.code)
        rows.append(
            AreaRow(
                sub.name,
                f"region={sub.code}",
                sub.code,
                count,
                _prevalence(z[mask]),
                statistics.get(sub.code),
            )
        )
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
    # The newest measurement of each child: one index seek per child on (child, measured_on),
    # much cheaper than numbering every measurement of the year with a window function
    recent = measurements.filter(measured_on__gt=today - timedelta(days=LATEST_WINDOW_DAYS))
    places = Posyandu.objects.filter(subtree("kelurahan__code", region.code))
    if posyandu is not None:
        places = places.filter(pk=posyandu.pk)
    newest = (
        Measurement.objects.filter(
            child_id=OuterRef("child_id"),
            measured_on__gt=today - timedelta(days=LATEST_WINDOW_DAYS),
            posyandu_id__in=places.values("pk"),
        )
        .order_by("-measured_on")
        .values("pk")[:1]
    )
    latest_pks = (
        recent.order_by().values("child_id").distinct().annotate(newest=Subquery(newest))
    ).values("newest")
    rows = (
        Measurement.objects.filter(pk__in=latest_pks)
        .annotate(
            weight=Cast("weight_kg", FloatField()),
            length=Cast("lenhei_cm", FloatField()),
        )
        .values_list(
            "child_id",
            "measured_on",
            "zlen",
            "zwfl",
            "zwei",
            "posyandu_id",
            "gain",
            "child__sex",
            "age_days",
            "weight",
            "length",
            "position",
            "oedema",
            "zbmi",
            "flags",
            "posyandu__kelurahan_id",
        )
    )
    latest: dict[int, tuple[Any, ...]] = {row[0]: row for row in rows}  # one row per child
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
    sub_width = _sub_width(region)
    latest_rows = [
        LatestRow(
            area=_area_key(row, by_posyandu=by_posyandu, width=sub_width),
            sex=row[7],
            age_days=row[8],
            weight=None if row[9] is None else float(row[9]),
            lenhei=None if row[10] is None else float(row[10]),
            position=row[11],
            oedema=row[12],
            z=(row[2], row[4], row[3], row[13]),
            flags=row[14],
        )
        for row in values
    ]
    if posyandu is not None:
        latest_rows = [replace(r, area="") for r in latest_rows]
    statistics = area_statistics(latest_rows)
    by_kelurahan = (
        _stunting_by_kelurahan(values) if region.level in {Level.KABKOTA, Level.KECAMATAN} else {}
    )
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
            keys=[_area_key(row, by_posyandu=by_posyandu, width=13) for row in values],
            z=z,
            registered=registered,
            statistics=statistics,
        ),
        trend=_trend(measurements, today),
        statistics=statistics.get(""),
        by_kelurahan=by_kelurahan,
    )


def _area_key(row: tuple[Any, ...], *, by_posyandu: bool, width: int) -> str:
    """A latest-measurement row's area: its posyandu id, or its kelurahan code cut to
    ``width`` (the code of the sub-region it lies in)."""
    return str(row[5]) if by_posyandu else str(row[15])[:width]


def _sub_width(region: Region) -> int:
    """Length of the codes one level below ``region`` (12.34 -> 12.34.56 -> 12.34.56.1234)."""
    return {Level.KABKOTA: 8, Level.KECAMATAN: 13}.get(Level(region.level), 13)


def _stunting_by_kelurahan(values: list[tuple[Any, ...]]) -> dict[str, float | None]:
    """Stunting % per kelurahan code (for the map), from the latest measurement per child."""
    counts: dict[str, list[int]] = {}
    for row in values:
        if row[2] is None:
            continue
        entry = counts.setdefault(str(row[15]), [0, 0])
        entry[0] += 1
        entry[1] += row[2] < CUT
    return {code: round(100.0 * s / n, 1) for code, (n, s) in counts.items()}
