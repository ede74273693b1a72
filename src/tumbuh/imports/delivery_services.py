"""Importing an office's delivery file: each row one intervention given to a person (by NIK) or a
family (by No. KK) of the kab/kota, recorded as a delivery.

All or nothing (one transaction), set-wise (people and families of the file found with a few
queries, deliveries written in bulk) and idempotent: the same intervention to the same person or
family on the same day is one delivery, so a second import of the file is all "unchanged". An
office imports its own office's interventions only; a person or family outside the uploader's
area is refused with the words of every other import (never their details).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, in_scope, office_of, require
from tumbuh.accounts.scope import acting_user, family_filter, person_filter
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence.catalogue import OFFICE_NAMES, Intervention, Unit, by_code
from tumbuh.files import read_table
from tumbuh.imports.bulk_sql import update_rows
from tumbuh.imports.child_matching import batched
from tumbuh.imports.keyed_rows import sort_rows
from tumbuh.imports.models import Kind
from tumbuh.imports.services import OUTSIDE_AREA, ImportResult, batch_close, batch_open
from tumbuh.imports.undo import undo_created
from tumbuh.ingest.deliveries import DeliveryRecord, validate_deliveries
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.reasons import Reason
from tumbuh.interventions.models import Delivery
from tumbuh.offices.models import Direction
from tumbuh.offices.services import exchange_record
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family, Person

#: A delivery as the import compares them: intervention, person or family id, day.
Key = tuple[str, str, int, date]


@dataclass
class Targets:
    """The file's NIKs and No. KKs in the kab/kota: their ids, and which the user may record for."""

    people: dict[str, int] = field(default_factory=dict)
    families: dict[str, int] = field(default_factory=dict)
    allowed: set[tuple[str, int]] = field(default_factory=set)  # ("p"|"f", pk)


def _targets(
    records: list[DeliveryRecord], region: Region, user: AbstractBaseUser | AnonymousUser
) -> Targets:
    found = Targets()
    within = region.code + "."
    niks = sorted({r.nik for r in records if r.nik})
    kks = sorted({r.kk_number for r in records if r.kk_number})
    for chunk in batched(niks):
        people = Person.objects.filter(nik__in=chunk, family__kelurahan__code__startswith=within)
        found.people.update((nik or "", pk) for nik, pk in people.values_list("nik", "pk"))
        mine = people.filter(person_filter(user)).values_list("pk", flat=True)
        found.allowed |= {("p", pk) for pk in mine}
    for chunk in batched(kks):
        families = Family.objects.filter(
            kk_number__in=chunk, kelurahan__code__startswith=within
        ).order_by("-pk")  # several families with one No. KK: the first one registered
        found.families.update(families.values_list("kk_number", "pk"))
        found.allowed |= {
            ("f", pk) for pk in families.filter(family_filter(user)).values_list("pk", flat=True)
        }
    return found


def _target_of(record: DeliveryRecord, targets: Targets) -> tuple[str, int] | Reason:
    """("p", person id) or ("f", family id), or why the row names no one the user may serve."""
    if record.unit is Unit.PERSON:
        pk = targets.people.get(record.nik)
        if pk is None:
            return Reason("unknown_nik", "NIK", {"text": record.nik})
        target = ("p", pk)
    else:
        pk = targets.families.get(record.kk_number)
        if pk is None:
            return Reason("unknown_kk", "No KK", {"text": record.kk_number})
        target = ("f", pk)
    return target if target in targets.allowed else OUTSIDE_AREA


def _existing(keys: Iterable[Key]) -> dict[Key, tuple[int, str]]:
    """The deliveries already recorded for these keys: their id and note."""
    wanted = set(keys)
    people = sorted({k[2] for k in wanted if k[1] == "p"})
    families = sorted({k[2] for k in wanted if k[1] == "f"})
    stored: dict[Key, tuple[int, str]] = {}
    for kind, ids, column in (("p", people, "person_id"), ("f", families, "family_id")):
        for chunk in batched(ids):
            rows = Delivery.objects.filter(**{f"{column}__in": chunk}).values_list(
                "pk", "intervention", column, "delivered_on", "note"
            )
            for pk, intervention, target, day, note in rows:
                key = (intervention, kind, target, day)
                if key in wanted:
                    stored[key] = (pk, note)
    return stored


@dataclass
class Plan:
    status: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    new: dict[Key, DeliveryRecord] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # delivery id -> new note


