"""Teams, members, balanced TPK assignment and the visit log (all audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, in_scope, require, require_any
from tumbuh.accounts.scope import acting_user, family_filter, subtree
from tumbuh.accounts.services import audit_record
from tumbuh.convergence.assignment import assign_families
from tumbuh.entry.dates import next_visit_after, not_in_future
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family
from tumbuh.teams.models import (
    DEFAULT_TPK_POSITIONS,
    Assignment,
    RegionPosition,
    Team,
    TeamArea,
    TeamKind,
    TeamMember,
    Visit,
)


@transaction.atomic
def team_create(
    *,
    user: AbstractBaseUser | AnonymousUser,
    kind: str,
    name: str,
    region: Region,
    decree_number: str = "",
    decree_date: date | None = None,
    period_start: int | None = None,
    period_end: int | None = None,
) -> Team:
    require(user, Permission.MANAGE_TEAMS, region)
    team = Team(
        kind=kind,
        name=name,
        region=region,
        decree_number=decree_number,
        decree_date=decree_date,
        period_start=period_start,
        period_end=period_end,
    )
    team.full_clean()
    team.save()
    audit_record(user=user, action=Action.CREATE, object_type="team", object_id=team.pk)
    return team


@transaction.atomic
def member_add(
    *,
    user: AbstractBaseUser | AnonymousUser,
    team: Team,
    name: str,
    position: str,
    work_area: str = "",
    institution: str = "",
    account: User | None = None,
) -> TeamMember:
    require(user, Permission.MANAGE_TEAMS, team)
    member = TeamMember(
        team=team,
        name=name,
        position=position,
        work_area=work_area,
        institution=institution,
        user=account,
    )
    member.full_clean()
    member.save()
    audit_record(user=user, action=Action.CREATE, object_type="team_member", object_id=member.pk)
    return member


@transaction.atomic
def families_assign(
    *, user: AbstractBaseUser | AnonymousUser, families: list[Family], today: date
) -> tuple[int, list[int]]:
    """Give each family without a TPK team one in its kelurahan, balancing the teams' loads.

    Returns the number of new assignments and the families whose kelurahan has no TPK team.
    """
    require(user, Permission.MANAGE_TEAMS)
    for family in families:
        require(user, Permission.MANAGE_TEAMS, family)
    kelurahan = {f.kelurahan_id for f in families}
    teams = Team.objects.filter(
        kind=TeamKind.TPK, region_id__in=kelurahan, replaced_by__isnull=True
    )
    current = dict(
        Assignment.objects.filter(until__isnull=True, team__in=teams).values_list(
            "family_id", "team_id"
        )
    )
    result = assign_families(
        families=[(str(f.pk), f.kelurahan_id) for f in families],
        teams=[(str(t.pk), t.region_id) for t in teams],
        current={str(k): str(v) for k, v in current.items()},
    )
    new = [
        Assignment(family_id=int(family), team_id=int(team), since=today)
        for family, team in result.assignments.items()
        if int(family) not in current
    ]
    Assignment.objects.bulk_create(new)
    audit_record(user=user, action=Action.UPDATE, object_type="tpk_assignment", object_id=len(new))
    return len(new), [int(f) for f in result.unassigned]


def teams_of(user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """The TPK teams the user is a member of."""
    if not user.is_authenticated:
        return []
    members = TeamMember.objects.filter(user_id=int(user.pk), team__kind=TeamKind.TPK)
    return list(members.values_list("team_id", flat=True))


@transaction.atomic
def visit_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    family: Family,
    visited_on: date,
    checked: str = "",
    given: str = "",
    referred_to: str = "",
    next_visit_on: date | None = None,
    client_uuid: UUID | None = None,
) -> Visit:
    """Log a visit by a member of the family's TPK team; anyone else is refused.

    ``client_uuid`` is the client's own id for the record (API, offline app)."""
    require(user, Permission.VISIT_FAMILIES, family)
    not_in_future("visited_on", visited_on, today=timezone.localdate())
    next_visit_after("next_visit_on", next_visit_on, visited_on=visited_on)
    assignment = Assignment.objects.filter(
        Q(until__isnull=True) | Q(until__gte=visited_on), family=family, team_id__in=teams_of(user)
    ).first()
    if assignment is None:
        raise PermissionDenied
    visit = Visit(
        family=family,
        team=assignment.team,
        visited_on=visited_on,
        checked=checked,
        given=given,
        referred_to=referred_to,
        next_visit_on=next_visit_on,
        recorded_by=acting_user(user),
        client_uuid=client_uuid,
    )
    try:
        visit.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    visit.save()
    audit_record(user=user, action=Action.CREATE, object_type="visit", object_id=visit.pk)
    return visit


@dataclass(frozen=True)
class AssignOutcome:
    """What a round of TPK assignment did: families newly given a team, and at-risk families
    left without one because their desa/kelurahan has no TPK team."""

    assigned: int
    without_team: int


