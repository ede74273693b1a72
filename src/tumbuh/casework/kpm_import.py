"""Importing a caseload file (``tumbuh import kpm FILE --region CODE``): each row gives a KPM
family (``No KK``) of the kab/kota to a PKH facilitator (``Pendamping``, their username).

A row is ``new`` when the family had no facilitator, ``updated`` when it moves from another
facilitator (that assignment is closed today), ``unchanged`` when it already has this one: the
same file imported again changes nothing. All or nothing (one transaction), set-wise (families
and accounts found with a few queries, assignments written in bulk). A family outside the
uploader's area is refused with the words of every other import; a family outside the
facilitator's area, or a name that is no PKH facilitator's account of the area, is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from tumbuh.accounts.lockout import username_normalise
from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import in_scope
from tumbuh.accounts.scope import AnyUser, family_filter
from tumbuh.casework.services import assignments_write, manage_check
from tumbuh.files import read_table
from tumbuh.imports.child_matching import batched
from tumbuh.imports.models import Kind
from tumbuh.imports.services import OUTSIDE_AREA, ImportResult, batch_close, batch_open
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.kpm import KpmRecord, validate_kpm
from tumbuh.ingest.reasons import Reason
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family


@dataclass
class Found:
    families: dict[str, Family] = field(default_factory=dict)  # No. KK -> family
    mine: set[int] = field(default_factory=set)  # families the uploader may assign
    facilitators: dict[str, User] = field(default_factory=dict)  # normalised username -> user


def _found(records: list[KpmRecord], region: Region, user: AnyUser) -> Found:
    found = Found()
    within = region.code + "."
    for chunk in batched(sorted({r.kk_number for r in records})):
        families = Family.objects.filter(
            kk_number__in=chunk, kelurahan__code__startswith=within
        ).order_by("-pk")  # several families with one No. KK: the first one registered
        found.families.update((f.kk_number, f) for f in families)
        found.mine |= set(families.filter(family_filter(user)).values_list("pk", flat=True))
    names = {username_normalise(r.facilitator) for r in records}
    accounts = User.objects.filter(
        username__in=names, is_active=True, profile__role=Role.PKH
    ).select_related("profile__region")
    found.facilitators = {
        a.username: a
        for a in accounts
        if a.profile.region is not None and in_scope(user, a.profile.region)
    }
    return found


def _plan(
    records: list[KpmRecord], found: Found
) -> tuple[dict[int, tuple[Family, User]], list[Rejected]]:
    """The rows that can be stored (row -> family and facilitator) and those rejected."""
    chosen: dict[int, tuple[Family, User]] = {}
    first_row: dict[int, tuple[int, int]] = {}  # family id -> (row, facilitator id)
    rejected: list[Rejected] = []
    for record in records:
        family = found.families.get(record.kk_number)
        account = found.facilitators.get(username_normalise(record.facilitator))
        where = {"name": record.facilitator}
        reason: Reason | None = None
        if family is None:
            reason = Reason("unknown_kk", "No KK", {"text": record.kk_number})
        elif family.pk not in found.mine:
            reason = OUTSIDE_AREA
        elif account is None:
            reason = Reason("not_a_facilitator", "Pendamping", where)
        elif not in_scope(account, family):
            reason = Reason("facilitator_elsewhere", "Pendamping", where)
        elif family.pk in first_row and first_row[family.pk][1] != account.pk:
            reason = Reason("kpm_same_family", params={"row": first_row[family.pk][0]})
        if reason is not None or family is None or account is None:
            rejected.append(Rejected(record.row, {}, (reason,) if reason else ()))
            continue
        first_row.setdefault(family.pk, (record.row, account.pk))
        chosen[record.row] = (family, account)
    return chosen, rejected


def kpm_import(*, user: AnyUser, path: Path, region: Region, today: date) -> ImportResult:
    """Import a caseload file for the kab/kota ``region``: validated first, then stored in one
    transaction."""
    manage_check(user)  # each row is held to the uploader's area
    frame = read_table(path)
    records, rejected = validate_kpm(frame)
    with transaction.atomic():
        batch = batch_open(user=user, kind=Kind.KPM, path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        chosen, refused = _plan(records, _found(records, region, user))
        pairs: dict[int, tuple[Family, User]] = {}
        for family, account in chosen.values():
            pairs.setdefault(family.pk, (family, account))  # a repeated row: once
        written = assignments_write(user=user, pairs=list(pairs.values()), today=today)
        status = dict.fromkeys(written.new, "new")
        status |= dict.fromkeys(written.moved, "updated")
        status |= dict.fromkeys(written.unchanged, "unchanged")
        seen: set[int] = set()
        for _row, (family, _account) in sorted(chosen.items()):
            result.count([status[family.pk] if family.pk not in seen else "unchanged"])
            seen.add(family.pk)
        result.rejected.extend(refused)
        batch_close(user=user, batch=batch, result=result)
    return result