def _plan(
    records: list[DeliveryRecord],
    targets: Targets,
    user: AbstractBaseUser | AnonymousUser,
    catalogue: tuple[Intervention, ...],
) -> Plan:
    plan = Plan()
    keyed: list[tuple[DeliveryRecord, Key]] = []
    items = by_code(catalogue)
    for record in records:
        office = items[record.intervention].office
        if not in_scope(user, office.value):
            reason = Reason(
                "other_office",
                "Intervensi",
                {"code": record.intervention, "office": OFFICE_NAMES[office]},
            )
            plan.rejected.append(Rejected(record.row, {}, (reason,)))
            continue
        target = _target_of(record, targets)
        if isinstance(target, Reason):
            plan.rejected.append(Rejected(record.row, {}, (target,)))
            continue
        keyed.append((record, (record.intervention, target[0], target[1], record.delivered_on)))
    stored = _existing(key for _record, key in keyed)
    sort_rows(keyed, stored, status=plan.status, new=plan.new, notes=plan.notes)
    return plan


def _write(plan: Plan, user: AbstractBaseUser | AnonymousUser) -> None:
    actor = acting_user(user)
    created = Delivery.objects.bulk_create(
        [
            Delivery(
                intervention=key[0],
                person_id=key[2] if key[1] == "p" else None,
                family_id=key[2] if key[1] == "f" else None,
                delivered_on=key[3],
                note=record.note,
                recorded_by=actor,
            )
            for key, record in plan.new.items()
        ],
        batch_size=2000,
    )
    update_rows(Delivery, ("note",), ((note, pk) for pk, note in plan.notes.items()))
    ids = [d.pk for d in created if d.pk is not None]
    if len(ids) != len(created):  # backends that do not return ids: look them up
        ids = [pk for pk, _note in _existing(plan.new).values()]
    AuditEvent.objects.bulk_create(
        [
            *(
                AuditEvent(
                    user=actor, action=Action.CREATE, object_type="delivery", object_id=str(pk)
                )
                for pk in ids
            ),
            *(
                AuditEvent(
                    user=actor, action=Action.UPDATE, object_type="delivery", object_id=str(pk)
                )
                for pk in plan.notes
            ),
        ],
        batch_size=2000,
    )


def given_at_weighing(
    given: Iterable[tuple[str, int, date]],
    *,
    user: AbstractBaseUser | AnonymousUser,
    batch: int,
) -> None:
    """Record what an e-PPGBM row says the child was given at the weighing (PMT, vitamin A:
    intervention, child id, day) as deliveries, once per intervention, child and day; the
    deliveries created are recorded for ``batch_undo`` (call inside the chunk's transaction)."""
    keys = {(intervention, "p", child, day) for intervention, child, day in given}
    new = sorted(keys - set(_existing(keys)))
    actor = acting_user(user)
    created = Delivery.objects.bulk_create(
        [
            Delivery(
                intervention=intervention,
                person_id=child,
                delivered_on=day,
                note="e-PPGBM",
                recorded_by=actor,
            )
            for intervention, _unit, child, day in new
        ],
        batch_size=2000,
    )
    undo_created(batch, "delivery", [d.pk for d in created if d.pk is not None])


def deliveries_import(
    *,
    user: AbstractBaseUser | AnonymousUser,
    path: Path,
    region: Region,
    today: date,
    channel: str = "web",
) -> ImportResult:
    """Import an office's delivery file for the kab/kota ``region``: validated first, then
    stored in one transaction (all or nothing), and logged as an exchange of each office whose
    deliveries it brought (``channel``: web or cli)."""
    require(user, Permission.RECORD_DELIVERY)  # each row is held to the office and the scope
    frame = read_table(path)
    catalogue = catalogue_for(region, today)
    records, rejected = validate_deliveries(frame, today=today, catalogue=catalogue)
    with transaction.atomic():
        batch = batch_open(user=user, kind=Kind.DELIVERIES, path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        plan = _plan(records, _targets(records, region, user), user, catalogue)
        _write(plan, user)
        result.rejected.extend(plan.rejected)
        result.count(plan.status.values())
        batch_close(user=user, batch=batch, result=result)
        _log_exchange(
            user,
            region=region,
            records=records,
            plan=plan,
            channel=channel,
            file_name=path.name,
        )
    return result


def _log_exchange(
    user: AbstractBaseUser | AnonymousUser,
    *,
    region: Region,
    records: list[DeliveryRecord],
    plan: Plan,
    channel: str,
    file_name: str,
) -> None:
    """One exchange event per office whose rows the file brought (the uploader's own office
    when none was accepted)."""
    items = by_code(catalogue_for(region, timezone.localdate()))
    accepted: dict[str, int] = {}
    for record in records:
        if record.row in plan.status and record.intervention in items:
            office = items[record.intervention].office.value
            accepted[office] = accepted.get(office, 0) + 1
    own = office_of(user) if user.is_authenticated else None
    if not accepted and own:
        accepted[own] = 0
    for office, rows in accepted.items():
        exchange_record(
            user=user,
            office=office,
            region=region,
            direction=Direction.IMPORT,
            channel=channel,
            file_format=Path(file_name).suffix.lstrip(".").lower(),
            rows=rows,
            file_name=file_name,
        )
