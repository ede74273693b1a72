"""The one permission table: which role may do what, and on which objects (its scope).

A role's rights are one row of ``RIGHTS``; a new role is a row here plus a test persona. Every
service and every ``*_get_for_user`` helper calls ``require(user, Permission.X, obj)``; views
declare the permission that opens them with ``@permission_required`` (the URL walk test checks
that every URL of the site has one).

Scope is decided by the kind of the role (``SCOPES``): everything, a region subtree, the posyandu
of one puskesmas, or one posyandu. ``in_scope`` answers for any object a service is handed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any, Final, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from tumbuh.accounts.models import Role
from tumbuh.accounts.scope import (
    AnyUser,
    family_filter,
    mask_nik,
    person_filter,
    posyandu_filter,
    profile_of,
    region_within_scope,
)


class Permission(StrEnum):
    """What a user may do; the scope rule of the role says on which objects."""

    VIEW_DASHBOARD = "view_dashboard"  # aggregates of an area (no names)
    VIEW_POSYANDU = "view_posyandu"  # a posyandu's session queue (names of its children)
    VIEW_PEOPLE = "view_people"  # children and mothers by name, their growth pages
    VIEW_FULL_NIK = "view_full_nik"  # NIK unmasked (else masked to its region digits)
    RECORD_MEASUREMENT = "record_measurement"  # measure, correct, register a child, sasaran
    VIEW_WORKLISTS = "view_worklists"  # by-name work lists and their CSV
    VIEW_SCORECARD = "view_scorecard"  # convergence scorecard of an area (aggregates)
    VIEW_GAPS = "view_gaps"  # by-name gap lists of an office
    RECORD_DELIVERY = "record_delivery"  # an intervention given to a person or family
    VIEW_PLANNING = "view_planning"  # lokus ranking, targets and the reporting calendar
    MANAGE_PLANNING = "manage_planning"  # mark a report done
    SAVE_LOKUS = "save_lokus"  # save a year's lokus list (the TPPS secretariat's decision)
    VIEW_TEAMS = "view_teams"  # teams by decree and their members
    MANAGE_TEAMS = "manage_teams"  # create teams, add members, assign families to TPK
    VISIT_FAMILIES = "visit_families"  # a TPK member's assigned families and visit log
    VIEW_TPK_COVERAGE = "view_tpk_coverage"  # coverage per TPK team (assigned, visited, overdue)
    VIEW_VILLAGE_LISTS = "view_village_lists"  # a desa's aggregates and by-name convergence lists
    IMPORT_MEASUREMENTS = "import_measurements"  # e-PPGBM and template uploads
    IMPORT_FAMILIES = "import_families"  # BKKBN family data and DTSEN
    REVIEW_DUPLICATES = "review_duplicates"  # decide unsure pairs, undo merges
    VIEW_AUDIT = "view_audit"  # the audit log
    MANAGE_MASTER_DATA = "manage_master_data"  # the admin site (facilities, accounts)
    USE_SITE = "use_site"  # the home page, one's own password
    VIEW_CAMPAIGNS = "view_campaigns"  # Operasi Timbang campaigns: coverage, prevalence, summary
    MANAGE_CAMPAIGNS = "manage_campaigns"  # record a campaign (period and area)
    VIEW_WORKPLAN = "view_workplan"  # work plans and budgets of the offices, their gap coverage
    MANAGE_WORKPLAN = "manage_workplan"  # edit and import a plan (an office account: its own)
    USE_API = "use_api"  # machine tokens and the REST API (each endpoint needs its own right too)
    REVIEW_FIELD_CONFLICTS = "review_field_conflicts"  # phone measurements that differ, decided
    SUBMIT_REPORTS = "submit_reports"  # record what was submitted for a deadline (file, date)
    BUILD_REPORTS = "build_reports"  # the semester report and the aksi konvergensi tables
    VIEW_CASELOAD = "view_caseload"  # KPM families of PKH facilitators, P2K2 sessions, referrals
    RECORD_CASEWORK = "record_casework"  # a facilitator logs P2K2 sessions and referrals
    MANAGE_CASELOAD = "manage_caseload"  # assign KPM families to PKH facilitators (Dinsos)
    VIEW_PARTNERS = "view_partners"  # partners (CSR), commitments, what they delivered (aggregates)
    MANAGE_CATALOGUE = "manage_catalogue"  # a region's interventions: add, change, retire
    VIEW_POVERTY = "view_poverty"  # TKPK dashboard: deciles, programme coverage (aggregates)
    VIEW_TARGETING = "view_targeting"  # a household's decile and programmes, targeting errors


class ScopeKind(Enum):
    EVERYTHING = "everything"
    REGION = "region"  # a region subtree (kab/kota, kecamatan or desa/kelurahan)
    PUSKESMAS = "puskesmas"  # the posyandu of one puskesmas
    POSYANDU = "posyandu"  # one posyandu


P = Permission
_AREA_READER = frozenset(
    {P.VIEW_DASHBOARD, P.VIEW_SCORECARD, P.USE_SITE, P.USE_API, P.VIEW_PARTNERS}
)
_COORDINATOR = _AREA_READER | {
    P.VIEW_POSYANDU,
    P.VIEW_PEOPLE,
    P.VIEW_WORKLISTS,
    P.VIEW_GAPS,  # coordinators see the gaps; whoever delivers records the delivery
    P.VIEW_PLANNING,
    P.MANAGE_PLANNING,
    P.VIEW_TEAMS,
    P.MANAGE_TEAMS,
    P.VIEW_TPK_COVERAGE,
    P.VIEW_VILLAGE_LISTS,
    P.IMPORT_FAMILIES,
    P.REVIEW_DUPLICATES,
    P.VIEW_CAMPAIGNS,
    P.MANAGE_CAMPAIGNS,
    P.SUBMIT_REPORTS,
    P.BUILD_REPORTS,
    P.VIEW_CASELOAD,
    P.MANAGE_CASELOAD,
    P.VIEW_POVERTY,
    P.VIEW_TARGETING,
}
#: Who works on poverty: the TKPK dashboard, and the by-name lists of their office's programmes.
_SOCIAL = frozenset({P.VIEW_POVERTY, P.VIEW_TARGETING})
_HEALTH_WORKER = _AREA_READER | {
    P.VIEW_POSYANDU,
    P.VIEW_PEOPLE,
    P.VIEW_FULL_NIK,
    P.RECORD_MEASUREMENT,
    P.VIEW_WORKLISTS,
    P.VIEW_CAMPAIGNS,
}

#: role -> what it may do. The scope of each role is in ``SCOPES``.
RIGHTS: Final[dict[Role, frozenset[Permission]]] = {
    Role.ADMIN: frozenset(Permission) - {P.VISIT_FAMILIES, P.RECORD_CASEWORK},
    # The TPPS secretariat keeps every office's work plan and budget of its kab/kota, and its
    # region's intervention catalogue, and saves the lokus list of each year.
    Role.TPPS: _COORDINATOR
    | {P.VIEW_WORKPLAN, P.MANAGE_WORKPLAN, P.MANAGE_CATALOGUE, P.SAVE_LOKUS},
    Role.KECAMATAN: _COORDINATOR,
    # The puskesmas nutrition officer also decides phone measurements that differ from stored
    # ones; it gives Dinas Kesehatan's interventions, so it records them (its gaps only).
    Role.PUSKESMAS: _HEALTH_WORKER
    | {
        P.IMPORT_MEASUREMENTS,
        P.REVIEW_DUPLICATES,
        P.REVIEW_FIELD_CONFLICTS,
        P.VIEW_TPK_COVERAGE,
        P.VIEW_GAPS,
        P.RECORD_DELIVERY,
    },
    Role.KADER: _HEALTH_WORKER,
    Role.TPK: _AREA_READER | {P.VISIT_FAMILIES, P.VIEW_WORKLISTS, P.VIEW_PEOPLE},
    # An office sees the by-name gaps of its own office only, and records what it delivered.
    # It keeps its own work plan and budget, and sees the other offices' plans.
    # It also submits the reports it is responsible for (the reporting calendar).
    # Caseloads of PKH facilitators: Dinas Sosial's accounts only (services check the office).
    Role.OFFICE: _AREA_READER
    | _SOCIAL
    | {
        P.VIEW_GAPS,
        P.RECORD_DELIVERY,
        P.VIEW_WORKPLAN,
        P.MANAGE_WORKPLAN,
        P.SUBMIT_REPORTS,
        P.VIEW_CASELOAD,
        P.MANAGE_CASELOAD,
    },
    # PKH facilitators and TKSK are Dinas Sosial's people in the field: a facilitator works on
    # the KPM families assigned to them, a TKSK on those of their kecamatan.
    Role.PKH: _AREA_READER
    | _SOCIAL
    | {P.VIEW_GAPS, P.RECORD_DELIVERY, P.VIEW_CASELOAD, P.RECORD_CASEWORK},
    Role.TKSK: _AREA_READER
    | _SOCIAL
    | {P.VIEW_GAPS, P.RECORD_DELIVERY, P.VIEW_CASELOAD, P.RECORD_CASEWORK},
    # The lurah / kepala desa leads the village's convergence: its by-name gaps and teams.
    Role.LURAH: _AREA_READER
    | _SOCIAL
    | {
        P.VIEW_GAPS,
        P.VIEW_PLANNING,
        P.VIEW_TEAMS,
        P.VIEW_CAMPAIGNS,
        P.VIEW_TPK_COVERAGE,
        P.VIEW_VILLAGE_LISTS,
    },
    # A partner (CSR, university) sees aggregates of its area only, and its own commitments.
    Role.PARTNER: _AREA_READER | {P.VIEW_POVERTY},
}

SCOPES: Final[dict[Role, ScopeKind]] = {
    Role.ADMIN: ScopeKind.EVERYTHING,
    Role.PUSKESMAS: ScopeKind.PUSKESMAS,
    Role.KADER: ScopeKind.POSYANDU,
} | dict.fromkeys(
    (
        Role.TPPS,
        Role.KECAMATAN,
        Role.TPK,
        Role.OFFICE,
        Role.PKH,
        Role.TKSK,
        Role.LURAH,
        Role.PARTNER,
    ),
    ScopeKind.REGION,
)

#: Offices whose field workers a role is, for roles that are not an office account themselves.
OFFICE_OF_ROLE: Final[dict[Role, str]] = {
    Role.PKH: "dinsos",
    Role.TKSK: "dinsos",
    Role.PUSKESMAS: "dinkes",
}


def has_permission(user: AnyUser, permission: Permission) -> bool:
    """The role of ``user`` grants ``permission`` (scope aside); anonymous users have none."""
    if not user.is_authenticated:
        return False
    try:
        return permission in RIGHTS[Role(profile_of(user).role)]
    except PermissionDenied:
        return False


def permissions_of(user: AnyUser) -> frozenset[Permission]:
    if not user.is_authenticated:
        return frozenset()
    try:
        return RIGHTS[Role(profile_of(user).role)]
    except PermissionDenied:
        return frozenset()


#: Rights an office account holds by its role but uses only as that office: the caseloads of
#: PKH facilitators are Dinas Sosial's (the services refuse another office's account).
OFFICE_BOUND = {Permission.VIEW_CASELOAD: "dinsos", Permission.MANAGE_CASELOAD: "dinsos"}


def office_of(user: AnyUser) -> str | None:
    """The office whose work the user does, or None for roles that see every office."""
    profile = profile_of(user)
    role = Role(profile.role)
    if role == Role.OFFICE:
        return profile.office or "-"
    return OFFICE_OF_ROLE.get(role)


def in_scope(user: AnyUser, obj: object) -> bool:
    """Whether ``obj`` (a region, posyandu, person, family, measurement, office code, team,
    visit) lies inside the user's scope."""
    from tumbuh.measurements.models import Measurement
    from tumbuh.regions.models import Posyandu, Region
    from tumbuh.registry.models import Family, Person

    if SCOPES[Role(profile_of(user).role)] == ScopeKind.EVERYTHING and not isinstance(obj, str):
        return True
    match obj:
        case str():
            own = office_of(user)
            return own is None or own == obj
        case Region():
            return region_within_scope(user, obj)
        case Posyandu():
            return Posyandu.objects.filter(posyandu_filter(user), pk=obj.pk).exists()
        case Person():
            return Person.objects.filter(person_filter(user), pk=obj.pk).exists()
        case Family():
            return Family.objects.filter(family_filter(user), pk=obj.pk).exists()
        case Measurement():
            return Person.objects.filter(person_filter(user), pk=obj.child_id).exists()
        case _:
            region = getattr(obj, "region", None)
            if isinstance(region, Region):
                return region_within_scope(user, region)
            family = getattr(obj, "family", None)
            if isinstance(family, Family):
                return in_scope(user, family)
    raise TypeError(f"no scope rule for {type(obj).__name__}")


def require(user: AnyUser, permission: Permission, obj: object = None) -> None:
    """Refuse (PermissionDenied) unless the role grants ``permission`` and ``obj``, when given,
    lies inside the user's scope. Every service calls this itself."""
    if not has_permission(user, permission):
        raise PermissionDenied
    if obj is not None and not in_scope(user, obj):
        raise PermissionDenied


View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def require_any(user: AnyUser, *permissions: Permission) -> None:
    if not any(has_permission(user, permission) for permission in permissions):
        raise PermissionDenied


def permission_required(*permissions: Permission) -> Callable[[View], View]:
    """A view opened only by users whose role grants one of ``permissions`` (login first).

    The permissions are kept on the view (``view.permissions``) for the URL walk test."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require_any(request.user, *permissions)
            return view(request, *args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.permissions = permissions  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def shown_nik(user: AnyUser, nik: str | None) -> str:
    """The NIK as this user may see it: whole, or masked to its region digits."""
    return (nik or "") if has_permission(user, Permission.VIEW_FULL_NIK) else mask_nik(nik)
