"""Importing user accounts with role and scope from a set-up file.

A row is ``new`` when it creates an account (with a random initial password, returned to the
caller once and never stored in clear or logged), ``updated`` when it changes an account's name,
email, phone, role or scope, ``unchanged`` otherwise; the same file imported again changes
nothing. Administrator accounts and superusers are never changed by an import. All or nothing
(one transaction).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from tumbuh.accounts.models import Action, AuditEvent, Profile, Role
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import user_create
from tumbuh.convergence.catalogue import OFFICE_NAMES
from tumbuh.files import read_table
from tumbuh.files.write import owner_only, write_table
from tumbuh.imports.services import ImportResult, batch_close, batch_open
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason
from tumbuh.ingest.users import UserRecord, validate_users
from tumbuh.regions.models import Posyandu, Puskesmas, Region
from tumbuh.regions.selectors import places_of

NAME_LENGTH = 150


@dataclass
class UsersImport:
    """The import's accounting, and the initial passwords of the accounts it created (to be
    handed to the administrator once: written to an owner-only file or shown once)."""

    result: ImportResult
    passwords: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Facilities:
    puskesmas: dict[str, list[Puskesmas]]
    posyandu: dict[str, list[Posyandu]]

    @classmethod
    def of(cls, region: Region) -> Facilities:
        under = region.code + "."
        puskesmas: dict[str, list[Puskesmas]] = {}
        for p in Puskesmas.objects.filter(kecamatan__code__startswith=under):
            puskesmas.setdefault(normalise_name(p.name), []).append(p)
        posyandu: dict[str, list[Posyandu]] = {}
        for y in Posyandu.objects.filter(kelurahan__code__startswith=under).select_related(
            "kelurahan"
        ):
            posyandu.setdefault(normalise_name(y.name), []).append(y)
        return cls(puskesmas, posyandu)


@dataclass(frozen=True)
class Scope:
    """The profile fields of a role and its scope."""

    role: Role
    region_id: str | None = None
    puskesmas_id: int | None = None
    posyandu_id: int | None = None
    office: str = ""

    def fields(self) -> dict[str, object]:
        return {
            "role": self.role,
            "region_id": self.region_id,
            "puskesmas_id": self.puskesmas_id,
            "posyandu_id": self.posyandu_id,
            "office": self.office,
        }


#: A first password's characters: letters and digits only, so that no spreadsheet reads it as a
#: formula (the password file neutralises a leading "-", which the user would then type).
PASSWORD_ALPHABET = string.ascii_letters + string.digits
PASSWORD_LENGTH = 16  # 95 bits


def first_password() -> str:
    """A random first password for an imported account."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _scope(
    record: UserRecord, region: Region, facilities: Facilities
) -> tuple[Scope | None, Reason | None]:
    """The row's role and scope, or why there is none."""
    role = Role(record.role)
    if role == Role.ADMIN:
        return Scope(role), None
    if role == Role.PUSKESMAS:
        found = facilities.puskesmas.get(normalise_name(record.puskesmas), [])
        if len(found) != 1:
            return None, Reason("unknown_puskesmas", "Puskesmas", {"name": record.puskesmas})
        return Scope(role, puskesmas_id=found[0].pk), None
    if role == Role.KADER:
        found_y = [
            y
            for y in facilities.posyandu.get(normalise_name(record.posyandu), [])
            if not record.region or y.kelurahan_id == record.region
        ]
        if len(found_y) != 1:
            return None, Reason("unknown_posyandu", "Posyandu", {"name": record.posyandu})
        return Scope(role, posyandu_id=found_y[0].pk), None
    return Scope(role, region_id=record.region or region.code, office=record.office), None


def _changed(user: User, profile: Profile, record: UserRecord, scope: Scope) -> bool:
    facts = {"first_name": record.name[:NAME_LENGTH], "email": record.email}
    changed = False
    for name, value in facts.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    if changed:
        user.save(update_fields=list(facts))
    wanted: dict[str, object] = {**scope.fields(), "phone": record.phone}
    if any(getattr(profile, key) != want for key, want in wanted.items()):
        for key, want in wanted.items():
            setattr(profile, key, want)
        profile.full_clean()
        profile.save()
        changed = True
    return changed


def _store(
    records: list[UserRecord], region: Region, result: ImportResult, done: UsersImport
) -> list[tuple[Action, int]]:
    facilities = Facilities.of(region)
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=[r.username for r in records]).select_related(
            "profile"
        )
    }
    writes: list[tuple[Action, int]] = []
    statuses: list[str] = []
    for record in records:
        scope, why = _scope(record, region, facilities)
        if why is not None or scope is None:
            result.rejected.append(Rejected(record.row, {}, (why,) if why else ()))
            continue
        user = existing.get(record.username)
        if user is None:
            password = first_password()
            user = user_create(
                username=record.username,
                password=password,
                role=scope.role,
                region=Region.objects.filter(pk=scope.region_id or "").first(),
                puskesmas=Puskesmas.objects.filter(pk=scope.puskesmas_id or 0).first(),
                posyandu=Posyandu.objects.filter(pk=scope.posyandu_id or 0).first(),
                office=scope.office,
            )
            user.first_name, user.email = record.name[:NAME_LENGTH], record.email
            user.save(update_fields=["first_name", "email"])
            Profile.objects.filter(user=user).update(phone=record.phone)
            done.passwords.append((user.username, password))
            writes.append((Action.CREATE, user.pk))
            statuses.append("new")
            continue
        profile = getattr(user, "profile", None)
        if user.is_superuser or profile is None or profile.role == Role.ADMIN:
            result.rejected.append(
                Rejected(record.row, {}, (Reason("admin_not_imported", "Username"),))
            )
            continue
        if _changed(user, profile, record, scope):
            writes.append((Action.UPDATE, user.pk))
            statuses.append("updated")
        else:
            statuses.append("unchanged")
    result.count(statuses)
    return writes


def users_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region
) -> UsersImport:
    """Import a users file for a kab/kota: validated first, then stored in one transaction."""
    require(user, Permission.MANAGE_MASTER_DATA, region)
    frame = read_table(path)
    offices = frozenset(str(o) for o in OFFICE_NAMES)
    records, rejected = validate_users(frame, places=places_of(region), offices=offices)
    with transaction.atomic():
        batch = batch_open(user=user, kind="users", path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        done = UsersImport(result)
        writes = _store(records, region, result, done)
        actor = acting_user(user)
        AuditEvent.objects.bulk_create(
            AuditEvent(user=actor, action=action, object_type="user", object_id=str(pk))
            for action, pk in writes
        )
        batch_close(user=user, batch=batch, result=result)
    return done


def write_passwords(passwords: list[tuple[str, str]], path: Path) -> None:
    """The initial passwords to a file only its owner reads (0600)."""
    import polars as pl

    frame = pl.DataFrame(
        {"Username": [u for u, _ in passwords], "Kata sandi awal": [p for _, p in passwords]},
        schema={"Username": pl.String, "Kata sandi awal": pl.String},
    )
    write_table([frame], owner_only(path))
