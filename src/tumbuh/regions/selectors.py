"""Reads of regions and facilities, limited to the user's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.scope import AnyUser, posyandu_filter, profile_of, subtree
from tumbuh.regions.models import Posyandu, Region


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
    profile = profile_of(user)
    if profile.region is not None:
        return profile.region
    if profile.role == Role.PUSKESMAS and profile.puskesmas is not None:
        return profile.puskesmas.kecamatan
    if profile.role == Role.KADER and profile.posyandu is not None:
        return profile.posyandu.kelurahan
    return Region.objects.filter(level="kabupaten_kota").first()


def region_get_for_user(*, user: AnyUser, code: str) -> Region:
    """A region whose dashboard the user may open: inside a region scope, or within their
    facility's kecamatan/kelurahan (figures are still limited to their own posyandu)."""
    profile = profile_of(user)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise PermissionDenied
    if profile.role == Role.ADMIN:
        return region
    home = home_region(user=user)
    if home is None or not Region.objects.filter(subtree("code", home.code), code=code).exists():
        raise PermissionDenied
    return region
