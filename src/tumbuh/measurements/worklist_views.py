"""The work-list page: a card per list with its true count, the chosen list paged below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.lists import PER_PAGE, ListFilters, list_filters
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.services import audit_record
from tumbuh.facts.models import ChildStatus
from tumbuh.measurements.labels import flag_labels
from tumbuh.measurements.worklists import statuses_shown, worklist_counts, worklists_for
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person
from tumbuh.registry.selectors import families_at_risk

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One line of a work list: a child (with its current status) or a family."""

    status: ChildStatus | None = None
    family: Family | None = None

    @property
    def child(self) -> Person | None:
        return self.status.child if self.status is not None else None

    @property
    def posyandu(self) -> Posyandu | None:
        return self.status.posyandu if self.status is not None else None

    @property
    def kelurahan(self) -> Region | None:
        if self.family is not None:
            return self.family.kelurahan
        if self.status is None:
            return None
        if self.status.posyandu is not None:
            return self.status.posyandu.kelurahan
        family = self.status.child.family
        return family.kelurahan if family is not None else None

    @property
    def flags(self) -> str:
        return flag_labels(self.status.flags) if self.status is not None else ""


#: The lists, in the order the page shows them, with their headings.
LISTS = {
    "two_t": _("Weight not rising twice (2T): re-weigh and refer"),
    "refer": _("Newly stunted or wasted: refer to the puskesmas"),
    "flagged": _("Last measurement flagged: measure again"),
    "due": _("Due this month, not yet measured"),
    "families": _("Families of children under two with a risk at home (for the TPK)"),
}


def _families(user: AnyUser, today: date, filters: ListFilters) -> QuerySet[Family]:
    families = families_at_risk(user=user, on=today)
    if filters.kelurahan is not None:
        families = families.filter(kelurahan=filters.kelurahan)
    if filters.posyandu is not None:
        families = families.filter(members__posyandu=filters.posyandu).distinct()
    if filters.q:
        families = families.filter(head_name__icontains=filters.q)
    return families


def _page(request: HttpRequest, items: QuerySet[Any, T], count: int) -> Page[T]:
    """The requested page of ``items``, whose true count the cards already know."""
    paginator = Paginator(items, PER_PAGE)
    paginator.count = count
    return paginator.get_page(request.GET.get("page"))


@permission_required(Permission.VIEW_WORKLISTS)
def worklists(request: HttpRequest) -> HttpResponse:
    """The work lists: one card per list with its true count, the chosen list paged below."""
    filters = list_filters(request, user=request.user)
    today = timezone.localdate()
    lists = worklists_for(user=request.user, today=today, filters=filters)
    families = _families(request.user, today, filters)
    counts = worklist_counts(
        user=request.user, today=today, filters=filters, lists=lists, families=families
    )
    chosen = request.GET.get("list", "")
    if chosen not in LISTS:
        chosen = next((name for name in LISTS if counts[name]), "two_t")
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="worklists")
    page: Page[Family] | Page[int]
    if chosen == "families":
        family_page = page = _page(request, families, counts[chosen])
        rows = [Row(family=family) for family in family_page]
    else:
        ids = lists.of(chosen).values_list("pk", flat=True)
        id_page = page = _page(request, ids, counts[chosen])
        rows = [Row(status=status) for status in statuses_shown(list(id_page))]
    context = {
        "cards": [(name, label, counts[name]) for name, label in LISTS.items()],
        "chosen": chosen,
        "heading": LISTS[chosen],
        "page": page,
        "rows": rows,
        "filters": filters,
        "keep": [("list", chosen)],
        "query": filters.query(list=chosen),
        "card_query": filters.query(),
    }
    return render(request, "measurements/worklists.html", context)
