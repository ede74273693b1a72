"""What a TPK member sees: only the families assigned to their team, with visit status."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
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
            region_filter(user, "region__code"),
            subtree("region__code", region.code),
            replaced_by__isnull=True,
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
        Team.objects.filter(
            Q(region=region) | Q(region__code__startswith=region.code + "."),
            replaced_by__isnull=True,
        )
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


def is_overdue(
    *, since: date, last_visit: date | None, next_visit: date | None, today: date
) -> bool:
    """A family is overdue when its planned visit (or, never visited, its first visit due
    ``FIRST_VISIT_WITHIN_DAYS`` after the assignment) has passed."""
    if last_visit is None:
        next_visit = since + timedelta(days=FIRST_VISIT_WITHIN_DAYS)
    return next_visit is not None and next_visit < today


@dataclass(frozen=True)
class CoverageRow:
    """A TPK team's load: families assigned now, visited this month, overdue."""

    team: Team
    assigned: int
    visited: int
    overdue: int

    @property
    def visited_share(self) -> float | None:
        return self.visited / self.assigned if self.assigned else None


#: Sort keys of the coverage table (a leading "-" sorts descending).
COVERAGE_SORTS = ("team", "kelurahan", "assigned", "visited", "overdue")


def coverage_teams(user: AbstractBaseUser | AnonymousUser, region: Region) -> QuerySet[Team]:
    """The TPK teams under ``region`` a coordinator may follow: region roles their area, a
    puskesmas the desa/kelurahan it serves."""
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.scope import profile_of

    teams = Team.objects.filter(kind="tpk", replaced_by__isnull=True).filter(
        subtree("region__code", region.code)
    )
    profile = profile_of(user)
    if profile.role == Role.PUSKESMAS:
        served = (
            profile.puskesmas.kelurahan_served.all() if profile.puskesmas else Region.objects.none()
        )
        return teams.filter(region__in=served)
    return teams.filter(region_filter(user, "region__code"))


def tpk_coverage(
    *, user: AbstractBaseUser | AnonymousUser, region: Region, today: date, sort: str = "team"
) -> list[CoverageRow]:
    """Coverage per TPK team under ``region`` in the user's scope, sorted by ``sort``."""
    from tumbuh.accounts.permissions import Permission, require

    require(user, Permission.VIEW_TPK_COVERAGE, region)
    teams = {t.pk: t for t in coverage_teams(user, region).select_related("region")}
    open_ = list(
        Assignment.objects.filter(until__isnull=True, team_id__in=teams).values_list(
            "team_id", "family_id", "since"
        )
    )
    families = [family for _, family, _ in open_]
    last = dict(
        Visit.objects.filter(family_id__in=families)
        .values("family_id")
        .annotate(last=Max("visited_on"))
        .values_list("family_id", "last")
    )
    planned = dict(
        Visit.objects.filter(family_id__in=families, next_visit_on__isnull=False)
        .order_by("family_id", "visited_on")
        .values_list("family_id", "next_visit_on")
    )  # the latest visit's plan wins
    month = today.replace(day=1)
    counts = {pk: [0, 0, 0] for pk in teams}
    for team, family, since in open_:
        seen = last.get(family)
        counts[team][0] += 1
        counts[team][1] += seen is not None and seen >= month
        counts[team][2] += is_overdue(
            since=since, last_visit=seen, next_visit=planned.get(family), today=today
        )
    rows = [CoverageRow(teams[pk], *counts[pk]) for pk in teams]
    key = sort.removeprefix("-")
    if key not in COVERAGE_SORTS:
        key, sort = "team", "team"
    rows.sort(key=lambda r: (r.team.name, r.team.pk))  # ties stay in name order
    order: dict[str, Callable[[CoverageRow], str | int]] = {
        "team": lambda r: r.team.name,
        "kelurahan": lambda r: r.team.region.name,
        "assigned": lambda r: r.assigned,
        "visited": lambda r: r.visited,
        "overdue": lambda r: r.overdue,
    }
    return sorted(rows, key=order[key], reverse=sort.startswith("-"))


def teams_opened_by(user: AbstractBaseUser | AnonymousUser, teams: Iterable[Team]) -> set[int]:
    """The teams among ``teams`` whose page the user may open (a list shows the others without
    a link: a puskesmas follows the TPK teams of the desa it serves but does not open them)."""
    from tumbuh.accounts.permissions import Permission, has_permission, in_scope

    if not has_permission(user, Permission.VIEW_TEAMS):
        return set()
    return {team.pk for team in teams if in_scope(user, team)}


def team_get_for_user(*, user: AbstractBaseUser | AnonymousUser, pk: int) -> Team:
    """A team the user may see (its area in their scope); any other is refused."""
    from tumbuh.accounts.permissions import Permission, require

    team = Team.objects.select_related("region").filter(pk=pk).first()
    if team is None:
        raise PermissionDenied
    require(user, Permission.VIEW_TEAMS, team)
    return team


@dataclass(frozen=True)
class TeamFamily:
    family: Family
    since: date
    last_visit: date | None
    overdue: bool


def team_families(*, team: Team, today: date) -> list[TeamFamily]:
    """A team's families now, overdue first."""
    assignments = list(
        Assignment.objects.filter(team=team, until__isnull=True)
        .select_related("family")
        .order_by("family__head_name", "family_id")
    )
    ids = [a.family_id for a in assignments]
    last = dict(
        Visit.objects.filter(family_id__in=ids)
        .values("family_id")
        .annotate(last=Max("visited_on"))
        .values_list("family_id", "last")
    )
    planned = dict(
        Visit.objects.filter(family_id__in=ids, next_visit_on__isnull=False)
        .order_by("family_id", "visited_on")
        .values_list("family_id", "next_visit_on")
    )
    rows = [
        TeamFamily(
            a.family,
            a.since,
            last.get(a.family_id),
            is_overdue(
                since=a.since,
                last_visit=last.get(a.family_id),
                next_visit=planned.get(a.family_id),
                today=today,
            ),
        )
        for a in assignments
    ]
    return sorted(rows, key=lambda r: not r.overdue)


def team_history(team: Team) -> list[Team]:
    """The decrees this team replaced, newest first, each with its members as they were."""
    history: list[Team] = []
    earlier = list(team.replaced.prefetch_related("members").order_by("-pk"))
    while earlier and len(history) < HISTORY_DEPTH:
        history.extend(earlier)
        earlier = list(
            Team.objects.filter(replaced_by__in=earlier).prefetch_related("members").order_by("-pk")
        )
    return history


#: How many earlier decrees a team page goes back.
HISTORY_DEPTH = 20