def _assign_open(
    *, user: AbstractBaseUser | AnonymousUser, families: QuerySet[Family], today: date
) -> AssignOutcome:
    """Give each of ``families`` without an open assignment a TPK team of its desa/kelurahan,
    balancing the teams' loads (their current families count)."""
    open_ = Assignment.objects.filter(until__isnull=True)
    waiting = list(
        families.exclude(pk__in=open_.values("family_id"))
        .order_by("kelurahan_id", "pk")
        .values_list("pk", "kelurahan_id")
    )
    if not waiting:
        return AssignOutcome(0, 0)
    places = {kelurahan for _, kelurahan in waiting}
    teams = list(
        Team.objects.filter(
            kind=TeamKind.TPK, region_id__in=places, replaced_by__isnull=True
        ).values_list("pk", "region_id")
    )
    current = open_.filter(team_id__in=[pk for pk, _ in teams]).values_list("family_id", "team_id")
    result = assign_families(
        families=[(str(pk), kelurahan) for pk, kelurahan in waiting],
        teams=[(str(pk), kelurahan) for pk, kelurahan in teams],
        current={str(f): str(t) for f, t in current},
    )
    fresh = {pk for pk, _ in waiting}
    new = [
        Assignment(family_id=int(family), team_id=int(team), since=today)
        for family, team in result.assignments.items()
        if int(family) in fresh
    ]
    Assignment.objects.bulk_create(new, batch_size=2000)
    if new:
        audit_record(
            user=user, action=Action.UPDATE, object_type="tpk_assignment", object_id=len(new)
        )
    return AssignOutcome(len(new), len(result.unassigned))


def _at_risk_in(
    user: AbstractBaseUser | AnonymousUser, region: Region, today: date
) -> QuerySet[Family]:
    return Family.objects.at_risk(on=today).filter(
        family_filter(user), subtree("kelurahan__code", region.code)
    )


@transaction.atomic
def tpk_assign_region(
    *, user: AbstractBaseUser | AnonymousUser, region: Region, today: date
) -> AssignOutcome:
    """The teams page's button: every at-risk family of ``region`` (in the user's scope) without
    a TPK team gets one of its desa/kelurahan, balanced."""
    require(user, Permission.MANAGE_TEAMS, region)
    return _assign_open(user=user, families=_at_risk_in(user, region, today), today=today)


@transaction.atomic
def tpk_assign_after_import(
    *, user: AbstractBaseUser | AnonymousUser, region: Region, today: date
) -> AssignOutcome:
    """After an import that adds families, targets or teams: the at-risk families it may have
    brought (those the importing user sees) get a TPK team."""
    require_any(
        user,
        Permission.IMPORT_MEASUREMENTS,
        Permission.IMPORT_FAMILIES,
        Permission.MANAGE_TEAMS,
        Permission.MANAGE_MASTER_DATA,
    )
    return _assign_open(user=user, families=_at_risk_in(user, region, today), today=today)


@transaction.atomic
def family_reassign(
    *, user: AbstractBaseUser | AnonymousUser, family: Family, team: Team, today: date
) -> Assignment:
    """Move a family to another TPK team of its desa/kelurahan by hand; the old assignment is
    closed (kept, with its visits), the new one opens today."""
    require(user, Permission.MANAGE_TEAMS, family)
    require(user, Permission.MANAGE_TEAMS, team)
    if (
        team.kind != TeamKind.TPK
        or team.region_id != family.kelurahan_id
        or team.replaced_by_id is not None
    ):
        raise ValidationError({"team": _("Choose a TPK team of the family's desa/kelurahan.")})
    current = Assignment.objects.select_for_update().filter(family=family, until__isnull=True)
    old = current.first()
    if old is not None and old.team_id == team.pk:
        return old
    current.update(until=today)
    assignment = Assignment.objects.create(family=family, team=team, since=today)
    audit_record(user=user, action=Action.UPDATE, object_type="family", object_id=family.pk)
    return assignment


@transaction.atomic
def team_update(
    *,
    user: AbstractBaseUser | AnonymousUser,
    team: Team,
    name: str,
    decree_number: str,
    decree_date: date | None,
    period_start: int | None,
    period_end: int | None,
    areas: dict[str, tuple[str, str]] | None = None,
) -> Team:
    """Correct a team's decree details (the same decree); a TPPS's work areas' tasks and
    indicators (work area -> (tasks, indicators))."""
    require(user, Permission.MANAGE_TEAMS, team)
    team.name, team.decree_number, team.decree_date = name, decree_number, decree_date
    team.period_start, team.period_end = period_start, period_end
    team.full_clean()
    team.save()
    for area, (tasks, indicators) in (areas or {}).items():
        TeamArea.objects.update_or_create(
            team=team, work_area=area, defaults={"tasks": tasks, "indicators": indicators}
        )
    audit_record(user=user, action=Action.UPDATE, object_type="team", object_id=team.pk)
    return team


