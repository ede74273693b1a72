"""Writes of the facts tables: refresh what a write marked stale, or rebuild from scratch.

Reads call ``facts_flush()`` first, so a page never shows figures older than the last write; the
job worker flushes too, so that usually nothing is left for a page to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import islice

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tumbuh.facts.compute import (
    COUNTS,
    MeasurementArrays,
    RegisteredArrays,
    area_months,
    month_starts,
)
from tumbuh.facts.models import AreaMonth, ChildStatus, Coverage, CoverageDay, FactsState, Stale
from tumbuh.imports.bulk_sql import insert_rows
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person

#: Ids per ``IN (...)`` list: far below SQLite's limit on SQL variables.
CHUNK = 5000
#: The trend reaches back this many months before the current one, at least.
MONTHS_BACK = 24

_STATUS_FIELDS = (
    "child",
    "posyandu",
    "kelurahan_code",
    "family_kelurahan_code",
    "birth_date",
    "sex",
    "measurement",
    "measured_on",
    "measured_at",
    "age_days",
    "zlen",
    "zwei",
    "zwfl",
    "zbmi",
    "flags",
    "gain",
    "previous_measured_on",
    "previous_zlen",
    "previous_zwfl",
    "previous_gain",
)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def stale_mark(*, children: Iterable[int] = (), posyandu: Iterable[int] = ()) -> None:
    """Mark children and posyandu whose facts a write changed (cheap; idempotent)."""
    marks = [Stale(kind=Stale.Kind.CHILD, key=pk) for pk in set(children) if pk]
    marks += [Stale(kind=Stale.Kind.POSYANDU, key=pk) for pk in set(posyandu) if pk]
    if marks:
        Stale.objects.bulk_create(marks, ignore_conflicts=True)


# -- child status -------------------------------------------------------------------------


def _status_rows(people: QuerySet[Person]) -> list[tuple[object, ...]]:
    """ChildStatus rows of these people (merged records have none)."""
    persons = list(
        people.filter(merged_into__isnull=True).values_list(
            "pk",
            "posyandu_id",
            "posyandu__kelurahan_id",
            "family__kelurahan_id",
            "birth_date",
            "sex",
        )
    )
    if not persons:
        return []
    latest: dict[int, list[tuple[object, ...]]] = {}
    for chunk in _chunks(p[0] for p in persons):
        rows = (
            Measurement.objects.filter(child_id__in=chunk)
            .order_by("child_id", "-measured_on")
            .values_list(
                "child_id",
                "pk",
                "measured_on",
                "posyandu_id",
                "age_days",
                "zlen",
                "zwei",
                "zwfl",
                "zbmi",
                "flags",
                "gain",
            )
        )
        for row in rows:
            pair = latest.setdefault(row[0], [])
            if len(pair) < 2:
                pair.append(row)
    result = []
    for pk, posyandu, kelurahan, family_kelurahan, birth, sex in persons:
        pair = latest.get(pk, [])
        last = pair[0] if pair else (None,) * 11
        before = pair[1] if len(pair) > 1 else (None,) * 11
        result.append(
            (
                pk,
                posyandu,
                kelurahan or family_kelurahan or "",
                family_kelurahan or "",
                birth,
                sex,
                *last[1:9],
                last[9] or "",
                last[10] or "",
                before[2],
                before[5],
                before[7],
                before[10] or "",
            )
        )
    return result


def child_status_refresh(people: QuerySet[Person]) -> int:
    """Recompute the status of these people; returns how many rows were written."""
    rows = _status_rows(people)
    ids = [row[0] for row in rows]
    with transaction.atomic():
        for chunk in _chunks(people.values_list("pk", flat=True)):
            ChildStatus.objects.filter(child_id__in=chunk).delete()
        insert_rows(ChildStatus, _STATUS_FIELDS, rows)
    return len(ids)


# -- monthly figures ----------------------------------------------------------------------


def _measurement_arrays(measurements: QuerySet[Measurement]) -> MeasurementArrays:
    rows = list(
        measurements.order_by().values_list(
            "child_id", "measured_on", "posyandu_id", "zlen", "zwei", "zwfl", "gain"
        )
    )
    n = len(rows)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        nan = np.zeros(0, dtype=np.float64)
        return MeasurementArrays(empty, empty, empty, nan, nan, nan, np.zeros(0, dtype="<U1"))
    child, day, place, zlen, zwei, zwfl, gain = zip(*rows, strict=True)

    def floats(values: Sequence[float | None]) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    return MeasurementArrays(
        child=np.fromiter(child, np.int64, n),
        day=np.fromiter((d.toordinal() for d in day), np.int64, n),
        posyandu=np.fromiter(place, np.int64, n),
        zlen=floats(zlen),
        zwei=floats(zwei),
        zwfl=floats(zwfl),
        gain=np.array(gain, dtype="<U1"),
    )


def _registered_arrays(people: QuerySet[Person]) -> RegisteredArrays:
    rows = list(people.order_by().values_list("posyandu_id", "birth_date"))
    n = len(rows)
    return RegisteredArrays(
        posyandu=np.fromiter((p for p, _b in rows), np.int64, n),
        birth_day=np.fromiter((b.toordinal() for _p, b in rows), np.int64, n),
    )


def _starts(today: date, earliest: date | None) -> list[date]:
    first = today.replace(day=1)
    for _ in range(MONTHS_BACK):
        first = (first - timedelta(days=1)).replace(day=1)
    if earliest is not None and earliest < first:
        first = earliest.replace(day=1)
    return month_starts(first, today)


def _area_rows(
    place_ids: list[int],
    measurements: QuerySet[Measurement],
    people: QuerySet[Person],
    today: date,
) -> list[tuple[object, ...]]:
    arrays = _measurement_arrays(measurements)
    earliest = date.fromordinal(int(arrays.day.min())) if arrays.day.size else None
    starts = _starts(today, earliest)
    counts = area_months(
        arrays,
        _registered_arrays(people.filter(posyandu_id__isnull=False, merged_into__isnull=True)),
        posyandu=place_ids,
        starts=starts,
        today=today,
    )
    codes = dict(Posyandu.objects.filter(pk__in=place_ids).values_list("pk", "kelurahan_id"))
    stacked = np.stack([counts[name] for name in COUNTS], axis=-1)  # place, month, count
    rows = []
    for i, place in enumerate(place_ids):
        for j, start in enumerate(starts):
            values = stacked[i, j]
            if values.any():
                rows.append((place, codes.get(place, ""), start, *values.tolist()))
    return rows


def area_months_refresh(place_ids: Sequence[int], *, today: date | None = None) -> int:
    """Recompute the monthly figures of these posyandu; returns how many rows were written."""
    today = today or timezone.localdate()
    rows: list[tuple[object, ...]] = []
    for chunk in _chunks(place_ids):
        involved = Measurement.objects.filter(posyandu_id__in=chunk).values("child_id")
        registered = Person.objects.filter(posyandu_id__in=chunk)
        measurements = Measurement.objects.filter(
            Q(child_id__in=involved) | Q(child__posyandu_id__in=chunk)
        )
        rows += _area_rows(chunk, measurements, registered, today)
    with transaction.atomic():
        for chunk in _chunks(place_ids):
            AreaMonth.objects.filter(posyandu_id__in=chunk).delete()
        insert_rows(AreaMonth, ("posyandu", "kelurahan_code", "month", *COUNTS), rows)
    return len(rows)


# -- flush and rebuild --------------------------------------------------------------------


def facts_flush(*, today: date | None = None) -> int:
    """Refresh everything marked stale (and rebuild when a new month began since the last
    build); returns how many children and posyandu were refreshed."""
    today = today or timezone.localdate()
    state = FactsState.objects.first()
    if state is None or state.built_through is None or state.built_through < today.replace(day=1):
        facts_rebuild(today=today)
        return -1
    marks = list(Stale.objects.values_list("pk", "kind", "key"))
    if not marks:
        return 0
    children = [key for _pk, kind, key in marks if kind == Stale.Kind.CHILD]
    places = {key for _pk, kind, key in marks if kind == Stale.Kind.POSYANDU}
    with transaction.atomic():
        if children:
            for chunk in _chunks(children):
                child_status_refresh(Person.objects.filter(pk__in=chunk))
        if places:
            area_months_refresh(sorted(places), today=today)
        for chunk in _chunks(pk for pk, _kind, _key in marks):
            Stale.objects.filter(pk__in=chunk).delete()
    return len(children) + len(places)


def facts_rebuild(*, today: date | None = None) -> tuple[int, int]:
    """Recompute both tables from scratch; returns (children, posyandu-months) written."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Stale.objects.all().delete()
        ChildStatus.objects.all().delete()
        AreaMonth.objects.all().delete()
        Coverage.objects.all().delete()  # scorecard figures: computed again when next read
        CoverageDay.objects.all().delete()
        children = child_status_refresh(Person.objects.all())
        place_ids = list(Posyandu.objects.order_by("pk").values_list("pk", flat=True))
        rows = _area_rows(place_ids, Measurement.objects.all(), Person.objects.all(), today)
        insert_rows(AreaMonth, ("posyandu", "kelurahan_code", "month", *COUNTS), rows)
        FactsState.objects.all().delete()
        FactsState.objects.create(built_through=today.replace(day=1), built_at=timezone.now())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {ChildStatus._meta.db_table}; ANALYZE {AreaMonth._meta.db_table}"
            )
    return children, len(rows)


def stale_mark_children(ids: Sequence[int]) -> None:
    """Mark these children stale, with every posyandu they are registered or measured at
    (after a bulk change of their measurements: a merge, its undo)."""
    Coverage.objects.all().delete()  # scorecard figures: computed again when next read
    CoverageDay.objects.all().delete()
    places = set(Measurement.objects.filter(child_id__in=ids).values_list("posyandu_id", flat=True))
    places |= set(Person.objects.filter(pk__in=ids).values_list("posyandu_id", flat=True))
    stale_mark(children=ids, posyandu=[p for p in places if p])
