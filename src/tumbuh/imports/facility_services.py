"""Importing a region's puskesmas, the desa/kelurahan each serves and their posyandu.

Puskesmas are found by kecamatan and folded name (else by folded name alone in the region, for a
puskesmas serving a desa of a neighbouring kecamatan), posyandu by desa/kelurahan and folded name.
A row is ``new`` when it creates a puskesmas or a posyandu, ``updated`` when it adds a desa to a
puskesmas's area or moves a posyandu to its puskesmas, ``unchanged`` otherwise; the same file
imported again changes nothing. All or nothing (one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.files import read_table
from tumbuh.imports.services import ImportResult, batch_close, batch_open
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.facilities import FacilityRecord, validate_facilities
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason
from tumbuh.regions.models import Posyandu, Puskesmas, Region
from tumbuh.regions.selectors import places_of

NAME_LENGTH = Puskesmas._meta.get_field("name").max_length or 100


@dataclass
class FacilityIndex:
    """The region's puskesmas (by kecamatan and name, and by name), the desa each serves, and
    its posyandu (by desa and name, with their puskesmas)."""

    puskesmas: dict[tuple[str, str], Puskesmas] = field(default_factory=dict)
    by_name: dict[str, list[Puskesmas]] = field(default_factory=dict)
    served: set[tuple[int, str]] = field(default_factory=set)
    posyandu: dict[tuple[str, str], Posyandu] = field(default_factory=dict)

    @classmethod
    def of(cls, region: Region) -> FacilityIndex:
        index = cls()
        under = region.code + "."
        for puskesmas in Puskesmas.objects.filter(kecamatan__code__startswith=under):
            index.remember(puskesmas)
        through = Puskesmas.kelurahan_served.through
        index.served = set(
            through.objects.filter(puskesmas__kecamatan__code__startswith=under).values_list(
                "puskesmas_id", "region_id"
            )
        )
        for posyandu in Posyandu.objects.filter(kelurahan__code__startswith=under):
            index.posyandu.setdefault(
                (posyandu.kelurahan_id, normalise_name(posyandu.name)), posyandu
            )
        return index

    def remember(self, puskesmas: Puskesmas) -> None:
        key = normalise_name(puskesmas.name)
        self.puskesmas.setdefault((puskesmas.kecamatan_id, key), puskesmas)
        self.by_name.setdefault(key, []).append(puskesmas)

    def find(self, record: FacilityRecord) -> Puskesmas | None:
        key = normalise_name(record.puskesmas)
        found = self.puskesmas.get((record.kecamatan, key))
        if found is None and len(self.by_name.get(key, [])) == 1:
            found = self.by_name[key][0]
        return found


@dataclass
class Writes:
    created: list[tuple[str, int]] = field(default_factory=list)  # (object type, pk)
    updated: list[tuple[str, int]] = field(default_factory=list)


def _one(record: FacilityRecord, index: FacilityIndex, writes: Writes) -> str:
    """Store one row; returns its status."""
    status = "unchanged"
    puskesmas = index.find(record)
    if puskesmas is None:
        puskesmas = Puskesmas.objects.create(
            name=record.puskesmas[:NAME_LENGTH], kecamatan_id=record.kecamatan
        )
        index.remember(puskesmas)
        writes.created.append(("puskesmas", puskesmas.pk))
        status = "new"
    if (puskesmas.pk, record.kelurahan) not in index.served:
        Puskesmas.kelurahan_served.through.objects.create(
            puskesmas_id=puskesmas.pk, region_id=record.kelurahan
        )
        index.served.add((puskesmas.pk, record.kelurahan))
        if status == "unchanged":
            writes.updated.append(("puskesmas", puskesmas.pk))
            status = "updated"
    if not record.posyandu:
        return status
    key = (record.kelurahan, normalise_name(record.posyandu))
    posyandu = index.posyandu.get(key)
    if posyandu is None:
        posyandu = Posyandu.objects.create(
            name=record.posyandu[:NAME_LENGTH], kelurahan_id=record.kelurahan, puskesmas=puskesmas
        )
        index.posyandu[key] = posyandu
        writes.created.append(("posyandu", posyandu.pk))
        return "new"
    if posyandu.puskesmas_id != puskesmas.pk:
        posyandu.puskesmas = puskesmas
        posyandu.save(update_fields=["puskesmas"])
        writes.updated.append(("posyandu", posyandu.pk))
        return "new" if status == "new" else "updated"
    return status


def _store(records: list[FacilityRecord], index: FacilityIndex, result: ImportResult) -> Writes:
    writes = Writes()
    first_row: dict[tuple[str, str], tuple[int, str]] = {}  # posyandu -> (row, puskesmas)
    statuses: list[str] = []
    for record in records:
        if record.posyandu:
            key = (record.kelurahan, normalise_name(record.posyandu))
            puskesmas = normalise_name(record.puskesmas)
            row, earlier = first_row.setdefault(key, (record.row, puskesmas))
            if earlier != puskesmas:  # the first row for the posyandu decides
                where: dict[str, str | int] = {"name": record.posyandu, "row": row}
                result.rejected.append(
                    Rejected(record.row, {}, (Reason("same_posyandu", "Posyandu", where),))
                )
                continue
        statuses.append(_one(record, index, writes))
    result.count(statuses)
    return writes


def _audit(user: AbstractBaseUser | AnonymousUser, writes: Writes) -> None:
    actor = acting_user(user)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(user=actor, action=action, object_type=kind, object_id=str(pk))
            for action, done in ((Action.CREATE, writes.created), (Action.UPDATE, writes.updated))
            for kind, pk in done
        ],
        batch_size=2000,
    )


def facilities_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region
) -> ImportResult:
    """Import a facilities file for a kab/kota: validated first, then stored in one transaction."""
    require(user, Permission.MANAGE_MASTER_DATA)
    frame = read_table(path)
    records, rejected = validate_facilities(frame, places=places_of(region))
    with transaction.atomic():
        batch = batch_open(user=user, kind="facilities", path=path, region=region)
        result = ImportResult(rows=frame.height, rejected=list(rejected), batch=batch)
        writes = _store(records, FacilityIndex.of(region), result)
        _audit(user, writes)
        batch_close(user=user, batch=batch, result=result)
    return result
