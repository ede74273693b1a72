"""Work lists for kader and puskesmas: who is due, who did not gain twice, who to refer, whose
last measurement is flagged.

Each list is a condition on the children's current status (``ChildStatus``: latest and previous
measurement), so that counting, searching and paging happen in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from tumbuh.accounts.lists import ListFilters
from tumbuh.accounts.scope import AnyUser, scope_key
from tumbuh.facts.cache import kept
from tumbuh.facts.models import ChildStatus
from tumbuh.facts.statuses import child_status_list
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.growth.kbm import GainStatus
from tumbuh.registry.models import Family
from tumbuh.registry.rules import earliest_birth_under_five

#: The latest measurement (and for 2T and referral the one before it) counts when this recent.
LOOKBACK_DAYS = 120
#: The lists of children, in the order the page shows them.
CHILD_LISTS = ("two_t", "refer", "flagged", "due")


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


def rules_on(today: date) -> dict[str, Q]:
    """Each list's condition on a child's status, as of ``today``."""
    since = today - timedelta(days=LOOKBACK_DAYS)
    recent = Q(measured_on__gte=since, measured_on__lte=today)
    registered_under_five = Q(
        posyandu__isnull=False,
        birth_date__gte=earliest_birth_under_five(today),
        birth_date__lte=today,
    )
    not_this_month = Q(measured_on__isnull=True) | Q(measured_on__lt=today.replace(day=1))
    return {
        "two_t": recent & two_t(since=since),
        "refer": recent
        & (
            newly_below("zlen", STUNTED_BELOW, since=since)
            | newly_below("zwfl", WASTED_BELOW, since=since)
        ),
        "flagged": recent & ~Q(flags=""),
        "due": registered_under_five & not_this_month,
    }


@dataclass(frozen=True)
class WorkLists:
    """The lists of the children in ``statuses`` (in scope, searched and filtered)."""

    statuses: QuerySet[ChildStatus]
    rules: dict[str, Q]

    def of(self, name: str) -> QuerySet[ChildStatus]:
        """The list called ``name`` (one of ``CHILD_LISTS``), by posyandu, then by name.

        The due list holds most children: SQLite walks the posyandu index and stops at the
        page. The other lists are a small part: ordering by an expression makes it filter
        first and sort what is left, instead of walking that index over every child."""
        posyandu = F("posyandu_id") if name == "due" else Coalesce("posyandu_id", 0)
        return self.statuses.filter(self.rules[name]).order_by(posyandu, "child__name", "child_id")

    def counts(self) -> dict[str, int]:
        """How many children each list holds (one pass over the statuses)."""
        wanted = {name: Count("pk", filter=rule) for name, rule in self.rules.items()}
        return {name: int(n or 0) for name, n in self.statuses.aggregate(**wanted).items()}

    @property
    def due(self) -> QuerySet[ChildStatus]:
        return self.of("due")

    @property
    def two_t(self) -> QuerySet[ChildStatus]:
        return self.of("two_t")

    @property
    def refer(self) -> QuerySet[ChildStatus]:
        return self.of("refer")

    @property
    def flagged(self) -> QuerySet[ChildStatus]:
        return self.of("flagged")


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
    return WorkLists(statuses=statuses, rules=rules_on(today))


def worklist_counts(
    *,
    user: AnyUser,
    today: date,
    filters: ListFilters,
    lists: WorkLists,
    families: QuerySet[Family],
) -> dict[str, int]:
    """Each list's count and the count of ``families`` (the TPK's list), kept until the data
    change (``tumbuh.facts.cache``); a search by name is always counted afresh."""

    def count() -> dict[str, int]:
        return {**lists.counts(), "families": families.count()}

    if filters.q:
        return count()
    return kept("worklist-counts", (scope_key(user), today, filters.query()), count)


def statuses_shown(pks: Sequence[int]) -> list[ChildStatus]:
    """The statuses of one page (ids from a list, in its order) with each row's child, family,
    posyandu and kelurahan."""
    found = ChildStatus.objects.select_related(
        "child__family__kelurahan", "posyandu__kelurahan"
    ).in_bulk(list(pks))
    return [found[pk] for pk in pks if pk in found]
