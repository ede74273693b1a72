"""Importing BKKBN family data and DTSEN welfare data: families matched by No. KK (else head
of family) within the kelurahan, their facts updated, DTSEN assistance recorded as deliveries.

All or nothing (one transaction), idempotent, and set-wise like the e-PPGBM import: the region's
families are indexed once, new families are inserted in bulk, changed facts are written with one
statement per row, and assistance received is recorded once a year per family. A later row for a
family already in the file with other facts contradicts it and is rejected, so a second import of
the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, in_scope, require
from tumbuh.accounts.scope import acting_user
from tumbuh.files import read_table
from tumbuh.imports.bulk_sql import update_rows
from tumbuh.imports.child_matching import batched
from tumbuh.imports.models import Kind
from tumbuh.imports.services import (
    OUTSIDE_AREA,
    ImportResult,
    _kelurahan_names,
    batch_close,
    batch_open,
)
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.families import FamilyRecord, validate_families
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason
from tumbuh.interventions.models import Delivery
from tumbuh.poverty.services import DtsenHousehold, Head, dtsen_recorded
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family

#: A DTSEN receipt already recorded within this many days is not recorded again.
RECEIPT_WINDOW_DAYS = 365
FACTS = ("no_clean_water", "no_latrine", "smoker_in_house", "welfare_decile")
HEAD_LENGTH = Family._meta.get_field("head_name").max_length or 100
ADDRESS_LENGTH = Family._meta.get_field("address").max_length or 200


@dataclass
class Household:
    """A family as the import sees it: stored (pk) or new, its facts, where it came from."""

    family: Family
    first_row: int
    facts: dict[str, object] = field(default_factory=dict)


class FamilyIndex:
    """The region's families by (kelurahan, No. KK) and (kelurahan, folded head of family)."""

    def __init__(self, region: Region) -> None:
        self.by_kk: dict[tuple[str, str], Household] = {}
        self.by_head: dict[tuple[str, str], Household] = {}
        families = Family.objects.filter(kelurahan__code__startswith=region.code + ".").only(
            "pk", "kelurahan_id", "kk_number", "head_name", *FACTS
        )
        for family in families.iterator(chunk_size=5000):
            self._remember(Household(family, 0, {f: getattr(family, f) for f in FACTS}))

    def _remember(self, household: Household) -> None:
        family = household.family
        if family.kk_number:
            self.by_kk.setdefault((family.kelurahan_id, family.kk_number), household)
        self.by_head.setdefault((family.kelurahan_id, normalise_name(family.head_name)), household)

    def find(self, record: FamilyRecord) -> Household | None:
        if record.kk_number:
            found = self.by_kk.get((record.kelurahan, record.kk_number))
            if found is not None:
                return found
        return self.by_head.get((record.kelurahan, normalise_name(record.head_name)))

    def add(self, record: FamilyRecord) -> Household:
        family = Family(
            kk_number=record.kk_number,
            head_name=record.head_name[:HEAD_LENGTH],
            kelurahan_id=record.kelurahan,
            address=record.address[:ADDRESS_LENGTH],
            rt=record.rt,
            rw=record.rw,
        )
        household = Household(family, record.row, {f: getattr(family, f) for f in FACTS})
        self._remember(household)
        return household


@dataclass
class Pass:
    """What one import does: statuses by row, and the writes it will make."""

    status: dict[int, str] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)
    new: list[Household] = field(default_factory=list)
    changed: list[Household] = field(default_factory=list)
    receipts: list[tuple[Household, str, int]] = field(default_factory=list)  # and file row


def _plan(records: list[FamilyRecord], index: FamilyIndex) -> Pass:
    """Decide each row against the index: a new family, changed facts, or nothing new."""
    plan = Pass()
    seen: set[int] = set()  # id() of the households an earlier row of the file touched
    for record in records:
        household = index.find(record)
        status = "unchanged"
        if household is None:
            household = index.add(record)
            plan.new.append(household)
            status = "new"
        changes = {k: v for k, v in record.facts.items() if household.facts.get(k) != v}
        if id(household) in seen:
            if changes:  # the first row for the family decides; this one contradicts it
                first = household.first_row
                same = Reason("same_family", params={"row": first})
                plan.rejected.append(Rejected(record.row, {}, (same,)))
                continue
        else:
            seen.add(id(household))
            household.first_row = record.row
            if changes:
                household.facts.update(changes)
                if status == "unchanged":
                    plan.changed.append(household)
                    status = "updated"
        for intervention in record.received:
            plan.receipts.append((household, intervention, record.row))
        plan.status[record.row] = status
    return plan


