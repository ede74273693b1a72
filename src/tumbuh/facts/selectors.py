"""Reads of the facts tables, always current: stale marks are refreshed first."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import QuerySet, Sum

from tumbuh.accounts.scope import AnyUser, posyandu_filter, subtree
from tumbuh.facts.compute import COUNTS
from tumbuh.facts.models import AreaGrade, AreaMonth, ChildStatus, GradeStale
from tumbuh.facts.services import facts_flush
from tumbuh.regions.models import Posyandu


def area_months(*, user: AnyUser, months: list[date]) -> QuerySet[AreaMonth]:
    """The monthly rows of the posyandu the user may see, for these months (refreshed first)."""
    facts_flush()
    visible = Posyandu.objects.filter(posyandu_filter(user)).values("pk")
    return AreaMonth.objects.filter(month__in=months, posyandu_id__in=visible)


def in_region(rows: QuerySet[AreaMonth], code: str) -> QuerySet[AreaMonth]:
    """Rows of posyandu in the region ``code`` (a kelurahan code or a prefix of one)."""
    return rows.filter(subtree("kelurahan_code", code))


def totals(rows: QuerySet[AreaMonth], *by: str) -> list[dict[str, object]]:
    """Sums of every count, grouped by ``by`` (e.g. "month", "kelurahan_code", "posyandu")."""
    return list(rows.order_by().values(*by).annotate(**{name: Sum(name) for name in COUNTS}))


def child_statuses() -> QuerySet[ChildStatus]:
    """Every child's status (refreshed first); the caller applies the user's scope."""
    facts_flush()
    return ChildStatus.objects.all()


def area_grades(areas: Collection[str], month: date) -> dict[str, AreaGrade]:
    """The stored grades of these areas (region codes, ``p<posyandu id>``) in a month; the
    caller decides which areas the user may see whole."""
    return {g.area: g for g in AreaGrade.objects.filter(area__in=list(areas), month=month)}


def grades_waiting(code: str) -> bool:
    """Whether a write in the kab/kota of region ``code`` waits for the grades job."""
    return GradeStale.objects.filter(kabkota=code[:5]).exists()


def graded(month: date) -> bool:
    """Whether grades are kept for this month (the last ``GRADE_MONTHS``)."""
    return AreaGrade.objects.filter(month=month).exists()
