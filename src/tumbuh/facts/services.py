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
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tumbuh.accounts.scope import subtree
from tumbuh.facts.compute import COUNTS, RegisteredArrays, area_months, month_starts
from tumbuh.facts.grade_services import grades_mark, grades_rebuild
from tumbuh.facts.models import AreaMonth, ChildStatus, Coverage, CoverageDay, FactsState, Stale
from tumbuh.facts.table import MeasurementTable, latest_two, measurement_table
from tumbuh.imports.bulk_sql import insert_rows
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person
from tumbuh.registry.rules import years_before

#: Ids per ``IN (...)`` list: far below SQLite's limit on SQL variables.
CHUNK = 5000
#: Children keep a status until they are this old (years).
STATUS_YEARS = 6
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


def _persons(people: QuerySet[Person]) -> list[tuple[object, ...]]:
    """The children among these people: born less than ``STATUS_YEARS`` years ago (readers
    take the under-fives of their day; a year's margin keeps a child who turned five for a
    list of a past day); merged records have no status."""
    oldest = years_before(timezone.localdate(), STATUS_YEARS)
    return list(
        people.filter(merged_into__isnull=True, birth_date__gt=oldest).values_list(
            "pk",
            "posyandu_id",
            "posyandu__kelurahan_id",
            "family__kelurahan_id",
            "birth_date",
            "sex",
        )
    )


def _column(array: np.ndarray, rows: np.ndarray) -> list[object]:
    """The cells of ``rows`` as the database takes them (None where there is no row or no
    value)."""
    if array.size == 0:
        return [None] * rows.size
    values = array[np.maximum(rows, 0)]
    missing = rows < 0
    if values.dtype.kind == "f":
        missing |= np.isnan(values)
    pairs = zip(values.tolist(), missing.tolist(), strict=True)
    return [None if gone else value for value, gone in pairs]


def _days(array: np.ndarray, rows: np.ndarray) -> list[date | None]:
    return [None if d is None else date.fromordinal(d) for d in _column(array, rows)]  # type: ignore[arg-type]


def _status_rows(people: QuerySet[Person], table: MeasurementTable) -> list[tuple[object, ...]]:
    """ChildStatus rows of the children among ``people``, whose measurements ``table`` holds."""
    persons = _persons(people)
    if not persons:
        return []
    ids = np.array([p[0] for p in persons], dtype=np.int64)
    if table.size:
        last, before = latest_two(table, ids)
    else:
        last = before = np.full(ids.size, -1, dtype=np.int64)
    registered = [
        (pk, posyandu, kelurahan or family_kelurahan or "", family_kelurahan or "", birth, sex)
        for pk, posyandu, kelurahan, family_kelurahan, birth, sex in persons
    ]
    columns = [
        _column(table.pk, last),
        _days(table.day, last),
        _column(table.posyandu, last),
        _column(table.age_days, last),
        _column(table.zlen, last),
        _column(table.zwei, last),
        _column(table.zwfl, last),
        _column(table.zbmi, last),
        [v or "" for v in _column(table.flags, last)],
        [v or "" for v in _column(table.gain, last)],
        _days(table.day, before),
        _column(table.zlen, before),
        _column(table.zwfl, before),
        [v or "" for v in _column(table.gain, before)],
    ]
    return [head + tail for head, tail in zip(registered, zip(*columns, strict=True), strict=True)]


def child_status_refresh(people: QuerySet[Person]) -> int:
    """Recompute the status of these people (a few thousand at most: their ids are listed);
    returns how many rows were written."""
    ids = list(people.values_list("pk", flat=True))
    rows: list[tuple[object, ...]] = []
    for chunk in _chunks(ids):
        table = measurement_table(Measurement.objects.filter(child_id__in=chunk))
        rows += _status_rows(Person.objects.filter(pk__in=chunk), table)
    with transaction.atomic():
        for chunk in _chunks(ids):
            ChildStatus.objects.filter(child_id__in=chunk).delete()
        insert_rows(ChildStatus, _STATUS_FIELDS, rows)
    return len(rows)