def _receipts(plan: Pass, user: AbstractBaseUser | AnonymousUser, today: date) -> set[int]:
    """Record assistance not yet recorded within the window; returns the rows that gave one."""
    families = sorted({h.family.pk for h, _i, _r in plan.receipts})
    recent: set[tuple[int, str]] = set()
    since = today - timedelta(days=RECEIPT_WINDOW_DAYS)
    for ids in batched(families):
        recent |= set(
            Delivery.objects.filter(family_id__in=ids, delivered_on__gt=since).values_list(
                "family_id", "intervention"
            )
        )
    actor = acting_user(user)
    new: list[Delivery] = []
    rows: set[int] = set()
    for household, intervention, row in plan.receipts:
        key = (household.family.pk, intervention)
        if key in recent:
            continue
        recent.add(key)
        rows.add(row)
        new.append(
            Delivery(
                intervention=intervention,
                family_id=household.family.pk,
                delivered_on=today,
                note="DTSEN",
                recorded_by=actor,
            )
        )
    Delivery.objects.bulk_create(new, batch_size=2000)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=actor, action=Action.CREATE, object_type="delivery", object_id=str(d.pk)
            )
            for d in new
        ],
        batch_size=2000,
    )
    return rows


def _write(plan: Pass, user: AbstractBaseUser | AnonymousUser, today: date) -> None:
    for household in plan.new:
        for fact, value in household.facts.items():
            setattr(household.family, fact, value)
    Family.objects.bulk_create([h.family for h in plan.new], batch_size=2000)
    update_rows(
        Family,
        FACTS,
        ((*(h.facts[f] for f in FACTS), h.family.pk) for h in plan.changed),
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=acting_user(user),
                action=Action.UPDATE,
                object_type="family",
                object_id=str(h.family.pk),
            )
            for h in plan.changed
        ],
        batch_size=2000,
    )
    for row in _receipts(plan, user, today):
        if plan.status.get(row) == "unchanged":
            plan.status[row] = "updated"


def _dtsen(
    records: list[FamilyRecord],
    index: FamilyIndex,
    plan: Pass,
    user: AbstractBaseUser | AnonymousUser,
    today: date,
) -> None:
    """Every DTSEN household, with or without children, keeps its decile for the quarter and
    its assistance as programme receipts (``tumbuh.poverty``)."""
    households = []
    for record in records:
        household = index.find(record)
        if record.row in plan.status and household is not None and household.family.pk:
            households.append(
                DtsenHousehold(
                    household.family.pk,
                    record.row,
                    record.facts,
                    record.received,
                    Head(record.head_nik, record.head_name, record.head_born, record.head_sex)
                    if record.head_nik and record.head_born
                    else None,
                )
            )
    for row in dtsen_recorded(households=households, today=today, user=user):
        if plan.status.get(row) == "unchanged":
            plan.status[row] = "updated"


def _within_scope(
    records: list[FamilyRecord], user: AbstractBaseUser | AnonymousUser
) -> tuple[list[FamilyRecord], list[Rejected]]:
    """Rows of a kelurahan outside the uploader's area are refused, whatever the file says."""
    allowed = {
        code
        for code in {r.kelurahan for r in records}
        if in_scope(user, Region(code=code, name=""))
    }
    kept = [r for r in records if r.kelurahan in allowed]
    refused = [Rejected(r.row, {}, (OUTSIDE_AREA,)) for r in records if r.kelurahan not in allowed]
    return kept, refused


def families_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region, kind: str, today: date
) -> ImportResult:
    """Import a BKKBN or DTSEN file: read and validated first, then stored in one transaction
    (all or nothing)."""
    require(user, Permission.IMPORT_FAMILIES)  # each row is held to the scope
    frame = read_table(path)
    records, rejected = validate_families(
        frame, kind=kind, kelurahan=_kelurahan_names(region), today=today
    )
    records, outside = _within_scope(records, user)
    with transaction.atomic():
        return _store(
            records,
            [*rejected, *outside],
            frame.height,
            kind=kind,
            user=user,
            path=path,
            region=region,
            today=today,
        )


def _store(
    records: list[FamilyRecord],
    rejected: Sequence[Rejected],
    rows: int,
    *,
    kind: str,
    user: AbstractBaseUser | AnonymousUser,
    path: Path,
    region: Region,
    today: date,
) -> ImportResult:
    batch = batch_open(user=user, kind=kind, path=path, region=region)
    result = ImportResult(rows=rows, rejected=list(rejected), batch=batch)
    for record in records:
        result.warnings.extend((record.row, w) for w in record.warnings)
    index = FamilyIndex(region)
    plan = _plan(records, index)
    _write(plan, user, today)
    if kind == Kind.DTSEN:
        _dtsen(records, index, plan, user, today)
    result.rejected.extend(plan.rejected)
    result.count(plan.status.values())
    batch_close(user=user, batch=batch, result=result)
    return result
