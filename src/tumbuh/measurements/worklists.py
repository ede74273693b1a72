"""Work lists for kader and puskesmas: who is due, who did not gain twice, who to refer, whose
last measurement is flagged.

Each list is a query on the children's current status (``ChildStatus``: latest and previous
measurement), so that counting, searching and paging happen in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from tumbuh.accounts.lists import ListFilters
from tumbuh.accounts.scope import AnyUser
from tumbuh.facts.models import ChildStatus
from tumbuh.facts.statuses import child_status_list
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.growth.kbm import GainStatus
from tumbuh.registry.rules import earliest_birth_under_five

#: The latest measurement (and for 2T and referral the one before it) counts when this recent.
LOOKBACK_DAYS = 120
#: The lists of children, in the order the page shows them.
CHILD_LISTS = ("two_t", "refer", "flagged", "due")
#: Rows come by posyandu, then by name.
ORDER = ("posyandu_id", "child__name", "child_id")


@dataclass(frozen=True)
class WorkLists:
    """The lists as queries on ``ChildStatus``, with each row's child, posyandu and kelurahan."""

    due: QuerySet[ChildStatus]
    two_t: QuerySet[ChildStatus]
    refer: QuerySet[ChildStatus]
    flagged: QuerySet[ChildStatus]

    def of(self, name: str) -> QuerySet[ChildStatus]:
        """The list called ``name`` (one of ``CHILD_LISTS``)."""
        chosen: QuerySet[ChildStatus] = getattr(self, name)
        return chosen


def newly_below(field: str, cut: float, *, since: date) -> Q:
    """The latest ``field`` z-score is below ``cut`` and the previous one was not (or there is
    no previous one since ``since``, or it lacks that z-score)."""
    before = f"previous_{field}"
    return Q(**{f"{field}__lt": cut}) & (
        Q(previous_measured_on__isnull=True)
        | Q(previous_measured_on__lt=since)
        | Q(**{f"{before}__isnull": True})
        | Q(**{f"{before}__gte": cut})
    )


def two_t(*, since: date) -> Q:
    """2T: weight did not rise at the latest weighing nor at the one before, both recent."""
    return Q(
        gain=GainStatus.TIDAK_NAIK,
        previous_gain=GainStatus.TIDAK_NAIK,
        previous_measured_on__gte=since,
    )


def filtered(statuses: QuerySet[ChildStatus], filters: ListFilters) -> QuerySet[ChildStatus]:
    """A name part or whole NIK, the registered posyandu, and that posyandu's kelurahan."""
    if filters.q:
        statuses = statuses.filter(Q(child__name__icontains=filters.q) | Q(child__nik=filters.q))
    if filters.posyandu is not None:
        statuses = statuses.filter(posyandu=filters.posyandu)
    if filters.kelurahan is not None:
        statuses = statuses.filter(posyandu__isnull=False, kelurahan_code=filters.kelurahan.code)
    return statuses


def worklists_for(*, user: AnyUser, today: date, filters: ListFilters | None = None) -> WorkLists:
    """The four lists of the children the user may see, as of ``today``."""
    statuses = child_status_list(user=user)
    if filters is not None:
        statuses = filtered(statuses, filters)
    statuses = statuses.select_related("child__family__kelurahan", "posyandu__kelurahan").order_by(
        *ORDER
    )
    since = today - timedelta(days=LOOKBACK_DAYS)
    recent = statuses.filter(measured_on__gte=since, measured_on__lte=today)
    registered = statuses.filter(
        posyandu__isnull=False,
        birth_date__gte=earliest_birth_under_five(today),
        birth_date__lte=today,
    )
    not_this_month = Q(measured_on__isnull=True) | Q(measured_on__lt=today.replace(day=1))
    return WorkLists(
        due=registered.filter(not_this_month),
        two_t=recent.filter(two_t(since=since)),
        refer=recent.filter(
            newly_below("zlen", STUNTED_BELOW, since=since)
            | newly_below("zwfl", WASTED_BELOW, since=since)
        ),
        flagged=recent.exclude(flags=""),
    )
