"""Importing a decree (SK) annex: teams and their members, one row per member.

A team is found by kind, folded name and region (a TPK in its desa/kelurahan; a TPPS/TP3S/TKPK in
the kab/kota, or the kecamatan or desa the file names); a member by team, folded name and folded
``Jabatan``. A row is ``new`` when it adds a member, ``updated`` when it changes the member's
institution or phone, the team's decree number or links an account, ``unchanged`` otherwise: the
summary counts member rows, and the same file imported again changes nothing.

Set-wise: the region's teams and members are indexed once, new ones inserted in bulk, so a
Batam-size annex (544 teams, 1,632 members) takes a second or two. All or nothing.

An ``Akun`` cell creates a TPK account scoped to the team's desa/kelurahan (no password: an
administrator sets one) and links it to the member, only if the uploader manages accounts;
otherwise the member is stored and the account is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Q

from tumbuh.accounts.lockout import username_normalise
from tumbuh.accounts.models import Action, AuditEvent, Profile, Role
from tumbuh.accounts.permissions import Permission, has_permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.files import read_table
from tumbuh.imports.bulk_sql import update_rows
from tumbuh.imports.services import ImportResult, batch_close, batch_open
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason
from tumbuh.ingest.teams import MemberRecord, validate_teams
from tumbuh.regions.models import Region
from tumbuh.regions.selectors import places_of
from tumbuh.teams.models import Position, Team, TeamKind, TeamMember

#: Folded ``Jabatan`` (its start) -> the position it is; any other title is a member.
POSITIONS = (
    ("wakil ketua", Position.VICE_CHAIR),
    ("ketua", Position.CHAIR),
    ("sekretaris", Position.SECRETARY),
    ("koordinator", Position.AREA_COORDINATOR),
    ("bidan", Position.BIDAN),
    ("kader pkk", Position.KADER_PKK),
    ("kader kb", Position.KADER_KB),
)
MEMBER_FACTS = ("institution", "phone")
TeamKey = tuple[str, str, str]  # kind, folded name, region code
MemberKey = tuple[int, str, str]  # id() of the team, folded name, folded title


def position_of(title: str) -> str:
    folded = normalise_name(title)
    return next((p for start, p in POSITIONS if folded.startswith(start)), Position.MEMBER)


def _cut(model: type[Team] | type[TeamMember], name: str, text: str) -> str:
    return text[: getattr(model._meta.get_field(name), "max_length", None) or 100]


@dataclass
class Plan:
    new_teams: list[Team] = field(default_factory=list)
    changed_teams: list[Team] = field(default_factory=list)
    new_members: list[TeamMember] = field(default_factory=list)
    changed_members: list[TeamMember] = field(default_factory=list)
    accounts: list[tuple[TeamMember, MemberRecord]] = field(default_factory=list)
    status: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)


class TeamIndex:
    """The region's teams by (kind, folded name, region) and their members."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.teams: dict[TeamKey, Team] = {}
        self.members: dict[MemberKey, TeamMember] = {}
        self.first_row: dict[MemberKey, int] = {}
        teams = Team.objects.filter(
            Q(region=region) | Q(region__code__startswith=region.code + "."),
            replaced_by__isnull=True,  # a replaced decree's team is history
        )
        by_pk = {}
        for team in teams:
            self.teams.setdefault((team.kind, normalise_name(team.name), team.region_id), team)
            by_pk[team.pk] = team
        for member in TeamMember.objects.filter(team_id__in=list(by_pk)):
            team = by_pk[member.team_id]
            key = (id(team), normalise_name(member.name), normalise_name(member.title))
            self.members.setdefault(key, member)

    def team(self, record: MemberRecord, plan: Plan) -> Team:
        where = record.region or self.region.code
        key = (record.kind, normalise_name(record.team), where)
        team = self.teams.get(key)
        if team is None:
            team = Team(
                kind=record.kind,
                name=_cut(Team, "name", record.team),
                region_id=where,
                decree_number=_cut(Team, "decree_number", record.decree),
            )
            self.teams[key] = team
            plan.new_teams.append(team)
        return team


