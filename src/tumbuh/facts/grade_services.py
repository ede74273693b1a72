"""Writes of the grades table: every area's SMART grade by month, rebuilt with the facts and
recomputed by a background job for the kab/kota a write touched.

A grade needs every child's latest measurement (not counts), so it is kept out of the request
path: ``facts_flush`` marks the kab/kota of the posyandu it refreshed (``grades_mark``) and queues
``tumbuh.facts.jobs.grades_task``, which recomputes them (``grades_refresh``); a page shows when
the grade it shows was computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import connections, transaction
from django.db.models import CharField, FloatField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from tumbuh.accounts.scope import subtree
from tumbuh.facts.compute import LATEST_WITHIN_DAYS, month_end, month_starts
from tumbuh.facts.grades import GradeInputs, area_grades, posyandu_area
from tumbuh.facts.models import AreaGrade, GradeStale
from tumbuh.imports.bulk_sql import insert_rows
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person

#: Months graded: the current one and the eleven before it (the dashboard's trend).
GRADE_MONTHS = 12
#: A refresh goes round again while writes keep marking, at most this many times.
REFRESH_ROUNDS = 3
#: Marks waiting longer than this get their job queued again (it failed or was lost).
STUCK_AFTER = timedelta(minutes=15)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_FIELDS = ("area", "month", "children", "grade", "score", "reasons", "computed_at")


def grade_months(today: date) -> list[date]:
    """The first days of the months graded, oldest first."""
    first = today.replace(day=1)
    for _ in range(GRADE_MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return month_starts(first, today)


def _fetch(query: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` query as the database returns them (the ORM's per-row
    conversions cost more than the grading)."""
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _inputs(measurements: QuerySet[Measurement]) -> GradeInputs:
    rows = _fetch(
        measurements.order_by()
        .annotate(
            day=Cast("measured_on", CharField()),  # ISO text: numpy parses it all at once
            weight=Cast("weight_kg", FloatField()),
            length=Cast("lenhei_cm", FloatField()),
        )
        .values_list(
            "child_id",
            "day",
            "posyandu_id",
            "age_days",
            "weight",
            "length",
            "zwfl",
            "flags",
        )
    )
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 8

    def floats(values: Iterable[float | None]) -> np.ndarray:
        return np.array(values, dtype=np.float64).reshape(n)  # None becomes NaN

    child = np.array(columns[0], dtype=np.int64).reshape(n)
    # sex by a query of its own: joining each measurement to its child costs more
    people = np.array(
        _fetch(
            Person.objects.filter(pk__in=measurements.values("child_id")).values_list("pk", "sex")
        )
        or np.zeros((0, 2)),
        dtype=np.int64,
    ).reshape(-1, 2)
    people = people[np.argsort(people[:, 0])]
    at = np.clip(np.searchsorted(people[:, 0], child), 0, max(people.shape[0] - 1, 0))
    sex = people[at, 1] if people.shape[0] else np.zeros(n, dtype=np.int64)
    whz = floats(columns[6])
    whz[np.fromiter(("zwfl" in (f or "").split() for f in columns[7]), bool, n)] = np.nan
    days = np.array(columns[1], dtype="datetime64[D]").reshape(n).astype(np.int64)
    return GradeInputs(
        child=child,
        day=days + _EPOCH_ORDINAL,
        posyandu=np.array(columns[2], dtype=np.int64).reshape(n),
        sex=sex.astype(np.int8),
        age_days=floats(columns[3]),
        weight=floats(columns[4]),
        lenhei=floats(columns[5]),
        whz=whz,
    )


def _grade_rows(kabkota: Iterable[str] | None, today: date) -> list[tuple[object, ...]]:
    """Grade rows of every area of these kab/kota (None: everywhere)."""
    starts = grade_months(today)
    places = Posyandu.objects.all()
    if kabkota is not None:
        places = places.filter(_kabkota_filter("kelurahan__code", kabkota))
    kelurahan_of = dict(places.values_list("pk", "kelurahan_id"))
    since = month_end(starts[0]) - timedelta(days=LATEST_WITHIN_DAYS - 1)
    measurements = Measurement.objects.filter(measured_on__gte=since, measured_on__lte=today)
    if kabkota is not None:  # the children measured there, with their measurements elsewhere
        measured = measurements.filter(posyandu_id__in=places.values("pk")).values("child_id")
        measurements = measurements.filter(child_id__in=measured)
    now = timezone.now()
    return [
        (g.area, g.month, g.children, g.grade, g.score, " ".join(g.reasons), now)
        for g in area_grades(
            _inputs(measurements), kelurahan_of=kelurahan_of, starts=starts, today=today
        )
    ]


def grades_rebuild(*, today: date | None = None) -> int:
    """Recompute every grade; returns how many were written."""
    today = today or timezone.localdate()
    rows = _grade_rows(None, today)
    with transaction.atomic():
        AreaGrade.objects.all().delete()
        GradeStale.objects.all().delete()
        insert_rows(AreaGrade, _FIELDS, rows)
    return len(rows)


def _kabkota_filter(field: str, codes: Iterable[str]) -> Q:
    where = Q(pk__in=[])
    for code in codes:
        where |= subtree(field, code)
    return where


def grades_mark(place_ids: Iterable[int]) -> bool:
    """Mark the kab/kota of these posyandu for the grades job; True when the job should be
    queued: nothing was waiting, or what waits has waited longer than ``STUCK_AFTER`` (its job
    failed or was lost)."""
    codes = {
        code[:5]
        for code in Posyandu.objects.filter(pk__in=list(place_ids)).values_list(
            "kelurahan_id", flat=True
        )
    }
    if not codes:
        return False
    now = timezone.now()
    oldest = GradeStale.objects.order_by("since").values_list("since", flat=True).first()
    GradeStale.objects.bulk_create(
        [GradeStale(kabkota=code, marked_at=now, since=now) for code in sorted(codes)],
        update_conflicts=True,
        unique_fields=["kabkota"],
        update_fields=["marked_at"],
    )
    return oldest is None or oldest < now - STUCK_AFTER


def _kabkota_refresh(codes: list[str], today: date) -> int:
    rows = _grade_rows(codes, today)
    places = Posyandu.objects.filter(_kabkota_filter("kelurahan__code", codes))
    where = _kabkota_filter("area", codes)
    where |= Q(area__in=[posyandu_area(pk) for pk in places.values_list("pk", flat=True)])
    with transaction.atomic():
        AreaGrade.objects.filter(where).delete()
        insert_rows(AreaGrade, _FIELDS, rows)
    return len(rows)


def grades_refresh(*, today: date | None = None) -> int:
    """Recompute the grades of every kab/kota marked; returns how many were written."""
    today = today or timezone.localdate()
    written = 0
    for _ in range(REFRESH_ROUNDS):
        started = timezone.now()
        codes = sorted(GradeStale.objects.values_list("kabkota", flat=True))
        if not codes:
            break
        written += _kabkota_refresh(codes, today)
        GradeStale.objects.filter(kabkota__in=codes, marked_at__lte=started).delete()
    return written