# -- monthly figures ----------------------------------------------------------------------


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
    table: MeasurementTable,
    people: QuerySet[Person],
    today: date,
) -> list[tuple[object, ...]]:
    earliest = date.fromordinal(int(table.day.min())) if table.size else None
    starts = _starts(today, earliest)
    counts = area_months(
        table.arrays(),
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
        table = measurement_table(
            Measurement.objects.filter(Q(child_id__in=involved) | Q(child__posyandu_id__in=chunk))
        )
        rows += _area_rows(chunk, table, registered, today)
    with transaction.atomic():
        for chunk in _chunks(place_ids):
            AreaMonth.objects.filter(posyandu_id__in=chunk).delete()
        insert_rows(AreaMonth, ("posyandu", "kelurahan_code", "month", *COUNTS), rows)
    return len(rows)


# -- flush and rebuild --------------------------------------------------------------------


def facts_changed() -> None:
    """Record that the facts changed now (what was derived from them before is outdated)."""
    FactsState.objects.update(changed_at=timezone.now())


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
        facts_changed()
    if places and grades_mark(places):
        from tumbuh.facts.jobs import grades_task

        grades_task.enqueue()
    return len(children) + len(places)


def facts_rebuild(*, today: date | None = None, region: str | None = None) -> tuple[int, int]:
    """Recompute both tables from scratch, everywhere or for the region with code ``region``
    (the people registered or living there, its posyandu); returns (children, posyandu-months)
    written. A rebuild everywhere also records the month it was built through and rebuilds the
    quality grades; a region's grades are refreshed by the grades job (their lag is shown)."""
    today = today or timezone.localdate()
    if region is None:
        grades_rebuild(today=today)  # its reading outside the transaction below: less locking
    people = Person.objects.all()
    places = Posyandu.objects.all()
    measurements = Measurement.objects.all()
    statuses, months = ChildStatus.objects.all(), AreaMonth.objects.all()
    coverage, coverage_days = Coverage.objects.all(), CoverageDay.objects.all()
    if region is not None:
        people = people.filter(
            subtree("posyandu__kelurahan__code", region)
            | subtree("family__kelurahan__code", region)
        )
        places = places.filter(subtree("kelurahan__code", region))
        # the children registered or living there, or measured at one of its posyandu: a
        # probe of each child's measurements (by the child's index), then one semi-join; an
        # ``IN (measurements there) OR ...`` had PostgreSQL rescan the measurements per row
        # (a kabupaten's import ran for hours in this statement)
        measured_there = Measurement.objects.filter(child=OuterRef("pk"), posyandu__in=places)
        involved = Person.objects.filter(
            subtree("posyandu__kelurahan__code", region)
            | subtree("family__kelurahan__code", region)
            | Q(Exists(measured_there))
        )
        measurements = measurements.filter(child__in=involved.values("pk"))
        statuses = statuses.filter(
            subtree("kelurahan_code", region) | subtree("family_kelurahan_code", region)
        )
        months = months.filter(subtree("kelurahan_code", region))
        coverage = coverage.filter(subtree("kelurahan_code", region))
        coverage_days = coverage_days.filter(subtree("kelurahan_code", region))
    with transaction.atomic():
        if region is None:
            Stale.objects.all().delete()
        statuses.delete()
        months.delete()
        coverage.delete()  # scorecard figures: computed again when next read
        coverage_days.delete()
        table = measurement_table(measurements)
        status_rows = _status_rows(people, table)
        insert_rows(ChildStatus, _STATUS_FIELDS, status_rows)
        place_ids = list(places.order_by("pk").values_list("pk", flat=True))
        rows = _area_rows(place_ids, table, people, today)
        insert_rows(AreaMonth, ("posyandu", "kelurahan_code", "month", *COUNTS), rows)
        if region is None:
            FactsState.objects.all().delete()
            now = timezone.now()
            FactsState.objects.create(
                built_through=today.replace(day=1), built_at=now, changed_at=now
            )
        else:
            facts_changed()
    if region is not None and place_ids and grades_mark(place_ids):
        from tumbuh.facts.jobs import grades_task

        grades_task.enqueue()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {ChildStatus._meta.db_table}; ANALYZE {AreaMonth._meta.db_table}"
            )
    return len(status_rows), len(rows)


def stale_mark_children(ids: Sequence[int]) -> None:
    """Mark these children stale, with every posyandu they are registered or measured at
    (after a bulk change of their measurements: a merge, its undo)."""
    Coverage.objects.all().delete()  # scorecard figures: computed again when next read
    CoverageDay.objects.all().delete()
    places = set(Measurement.objects.filter(child_id__in=ids).values_list("posyandu_id", flat=True))
    places |= set(Person.objects.filter(pk__in=ids).values_list("posyandu_id", flat=True))
    stale_mark(children=ids, posyandu=[p for p in places if p])
