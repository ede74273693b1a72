"""Access written once: what a user may see, as query filters and checks per object type."""

from __future__ import annotations

from typing import TypeAlias, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from tumbuh.accounts.models import Profile, Role
from tumbuh.regions.models import Region

AnyUser: TypeAlias = AbstractBaseUser | AnonymousUser


def profile_of(user: AnyUser) -> Profile:
    """The user's profile; a user without one (or anonymous) has no access at all."""
    if not user.is_authenticated:
        raise PermissionDenied
    try:
        return cast(User, user).profile
    except Profile.DoesNotExist as error:
        raise PermissionDenied from error


def acting_user(user: AnyUser) -> User | None:
    """The user to record as author, or None for anonymous."""
    return cast(User, user) if user.is_authenticated else None


def subtree(field: str, code: str) -> Q:
    """Rows whose region code (``field`` is a path to a code) is ``code`` or lies under it."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def posyandu_filter(user: AnyUser, prefix: str = "") -> Q:
    """A filter on posyandu (``prefix`` leads to the posyandu, e.g. ``"posyandu__"``)."""
    profile = profile_of(user)
    match profile.role:
        case Role.ADMIN:
            return Q()
        case Role.PUSKESMAS:
            return Q(**{f"{prefix}puskesmas_id": profile.puskesmas_id})
        case Role.KADER:
            return Q(**{f"{prefix}id": profile.posyandu_id})
        case _:
            return subtree(f"{prefix}kelurahan__code", profile.region_id or "-")


def family_filter(user: AnyUser) -> Q:
    """Families are seen through their kelurahan, or for facility roles through a member who is
    registered at one of their posyandu."""
    from tumbuh.registry.models import Person

    profile = profile_of(user)
    if profile.role in {Role.PUSKESMAS, Role.KADER}:
        members = Person.objects.filter(posyandu_filter(user, "posyandu__"))
        return Q(pk__in=members.values("family_id"))
    return region_filter(user, "kelurahan__code")


def region_filter(user: AnyUser, field: str) -> Q:
    """A filter on a region field (kelurahan of a family) for region-scoped roles."""
    profile = profile_of(user)
    if profile.role == Role.ADMIN:
        return Q()
    if profile.role in {Role.PUSKESMAS, Role.KADER}:
        return Q(pk__in=[])
    return subtree(field, profile.region_id or "-")


def person_filter(user: AnyUser) -> Q:
    """People are seen through their posyandu, or their family's kelurahan for region roles."""
    profile = profile_of(user)
    if profile.role in {Role.PUSKESMAS, Role.KADER}:
        return posyandu_filter(user, "posyandu__")
    return region_filter(user, "family__kelurahan__code")


def scope_key(user: AnyUser) -> tuple[str, str]:
    """Equal for two users exactly when the filters above give them the same rows (for figures
    kept per scope): everything, a puskesmas's or a posyandu's, or a region's."""
    profile = profile_of(user)
    match profile.role:
        case Role.ADMIN:
            return ("all", "")
        case Role.PUSKESMAS:
            return ("puskesmas", str(profile.puskesmas_id))
        case Role.KADER:
            return ("posyandu", str(profile.posyandu_id))
        case _:
            return ("region", profile.region_id or "-")


def region_within_scope(user: AnyUser, region: Region) -> bool:
    """A region whose figures the user may open: inside a region scope, or within their
    facility's kecamatan/kelurahan (figures are still limited to their own posyandu)."""
    profile = profile_of(user)
    if profile.role == Role.ADMIN:
        return True
    home = home_region_of(profile)
    return home is not None and (
        region.code == home.code or region.code.startswith(home.code + ".")
    )


def home_region_of(profile: Profile) -> Region | None:
    """The region a user's pages open on: their region, else their facility's area."""
    if profile.region is not None:
        return profile.region
    if profile.role == Role.PUSKESMAS and profile.puskesmas is not None:
        return profile.puskesmas.kecamatan
    if profile.role == Role.KADER and profile.posyandu is not None:
        return profile.posyandu.kelurahan
    if profile.role == Role.ADMIN:
        return Region.objects.filter(level="kabupaten_kota").order_by("code").first()
    return None


def mask_nik(nik: str | None) -> str:
    """``7172011234560001`` becomes ``717201**********``: region visible, person not."""
    if not nik:
        return ""
    return nik[:6] + "*" * (len(nik) - 6)
