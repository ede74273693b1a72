"""Reads of the accounts app: the audit log, and the regions and posyandu a user may open."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumbuh.accounts.models import AuditEvent
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import (
    AnyUser,
    home_region_of,
    posyandu_filter,
    profile_of,
    region_within_scope,
)
from tumbuh.regions.models import Posyandu, Region


def audit_list(*, user: AnyUser) -> QuerySet[AuditEvent]:
    require(user, Permission.VIEW_AUDIT)
    return AuditEvent.objects.select_related("user").order_by("-at")


def posyandu_list(*, user: AnyUser) -> QuerySet[Posyandu]:
    return (
        Posyandu.objects.filter(posyandu_filter(user))
        .select_related("kelurahan", "puskesmas")
        .order_by("kelurahan_id", "name")
    )


def posyandu_get_for_user(*, user: AnyUser, pk: int) -> Posyandu:
    posyandu = posyandu_list(user=user).filter(pk=pk).first()
    if posyandu is None:
        raise PermissionDenied
    return posyandu


def home_region(*, user: AnyUser) -> Region | None:
    """The region a user's dashboard opens on."""
    return home_region_of(profile_of(user))


def region_get_for_user(*, user: AnyUser, code: str) -> Region:
    """A region whose pages the user may open (see ``region_within_scope``)."""
    region = Region.objects.filter(code=code).first()
    if region is None or not region_within_scope(user, region):
        raise PermissionDenied
    return region


def region_for_request(*, user: AnyUser, code: str) -> Region:
    """The region named by a page's ``?region=`` (or the user's home region when empty)."""
    if not code:
        home = home_region(user=user)
        code = home.code if home else ""
    return region_get_for_user(user=user, code=code)
