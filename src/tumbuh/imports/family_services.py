"""Importing BKKBN family data and DTSEN welfare data: families matched by No. KK (else head
of family) within the kelurahan, their facts updated, DTSEN assistance recorded as deliveries.
All or nothing, per-row savepoints, idempotent (same as the e-PPGBM import)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tumbuh.accounts.models import Action, Role
from tumbuh.accounts.scope import acting_user, profile_of
from tumbuh.accounts.services import audit_record
from tumbuh.files import read_table
from tumbuh.imports.models import ImportBatch
from tumbuh.imports.services import ImportResult, _kelurahan_names
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.families import FamilyRecord, validate_families
from tumbuh.ingest.names import normalise_name
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.services import delivery_record
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family
from tumbuh.registry.services import family_create

IMPORTING_ROLES = frozenset({Role.ADMIN, Role.TPPS, Role.KECAMATAN})
#: A DTSEN receipt already recorded within this many days is not recorded again.
RECEIPT_WINDOW_DAYS = 365


def _family(record: FamilyRecord) -> tuple[Family, bool]:
    """The family (by No. KK, else head of family, in the kelurahan); created if new."""
    in_kelurahan = Family.objects.filter(kelurahan_id=record.kelurahan)
    if record.kk_number:
        found = in_kelurahan.filter(kk_number=record.kk_number).first()
        if found is not None:
            return found, False
    for candidate in in_kelurahan.filter(head_name__iexact=record.head_name):
        if normalise_name(candidate.head_name) == normalise_name(record.head_name):
            return candidate, False
    created = family_create(
        head_name=record.head_name,
        kelurahan=Region.objects.get(code=record.kelurahan),
        kk_number=record.kk_number,
        address=record.address,
        rt=record.rt,
        rw=record.rw,
    )
    return created, True


def _store(record: FamilyRecord, user: AbstractBaseUser | AnonymousUser, today: date) -> str:
    family, created = _family(record)
    changed = False
    for fact, value in record.facts.items():
        if getattr(family, fact) != value:
            setattr(family, fact, value)
            changed = True
    if changed:
        family.full_clean()
        family.save()
    for intervention in record.received:
        recent = Delivery.objects.filter(
            family=family,
            intervention=intervention,
            delivered_on__gt=today - timedelta(days=RECEIPT_WINDOW_DAYS),
        ).exists()
        if not recent:
            delivery_record(
                user=user,
                intervention=intervention,
                family=family,
                delivered_on=today,
                note="DTSEN",
            )
            changed = True
    if created:
        return "new"
    return "updated" if changed else "unchanged"


@transaction.atomic
def families_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region, kind: str, today: date
) -> ImportResult:
    if profile_of(user).role not in IMPORTING_ROLES:
        raise PermissionDenied
    frame = read_table(path)
    records, rejected = validate_families(frame, kind=kind, kelurahan=_kelurahan_names(region))
    result = ImportResult(rows=frame.height, rejected=list(rejected))
    for record in records:
        result.warnings.extend((record.row, w) for w in record.warnings)
        try:
            with transaction.atomic():
                outcome = _store(record, user, today)
        except ValidationError as error:
            result.rejected.append(Rejected(record.row, {}, tuple(error.messages)))
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    result.batch = ImportBatch.objects.create(
        kind=kind,
        file_name=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        region=region,
        rows=result.rows,
        new=result.new,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=len(result.rejected),
        created_by=acting_user(user),
    )
    audit_record(
        user=user, action=Action.CREATE, object_type="import_batch", object_id=result.batch.pk
    )
    return result
