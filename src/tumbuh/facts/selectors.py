"""Reads of the facts tables, always current: stale marks are refreshed first."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet, Sum

from tumbuh.accounts.scope import AnyUser, posyandu_filter
from tumbuh.facts.compute import COUNTS
from tumbuh.facts.models import AreaMonth, ChildStatus
from tumbuh.facts.services import facts_flush


def area_months(*, user: AnyUser, months: list[date]) -> QuerySet[AreaMonth]:
    """The monthly rows of the posyandu the user may see, for these months (refreshed first)."""
    facts_flush()
    from tumbuh.regions.models import Posyandu

    visible = Posyandu.objects.filter(posyandu_filter(user)).values("pk")
    return AreaMonth.objects.filter(month__in=months, posyandu_id__in=visible)


def in_region(rows: QuerySet[AreaMonth], code: str) -> QuerySet[AreaMonth]:
    """Rows of posyandu in the region ``code`` (a kelurahan code or a prefix of one)."""
    return rows.filter(Q(kelurahan_code=code) | Q(kelurahan_code__startswith=code + "."))


def totals(rows: QuerySet[AreaMonth], *by: str) -> list[dict[str, object]]:
    """Sums of every count, grouped by ``by`` (e.g. "month", "kelurahan_code", "posyandu")."""
    return list(rows.order_by().values(*by).annotate(**{name: Sum(name) for name in COUNTS}))


def child_statuses() -> QuerySet[ChildStatus]:
    """Every child's status (refreshed first); the caller applies the user's scope."""
    facts_flush()
    return ChildStatus.objects.all()
