"""What a lurah / kepala desa needs for the village's convergence work: aggregates of their desa
and the by-name lists behind them (children stunted or wasted, at-risk families without a TPK,
each TPK's coverage), inside the user's scope only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import family_filter, person_filter
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Assignment
from tumbuh.teams.selectors import CoverageRow, tpk_coverage

#: A child's latest measurement counts when it is at most this old.
RECENT_DAYS = 365


@dataclass(frozen=True)
class ChildLine:
    child: Person
    measurement: Measurement


@dataclass(frozen=True)
class Village:
    desa: Region
    children: int  # under five, registered in the desa's families
    measured: int  # of them, measured within RECENT_DAYS
    stunted: list[ChildLine]
    wasted: list[ChildLine]
    families_at_risk: int
    without_tpk: list[Family]
    coverage: list[CoverageRow]


def village_for(*, user: AbstractBaseUser | AnonymousUser, desa: Region, today: date) -> Village:
    require(user, Permission.VIEW_VILLAGE_LISTS, desa)
    children = (
        Person.objects.under_five(on=today)
        .filter(person_filter(user), family__kelurahan=desa)
        .order_by("name", "pk")
    )
    latest: dict[int, Measurement] = {}
    recent = (
        Measurement.objects.filter(
            child__in=children, measured_on__gte=today - timedelta(days=RECENT_DAYS)
        )
        .select_related("child", "posyandu")
        .order_by("child_id", "-measured_on", "-pk")
    )
    for measurement in recent:
        latest.setdefault(measurement.child_id, measurement)
    lines = sorted(latest.values(), key=lambda m: (m.child.name, m.child_id))
    at_risk = Family.objects.at_risk(on=today).filter(family_filter(user), kelurahan=desa)
    assigned = Assignment.objects.filter(until__isnull=True).values("family_id")
    return Village(
        desa=desa,
        children=children.count(),
        measured=len(latest),
        stunted=[
            ChildLine(m.child, m) for m in lines if m.zlen is not None and m.zlen < STUNTED_BELOW
        ],
        wasted=[
            ChildLine(m.child, m) for m in lines if m.zwfl is not None and m.zwfl < WASTED_BELOW
        ],
        families_at_risk=at_risk.count(),
        without_tpk=list(at_risk.exclude(pk__in=assigned).order_by("head_name", "pk")),
        coverage=tpk_coverage(user=user, region=desa, today=today) if _can_cover(user) else [],
    )


def _can_cover(user: AbstractBaseUser | AnonymousUser) -> bool:
    from tumbuh.accounts.permissions import has_permission

    return has_permission(user, Permission.VIEW_TPK_COVERAGE)