def _plan(records: Iterable[MemberRecord], index: TeamIndex) -> Plan:
    plan = Plan()
    for record in records:
        team = index.team(record, plan)
        key = (id(team), normalise_name(record.name), normalise_name(record.title))
        facts = {"institution": record.institution, "phone": record.phone}
        facts = {k: _cut(TeamMember, k, v) for k, v in facts.items()}
        member = index.members.get(key)
        if key in index.first_row:  # a row for this member already: it decides
            if member and any(getattr(member, k) != v for k, v in facts.items() if v):
                same = Reason("same_member", params={"row": index.first_row[key]})
                plan.rejected.append(Rejected(record.row, {}, (same,)))
            else:
                plan.status[record.row] = "unchanged"
            continue
        index.first_row[key] = record.row
        status = "unchanged"
        if member is None:
            member = TeamMember(
                team=team,
                name=_cut(TeamMember, "name", record.name),
                title=_cut(TeamMember, "title", record.title),
                position=position_of(record.title),
                **facts,
            )
            index.members[key] = member
            plan.new_members.append(member)
            status = "new"
        else:
            changes = {k: v for k, v in facts.items() if v and getattr(member, k) != v}
            if changes:
                for name, value in changes.items():
                    setattr(member, name, value)
                plan.changed_members.append(member)
                status = "updated"
        if record.decree and team.pk and team.decree_number != record.decree:
            team.decree_number = _cut(Team, "decree_number", record.decree)
            plan.changed_teams.append(team)
            status = "updated" if status == "unchanged" else status
        if record.account:
            plan.accounts.append((member, record))
        plan.status[record.row] = status
    return plan


def _write(plan: Plan, user: AbstractBaseUser | AnonymousUser) -> None:
    Team.objects.bulk_create(plan.new_teams, batch_size=1000)
    for member in plan.new_members:
        member.team_id = member.team.pk
    TeamMember.objects.bulk_create(plan.new_members, batch_size=1000)
    update_rows(
        TeamMember, MEMBER_FACTS, ((m.institution, m.phone, m.pk) for m in plan.changed_members)
    )
    update_rows(
        Team, ("decree_number",), ((t.decree_number, t.pk) for t in set(plan.changed_teams))
    )
    actor = acting_user(user)
    events = [
        AuditEvent(user=actor, action=action, object_type=kind, object_id=str(obj.pk))
        for action, kind, objects in (
            (Action.CREATE, "team", plan.new_teams),
            (Action.UPDATE, "team", list(set(plan.changed_teams))),
            (Action.CREATE, "team_member", plan.new_members),
            (Action.UPDATE, "team_member", plan.changed_members),
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)


def _accounts(plan: Plan, user: AbstractBaseUser | AnonymousUser, result: ImportResult) -> None:
    """Create and link the accounts the ``Akun`` column names, where the uploader may."""
    if not plan.accounts:
        return
    allowed = has_permission(user, Permission.MANAGE_MASTER_DATA)
    names = {username_normalise(r.account) for _m, r in plan.accounts}
    existing = {u.username: u for u in User.objects.filter(username__in=names)}
    linked = set(
        TeamMember.objects.filter(user__in=existing.values()).values_list("user_id", flat=True)
    )
    for member, record in plan.accounts:
        name = username_normalise(record.account)
        account = existing.get(name)
        where = {"name": record.account}
        if account is not None and member.user_id == account.pk:
            continue
        if not allowed:
            result.warnings.append((record.row, Reason("account_not_allowed", "Akun", where)))
            continue
        if member.team.kind != TeamKind.TPK:
            result.warnings.append((record.row, Reason("account_only_tpk", "Akun", where)))
            continue
        if account is None:
            account = User(username=name)
            account.set_unusable_password()
            account.save()
            Profile.objects.create(user=account, role=Role.TPK, region_id=member.team.region_id)
            existing[name] = account
            AuditEvent.objects.create(
                user=acting_user(user),
                action=Action.CREATE,
                object_type="user",
                object_id=str(account.pk),
            )
        elif account.pk in linked or member.user_id is not None:
            result.warnings.append((record.row, Reason("account_taken", "Akun", where)))
            continue
        member.user = account
        member.save(update_fields=["user"])
        linked.add(account.pk)
        if plan.status.get(record.row) == "unchanged":
            plan.status[record.row] = "updated"


def teams_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region
) -> ImportResult:
    """Import a decree annex for a kab/kota: validated first, then stored in one transaction."""
    require(user, Permission.MANAGE_TEAMS, region)
    frame = read_table(path)
    records, rejected = validate_teams(frame, places=places_of(region))
    with transaction.atomic():
        batch = batch_open(user=user, kind="teams", path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        plan = _plan(records, TeamIndex(region))
        _write(plan, user)
        _accounts(plan, user, result)
        result.rejected.extend(plan.rejected)
        result.count(plan.status.values())
        batch_close(user=user, batch=batch, result=result)
    return result
