"""Importing an e-PPGBM export: validate -> link -> commit, all or nothing.

The whole file is imported in one transaction: a failure midway leaves nothing behind. Inside
it each row has its own savepoint, so a row the registry refuses (say, a NIK that contradicts
the birth date) is rolled back alone and reported. Every row ends stored (new, updated or
unchanged) or rejected with its reason; importing the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from tumbuh.accounts.scope import acting_user
from tumbuh.files import read_table
from tumbuh.imports.models import ImportBatch, Kind
from tumbuh.ingest.eppgbm import EppgbmRecord, Rejected, validate_eppgbm
from tumbuh.ingest.names import normalise_name
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_correct, measurement_record
from tumbuh.regions.models import Level, Posyandu, Puskesmas, Region
from tumbuh.registry.models import NoNikReason, Person
from tumbuh.registry.services import child_register

#: A z-score in the file further than this from Tumbuh's is reported (the file computed it).
Z_DIFFERENCE_REPORTED = 0.01
#: The export's own z-score columns and the stored z-score each corresponds to.
FILE_Z = {
    "zs_hfa": ("ZS TB/U", "zlen"),
    "zs_wfa": ("ZS BB/U", "zwei"),
    "zs_wfh": ("ZS BB/TB", "zwfl"),
}


@dataclass
class ImportResult:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    created_posyandu: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None

    def line(self) -> str:
        return (
            f"rows: {self.rows}, new: {self.new}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, rejected: {len(self.rejected)}"
        )


def _kelurahan_names(region: Region) -> dict[str, str]:
    rows = Region.objects.filter(level=Level.KELURAHAN, code__startswith=region.code + ".")
    return {normalise_name(r.name): r.code for r in rows}


def _posyandu(name: str, kelurahan_code: str, created_now: list[str]) -> Posyandu:
    """The posyandu of that name in the kelurahan; created (and listed) if new."""
    key = normalise_name(name)
    for candidate in Posyandu.objects.filter(kelurahan_id=kelurahan_code):
        if normalise_name(candidate.name) == key:
            return candidate
    kelurahan = Region.objects.get(code=kelurahan_code)
    puskesmas = (
        Puskesmas.objects.filter(kelurahan_served=kelurahan).first()
        or Puskesmas.objects.filter(kecamatan_id=kelurahan.parent_id).first()
    )
    if puskesmas is None:
        raise ValidationError(f"Posyandu: '{name}' is new and no puskesmas serves {kelurahan.name}")
    created = Posyandu(name=name, kelurahan=kelurahan, puskesmas=puskesmas)
    created.full_clean()
    created.save()
    created_now.append(f"{name} ({kelurahan.name})")
    return created


def _child(
    record: EppgbmRecord,
    posyandu: Posyandu,
    user: AbstractBaseUser | AnonymousUser,
    result: ImportResult,
) -> Person:
    """The same child: by NIK, else by name, birth date and kelurahan; else registered."""
    if record.nik:
        found = Person.objects.filter(nik=record.nik).first()
        if found is not None:
            return found
    same = Person.objects.filter(
        birth_date=record.birth_date, sex=record.sex, family__kelurahan_id=record.kelurahan
    )
    for candidate in same:
        if normalise_name(candidate.name) == normalise_name(record.name):
            return candidate
    try:
        with transaction.atomic():
            return child_register(
                user=user,
                posyandu=posyandu,
                name=record.name,
                sex=record.sex,
                birth_date=record.birth_date,
                mother_name=record.parent or "-",
                nik=record.nik or "",
                no_nik_reason="" if record.nik else NoNikReason.UNKNOWN,
                address=record.address,
                rt=record.rt[:3],
                rw=record.rw[:3],
            )
    except ValidationError as error:
        if not record.nik:
            raise
        result.warnings.append(
            (
                record.row,
                f"NIK: refused by the registry ({'; '.join(error.messages)}); stored without NIK",
            )
        )
    return child_register(
        user=user,
        posyandu=posyandu,
        name=record.name,
        sex=record.sex,
        birth_date=record.birth_date,
        mother_name=record.parent or "-",
        no_nik_reason=NoNikReason.UNKNOWN,
        address=record.address,
        rt=record.rt[:3],
        rw=record.rw[:3],
    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def _store(
    record: EppgbmRecord,
    user: AbstractBaseUser | AnonymousUser,
    result: ImportResult,
    created_now: list[str],
) -> tuple[Measurement, str]:
    """Store one record; returns the measurement and whether it is new, updated or unchanged."""
    posyandu = _posyandu(record.posyandu, record.kelurahan, created_now)
    child = _child(record, posyandu, user, result)
    weight, length, muac = (
        _decimal(record.weight_kg),
        _decimal(record.lenhei_cm),
        _decimal(record.muac_cm),
    )
    existing = Measurement.objects.filter(child=child, measured_on=record.measured_on).first()
    if existing is None:
        recorded = measurement_record(
            user=user,
            child=child,
            posyandu=posyandu,
            measured_on=record.measured_on,
            weight_kg=weight,
            lenhei_cm=length,
            position=record.position,
            muac_cm=muac,
        )
        return recorded.measurement, "new"
    same = (existing.weight_kg, existing.lenhei_cm, existing.position, existing.muac_cm)
    if same == (weight, length, record.position, muac):
        return existing, "unchanged"
    corrected = measurement_correct(
        user=user,
        measurement=existing,
        weight_kg=weight,
        lenhei_cm=length,
        position=record.position,
        muac_cm=muac,
        head_cm=existing.head_cm,
    )
    return corrected.measurement, "updated"


def _cross_check(record: EppgbmRecord, measurement: Measurement, result: ImportResult) -> None:
    for key, (header, stored) in FILE_Z.items():
        in_file = record.file_z.get(key)
        ours = getattr(measurement, stored)
        if in_file is not None and ours is not None and abs(in_file - ours) > Z_DIFFERENCE_REPORTED:
            result.warnings.append(
                (record.row, f"{header}: file {in_file:g}, Tumbuh {ours:g} (WHO method)")
            )


@transaction.atomic
def eppgbm_import(
    *, user: AbstractBaseUser | AnonymousUser, path: Path, region: Region
) -> ImportResult:
    """Import an e-PPGBM export for a kab/kota. Raises ``FileError``/``EppgbmFileError`` for a
    file that cannot be read at all (nothing is stored)."""
    frame = read_table(path)
    records, rejected = validate_eppgbm(frame, kelurahan=_kelurahan_names(region))
    result = ImportResult(rows=frame.height, rejected=list(rejected))
    for record in records:
        result.warnings.extend((record.row, w) for w in record.warnings)
        created_now: list[str] = []
        try:
            with transaction.atomic():
                measurement, outcome = _store(record, user, result, created_now)
        except ValidationError as error:
            result.rejected.append(Rejected(record.row, {}, tuple(error.messages)))
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
        result.created_posyandu.extend(created_now)
        _cross_check(record, measurement, result)
    result.batch = ImportBatch.objects.create(
        kind=Kind.EPPGBM,
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
    return result
