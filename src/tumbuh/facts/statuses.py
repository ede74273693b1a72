"""Each child's current status, limited to the user's scope (work lists, village page)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.scope import AnyUser, posyandu_filter, profile_of, region_filter
from tumbuh.facts.models import ChildStatus
from tumbuh.facts.selectors import child_statuses
from tumbuh.regions.models import Posyandu


def status_filter(user: AnyUser) -> Q:
    """``person_filter``'s rule on the status's own columns: facility roles see the children
    registered at their posyandu, region roles the children whose family lives in their region."""
    if profile_of(user).role in {Role.PUSKESMAS, Role.KADER}:
        return Q(posyandu__in=Posyandu.objects.filter(posyandu_filter(user)).values("pk"))
    return region_filter(user, "family_kelurahan_code")


def child_status_list(*, user: AnyUser) -> QuerySet[ChildStatus]:
    """The status of every child the user may see (refreshed first)."""
    return child_statuses().filter(status_filter(user))
