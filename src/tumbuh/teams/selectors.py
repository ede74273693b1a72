"""What a TPK member sees: only the families assigned to their team, with visit status."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, QuerySet

from tumbuh.accounts.scope import region_filter, subtree
from tumbuh.measurements.models import MaternalMeasurement
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person, SasaranRole
from tumbuh.teams.models import Assignment, Team, Visit
from tumbuh.teams.services import teams_of

#: A family never visited is overdue this many days after it was assigned.
FIRST_VISIT_WITHIN_DAYS = 30


@dataclass(frozen=True)
class FamilyStatus:
    family: Family
    since: date
    last_visit: date | None
    next_visit: date | None
    overdue: bool


def assigned_families(*, user: AbstractBaseUser | AnonymousUser, today: date) -> list[FamilyStatus]:
    """The user's TPK families, overdue first (then by next visit)."""
    assignments = Assignment.objects.filter(
        until__isnull=True, team_id__in=teams_of(user)
    ).select_related("family", "family__kelurahan")
    family_ids = [a.family_id for a in assignments]
    last = dict(
        Visit.objects.filter(family_id__in=family_ids)
        .values("family_id")
        .annotate(last=Max("visited_on"))
        .values_list("family_id", "last")
    )
    planned = dict(
        Visit.objects.filter(family_id__in=family_ids, next_visit_on__isnull=False)
        .order_by("family_id", "visited_on")
        .values_list("family_id", "next_visit_on")
    )  # the latest visit's plan wins
    rows = []
    for assignment in assignments:
        last_visit = last.get(assignment.family_id)
        next_visit = planned.get(assignment.family_id)
        if last_visit is None:
            next_visit = assignment.since + timedelta(days=FIRST_VISIT_WITHIN_DAYS)
        rows.append(
            FamilyStatus(
                assignment.family,
                assignment.since,
                last_visit,
                next_visit,
                next_visit is not None and next_visit < today,
            )
        )
    return sorted(rows, key=lambda r: (not r.overdue, r.next_visit or date.max))


def family_get_for_tpk(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> Family:
    """A family assigned to one of the user's TPK teams; any other is refused."""
    assignment = (
        Assignment.objects.filter(until__isnull=True, team_id__in=teams_of(user), family_id=pk)
        .select_related("family")
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    return assignment.family


def visits_of(family: Family) -> QuerySet[Visit]:
    return Visit.objects.filter(family=family).order_by("-visited_on")


@dataclass(frozen=True)
class VisitLine:
    """A visit with the mothers' LiLA and Hb recorded in the family that day."""

    visit: Visit
    maternal: list[MaternalMeasurement]


def visit_history(family: Family, limit: int = 10) -> list[VisitLine]:
    """The family's latest visits, each with the maternal measurements of its day."""
    visits = list(visits_of(family)[:limit])
    days = {visit.visited_on for visit in visits}
    by_day: dict[date, list[MaternalMeasurement]] = defaultdict(list)
    recorded = (
        MaternalMeasurement.objects.select_related("person")
        .filter(person__family=family, measured_on__in=days)
        .order_by("pk")
    )
    for measurement in recorded:
        by_day[measurement.measured_on].append(measurement)
    return [VisitLine(visit, by_day.get(visit.visited_on, [])) for visit in visits]


def team_list(*, user: AbstractBaseUser | AnonymousUser, region: Region) -> QuerySet[Team]:
    """Teams in the area the user may see, with their members."""
    return (
        Team.objects.filter(
            region_filter(user, "region__code"), subtree("region__code", region.code)
        )
        .prefetch_related("members")
        .order_by("kind", "region_id", "name")
    )


def expecting_mother(*, family: Family, on: date) -> Person | None:
    """The family's pregnant or postpartum woman on that day, if any."""
    role = (
        SasaranRole.objects.filter(
            person__family=family, role__in=("ibu_hamil", "ibu_nifas"), start__lte=on
        )
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person")
        .first()
    )
    return role.person if role else None


@dataclass(frozen=True)
class TeamRow:
    """A team as the teams report lists it."""

    name: str
    kind: str
    kelurahan: str  # the desa/kelurahan it sits in ("" for a kecamatan or kab/kota team)
    members: int
    kecamatan: str
    decree_number: str
    region_code: str


def teams_report_rows(*, user: AbstractBaseUser | AnonymousUser, region: Region) -> list[TeamRow]:
    """Every team under ``region`` (and of it) the user may see, with its member count."""
    from django.db.models import Count

    from tumbuh.accounts.permissions import Permission, require
    from tumbuh.regions.models import Level

    require(user, Permission.VIEW_TEAMS, region)
    teams = (
        Team.objects.filter(Q(region=region) | Q(region__code__startswith=region.code + "."))
        .select_related("region__parent")
        .annotate(member_count=Count("members"))
        .order_by("region_id", "kind", "name")
    )
    rows = []
    for team in teams:
        place = team.region
        at_desa = place.level == Level.KELURAHAN
        kecamatan = place.parent if at_desa else place
        rows.append(
            TeamRow(
                name=team.name,
                kind=team.kind,
                kelurahan=place.name if at_desa else "",
                members=team.member_count,
                kecamatan=kecamatan.name
                if kecamatan and kecamatan.level == Level.KECAMATAN
                else "",
                decree_number=team.decree_number,
                region_code=place.code,
            )
        )
    return rows
