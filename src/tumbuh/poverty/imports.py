"""Importing programme receipts: each row one programme of the register received by a household
(by No. KK) or one of its members (by NIK), recorded as a receipt.

Built like the deliveries import (``tumbuh.imports.delivery_services``): all or nothing (one
transaction), set-wise, and idempotent: the same programme to the same household (and member) on
the same day is one receipt, so a second import of the file is all "unchanged". An office imports
its own office's programmes only (a partner's programme: roles that see every office); a person or
household outside the uploader's area is refused with the words of every other import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, in_scope, require
from tumbuh.accounts.scope import acting_user, family_filter, person_filter
from tumbuh.files import read_table
from tumbuh.imports.bulk_sql import update_rows
from tumbuh.imports.child_matching import batched
from tumbuh.imports.keyed_rows import sort_rows
from tumbuh.imports.models import Kind
from tumbuh.imports.services import OUTSIDE_AREA, ImportResult, batch_close, batch_open
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.programmes import ReceiptRecord, programme_key, validate_receipts
from tumbuh.ingest.reasons import Reason
from tumbuh.poverty.models import Programme, Receipt
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person

#: A receipt as the import compares them: programme id, family id, person id (0: none), day.
Key = tuple[int, int, int, date]


def programme_names() -> dict[str, str]:
    """``programme_key`` of every code and name of the register -> its code."""
    names: dict[str, str] = {}
    for code, name in Programme.objects.values_list("code", "name"):
        names[programme_key(name)] = code
    for code in Programme.objects.values_list("code", flat=True):
        names[programme_key(code)] = code  # a code wins over another programme's name
    return names


@dataclass
class Targets:
    """The file's NIKs and No. KKs in the kab/kota: (family, person) ids, and which the user
    may record for."""

    people: dict[str, tuple[int, int]] = field(default_factory=dict)  # nik -> (family, person)
    families: dict[str, int] = field(default_factory=dict)
    allowed_people: set[int] = field(default_factory=set)
    allowed_families: set[int] = field(default_factory=set)


def _targets(
    records: list[ReceiptRecord], region: Region, user: AbstractBaseUser | AnonymousUser
) -> Targets:
    found = Targets()
    within = region.code + "."
    for chunk in batched(sorted({r.nik for r in records if r.nik})):
        people = Person.objects.filter(nik__in=chunk, family__kelurahan__code__startswith=within)
        for nik, pk, family in people.values_list("nik", "pk", "family_id"):
            found.people[nik or ""] = (family, pk)
        found.allowed_people |= set(people.filter(person_filter(user)).values_list("pk", flat=True))
    for chunk in batched(sorted({r.kk_number for r in records if r.kk_number})):
        families = Family.objects.filter(
            kk_number__in=chunk, kelurahan__code__startswith=within
        ).order_by("-pk")  # several families with one No. KK: the first one registered
        found.families.update(families.values_list("kk_number", "pk"))
        found.allowed_families |= set(
            families.filter(family_filter(user)).values_list("pk", flat=True)
        )
    return found


def _target_of(record: ReceiptRecord, targets: Targets) -> tuple[int, int] | Reason:
    """(family id, person id or 0), or why the row names no one the user may record for."""
    if record.nik:
        found = targets.people.get(record.nik)
        if found is None:
            return Reason("unknown_nik", "NIK", {"text": record.nik})
        return found if found[1] in targets.allowed_people else OUTSIDE_AREA
    family = targets.families.get(record.kk_number)
    if family is None:
        return Reason("unknown_kk", "No KK", {"text": record.kk_number})
    return (family, 0) if family in targets.allowed_families else OUTSIDE_AREA


def _existing(keys: Iterable[Key]) -> dict[Key, tuple[int, str]]:
    """The receipts already recorded for these keys: their id and note."""
    wanted = set(keys)
    stored: dict[Key, tuple[int, str]] = {}
    for chunk in batched(sorted({k[1] for k in wanted})):
        rows = Receipt.objects.filter(family_id__in=chunk).values_list(
            "pk", "programme_id", "family_id", "person_id", "received_on", "note"
        )
        for pk, programme, family, person, day, note in rows:
            key = (programme, family, person or 0, day)
            if key in wanted:
                stored[key] = (pk, note)
    return stored


@dataclass
class Plan:
    status: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    new: dict[Key, ReceiptRecord] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # receipt id -> new note


def _plan(
    records: list[ReceiptRecord], targets: Targets, user: AbstractBaseUser | AnonymousUser
) -> Plan:
    plan = Plan()
    register = {p.code: p for p in Programme.objects.all()}
    keyed: list[tuple[ReceiptRecord, Key]] = []
    for record in records:
        programme = register[record.programme]
        if not in_scope(user, programme.office):
            reason = Reason(
                "other_office_programme",
                "Program",
                {"code": programme.code, "office": programme.runner},
            )
            plan.rejected.append(Rejected(record.row, {}, (reason,)))
            continue
        target = _target_of(record, targets)
        if isinstance(target, Reason):
            plan.rejected.append(Rejected(record.row, {}, (target,)))
            continue
        keyed.append((record, (programme.pk, target[0], target[1], record.received_on)))
    stored = _existing(key for _record, key in keyed)
    sort_rows(keyed, stored, status=plan.status, new=plan.new, notes=plan.notes)
    return plan


def _write(plan: Plan, user: AbstractBaseUser | AnonymousUser) -> None:
    actor = acting_user(user)
    created = Receipt.objects.bulk_create(
        [
            Receipt(
                programme_id=key[0],
                family_id=key[1],
                person_id=key[2] or None,
                received_on=key[3],
                note=record.note,
                recorded_by=actor,
            )
            for key, record in plan.new.items()
        ],
        batch_size=2000,
    )
    update_rows(Receipt, ("note",), ((note, pk) for pk, note in plan.notes.items()))
    ids = [r.pk for r in created if r.pk is not None]
    if len(ids) != len(created):  # backends that do not return ids: look them up
        ids = [pk for pk, _note in _existing(plan.new).values()]
    AuditEvent.objects.bulk_create(
        [
            *(
                AuditEvent(
                    user=actor,
                    action=Action.CREATE,
                    object_type="programme_receipt",
                    object_id=str(pk),
                )
                for pk in ids
            ),
            *(
                AuditEvent(
                    user=actor,
                    action=Action.UPDATE,
                    object_type="programme_receipt",
                    object_id=str(pk),
                )
                for pk in plan.notes
            ),
        ],
        batch_size=2000,
    )


def programmes_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region, today: date
) -> ImportResult:
    """Import a programme receipts file for the kab/kota ``region``: validated first, then
    stored in one transaction (all or nothing)."""
    require(user, Permission.RECORD_DELIVERY)  # each row is held to the office and the scope
    frame = read_table(path)
    records, rejected = validate_receipts(frame, programmes=programme_names(), today=today)
    with transaction.atomic():
        batch = batch_open(user=user, kind=Kind.PROGRAMMES, path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        plan = _plan(records, _targets(records, region, user), user)
        _write(plan, user)
        result.rejected.extend(plan.rejected)
        result.count(plan.status.values())
        batch_close(user=user, batch=batch, result=result)
    return result