@transaction.atomic
def decree_replace(
    *,
    user: AbstractBaseUser | AnonymousUser,
    team: Team,
    decree_number: str,
    decree_date: date | None,
    period_start: int | None,
    period_end: int | None,
    today: date,
) -> Team:
    """A new decree for a team: a new team record starts with the old members (to be edited),
    work areas and families; the old record, its members and its visits stay, as history."""
    require(user, Permission.MANAGE_TEAMS, team)
    if team.replaced_by_id is not None:
        raise ValidationError({"decree_number": _("This decree was replaced already.")})
    new = Team(
        kind=team.kind,
        name=team.name,
        region=team.region,
        decree_number=decree_number,
        decree_date=decree_date,
        period_start=period_start,
        period_end=period_end,
    )
    new.full_clean()
    new.save()
    TeamMember.objects.bulk_create(
        TeamMember(
            team=new,
            name=m.name,
            position=m.position,
            work_area=m.work_area,
            institution=m.institution,
            title=m.title,
            phone=m.phone,
            user=m.user,
        )
        for m in team.members.all().order_by("pk")
    )
    TeamArea.objects.bulk_create(
        TeamArea(team=new, work_area=a.work_area, tasks=a.tasks, indicators=a.indicators)
        for a in team.areas.all()
    )
    moving = list(
        Assignment.objects.filter(team=team, until__isnull=True).values_list("family_id", flat=True)
    )
    Assignment.objects.filter(team=team, until__isnull=True).update(until=today)
    Assignment.objects.bulk_create(
        Assignment(family_id=family, team=new, since=today) for family in moving
    )
    Team.objects.filter(pk=team.pk).update(replaced_by=new, replaced_on=today)
    audit_record(user=user, action=Action.CREATE, object_type="team", object_id=new.pk)
    return new


def tpk_positions(region: Region) -> list[str]:
    """The TPK positions of the kab/kota ``region`` lies in (its own, else the defaults)."""
    kabkota = region.code[:5]
    titles = list(RegionPosition.objects.filter(region_id=kabkota).values_list("title", flat=True))
    return titles or list(DEFAULT_TPK_POSITIONS)


@transaction.atomic
def tpk_positions_set(
    *, user: AbstractBaseUser | AnonymousUser, region: Region, titles: list[str]
) -> list[str]:
    """A kab/kota's TPK positions, in order (empty: back to the defaults)."""
    require(user, Permission.MANAGE_TEAMS, region)
    clean = list(dict.fromkeys(" ".join(t.split()) for t in titles if t.strip()))
    RegionPosition.objects.filter(region=region).delete()
    RegionPosition.objects.bulk_create(
        RegionPosition(region=region, title=title[:120], order=n) for n, title in enumerate(clean)
    )
    audit_record(user=user, action=Action.UPDATE, object_type="tpk_positions", object_id=region.pk)
    return clean


@transaction.atomic
def member_save(
    *,
    user: AbstractBaseUser | AnonymousUser,
    team: Team,
    name: str,
    title: str,
    work_area: str = "",
    institution: str = "",
    phone: str = "",
    username: str = "",
    member: TeamMember | None = None,
) -> TeamMember:
    """Add a member to a team (or change one) by the decree's own title for the position; link
    an existing account in the same step (a TPK member's account must lie in the team's area)."""
    from tumbuh.imports.team_services import position_of

    require(user, Permission.MANAGE_TEAMS, team)
    account = None
    if username:
        account = User.objects.filter(username=username.strip().lower()).first()
        if account is None:
            raise ValidationError({"username": _("No account with this username.")})
        home = getattr(account, "profile", None)
        if home is None or home.region is None or not in_scope(user, home.region):
            raise ValidationError({"username": _("This account lies outside your area.")})
        taken = TeamMember.objects.filter(user=account, team__replaced_by__isnull=True)
        if member is not None:
            taken = taken.exclude(pk=member.pk)
        if (
            team.kind == TeamKind.TPK
            and taken.filter(team__kind=TeamKind.TPK).exclude(team=team).exists()
        ):
            raise ValidationError({"username": _("This account is in another TPK team already.")})
    target = member or TeamMember(team=team)
    if target.team_id != team.pk:
        raise PermissionDenied
    target.name, target.title, target.position = name, title, position_of(title)
    target.work_area, target.institution, target.phone = work_area, institution, phone
    target.user = account
    target.full_clean()
    target.save()
    audit_record(
        user=user,
        action=Action.UPDATE if member else Action.CREATE,
        object_type="team_member",
        object_id=target.pk,
    )
    return target


@transaction.atomic
def member_remove(*, user: AbstractBaseUser | AnonymousUser, member: TeamMember) -> None:
    """Remove a member from the current decree (earlier decrees keep theirs)."""
    require(user, Permission.MANAGE_TEAMS, member.team)
    if member.team.replaced_by_id is not None:
        raise PermissionDenied
    team_id = member.team_id
    member.delete()
    audit_record(user=user, action=Action.UPDATE, object_type="team", object_id=team_id)
