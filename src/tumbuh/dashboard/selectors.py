"""Dashboard figures for a region, from the latest measurement per child (scope applied)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Region
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


@dataclass
class Dashboard:
    region: Region
    registered: int
    measured_this_month: int
    overall: Prevalence
    by_subregion: list[tuple[Region, int, Prevalence]] = field(default_factory=list)
    trend: list[tuple[date, Prevalence]] = field(default_factory=list)


def _prevalence(zlen: np.ndarray, zwfl: np.ndarray, zwei: np.ndarray) -> Prevalence:
    with np.errstate(invalid="ignore"):
        return Prevalence(
            measured=int(zlen.size),
            stunted=int(np.sum(zlen < CUT)),
            wasted=int(np.sum(zwfl < CUT)),
            underweight=int(np.sum(zwei < CUT)),
            overweight=int(np.sum(zwfl > OVERWEIGHT)),
        )


def dashboard_for(*, user: AnyUser, region: Region, today: date) -> Dashboard:
    in_region = subtree("posyandu__kelurahan__code", region.code)
    measurements = measurement_list(user=user).filter(in_region)
    children = children_under_five(user=user, on=today).filter(in_region)
    month_start = today.replace(day=1)
    rows = list(
        measurements.filter(measured_on__gt=today - timedelta(days=LATEST_WINDOW_DAYS))
        .order_by("child_id", "measured_on")
        .values_list("child_id", "measured_on", "zlen", "zwfl", "zwei", "posyandu__kelurahan_id")
    )
    latest: dict[int, tuple[Any, ...]] = {
        row[0]: row for row in rows
    }  # the last row per child wins
    values = list(latest.values())
    z = np.array([[np.nan if v is None else v for v in row[2:5]] for row in values], dtype=float)
    z = z.reshape(-1, 3)
    codes = np.array([row[5] for row in values], dtype=object)
    board = Dashboard(
        region=region,
        registered=children.count(),
        measured_this_month=sum(1 for row in values if row[1] >= month_start),
        overall=_prevalence(z[:, 0], z[:, 1], z[:, 2]),
    )
    child_counts = {
        row["posyandu__kelurahan_id"]: row["n"]
        for row in children.order_by().values("posyandu__kelurahan_id").annotate(n=Count("pk"))
    }
    for sub in region.children.order_by("code"):
        mask = np.array([c == sub.code or c.startswith(sub.code + ".") for c in codes], dtype=bool)
        registered = sum(
            n
            for c, n in child_counts.items()
            if c and (c == sub.code or c.startswith(sub.code + "."))
        )
        board.by_subregion.append(
            (sub, registered, _prevalence(z[mask, 0], z[mask, 1], z[mask, 2]))
        )
    first_month = (month_start - timedelta(days=31 * (TREND_MONTHS - 1))).replace(day=1)
    monthly = (
        measurements.filter(measured_on__gte=first_month, measured_on__lte=today)
        .annotate(month=TruncMonth("measured_on"))
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
    board.trend = [
        (r["month"], Prevalence(r["n"], r["s"], r["w"], r["u"], r["o"])) for r in monthly
    ]
    return board
