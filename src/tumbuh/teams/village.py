"""What a lurah / kepala desa needs for the village's convergence work: aggregates of their desa
and the by-name lists behind them (children stunted or wasted, at-risk families without a TPK,
each TPK's coverage), inside the user's scope only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import family_filter
from tumbuh.facts.models import ChildStatus
from tumbuh.facts.statuses import child_status_list
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family
from tumbuh.registry.rules import earliest_birth_under_five
from tumbuh.teams.models import Assignment
from tumbuh.teams.selectors import CoverageRow, tpk_coverage

#: A child's latest measurement counts when it is at most this old.
RECENT_DAYS = 365


@dataclass(frozen=True)
class Village:
    desa: Region
    children: int  # under five, registered in the desa's families
    measured: int  # of them, measured within RECENT_DAYS
    stunted: list[ChildStatus]  # each child's latest measurement: ``measured_at``, z-scores
    wasted: list[ChildStatus]
    families_at_risk: int
    without_tpk: list[Family]
    coverage: list[CoverageRow]


def village_for(*, user: AbstractBaseUser | AnonymousUser, desa: Region, today: date) -> Village:
    require(user, Permission.VIEW_VILLAGE_LISTS, desa)
    children = child_status_list(user=user).filter(
        family_kelurahan_code=desa.code,
        birth_date__gte=earliest_birth_under_five(today),
        birth_date__lte=today,
    )
    measured = children.filter(measured_on__gte=today - timedelta(days=RECENT_DAYS))
    lines = measured.select_related("child", "measured_at").order_by("child__name", "child_id")
    at_risk = Family.objects.at_risk(on=today).filter(family_filter(user), kelurahan=desa)
    assigned = Assignment.objects.filter(until__isnull=True).values("family_id")
    return Village(
        desa=desa,
        children=children.count(),
        measured=measured.count(),
        stunted=list(lines.filter(zlen__lt=STUNTED_BELOW)),
        wasted=list(lines.filter(zwfl__lt=WASTED_BELOW)),
        families_at_risk=at_risk.count(),
        without_tpk=list(at_risk.exclude(pk__in=assigned).order_by("head_name", "pk")),
        coverage=tpk_coverage(user=user, region=desa, today=today) if _can_cover(user) else [],
    )


def _can_cover(user: AbstractBaseUser | AnonymousUser) -> bool:
    from tumbuh.accounts.permissions import has_permission

    return has_permission(user, Permission.VIEW_TPK_COVERAGE)
