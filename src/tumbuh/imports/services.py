"""Importing an e-PPGBM export: validate -> link -> score -> store, all or nothing.

Rows are handled in chunks, each with a few set-wise queries (people by NIK, measurements of the
chunk's children) and bulk writes, so a million-row export fits in minutes and well under 2 GB.
The file is read and each chunk validated outside any transaction; each chunk is then linked and
stored in its own short transaction, so on SQLite other saves wait a moment for the write lock
instead of failing. All or nothing still holds: each chunk also records what it changed, and a
failure midway undoes the batch (``tumbuh.imports.undo``), so it leaves nothing behind. Every row
ends stored (new, updated or unchanged) or rejected with its reason; importing the same file twice
adds nothing. Rows are written once, gain status included (no rewrite leaving dead rows behind),
and the tables' statistics are refreshed at the end, so the next queries are planned on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone

from tumbuh.accounts.models import Action, AuditEvent, Role
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user, profile_of
from tumbuh.accounts.services import audit_record
from tumbuh.facts.services import facts_rebuild
from tumbuh.files import open_table
from tumbuh.imports.bulk_sql import tables_analyse
from tumbuh.imports.child_matching import Child, ChildMatcher
from tumbuh.imports.measurement_upsert import Visit, measurements_upsert
from tumbuh.imports.models import ImportBatch, ImportUndo, Kind
from tumbuh.imports.undo import batch_undo, undo_created
from tumbuh.ingest.eppgbm import EppgbmRecord, Rejected, resolve_headers, validate_eppgbm
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.reasons import Reason, as_text
from tumbuh.ingest.template import as_eppgbm
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Level, Posyandu, Puskesmas, Region
from tumbuh.regions.selectors import places_of
from tumbuh.registry.models import Family, Person

#: Rows validated, linked and stored together, in one transaction (about a second on SQLite).
CHUNK_ROWS = 5_000
#: Why a row about someone outside the uploader's area is refused: the same words whether or not
#: that person is known, so an upload cannot be used to learn who is registered elsewhere.
OUTSIDE_AREA = Reason("outside_scope")
#: A z-score in the file further than this from Tumbuh's is reported (the file computed it).
Z_DIFFERENCE_REPORTED = 0.01
#: Tables an import writes to, analysed once it is done.
WRITTEN = (Measurement, Person, Family, Posyandu, Delivery, AuditEvent, ImportUndo)
#: The export's own z-score columns and the stored z-score each corresponds to.
FILE_Z = {
    "zs_hfa": ("ZS TB/U", "zlen"),
    "zs_wfa": ("ZS BB/U", "zwei"),
    "zs_wfh": ("ZS BB/TB", "zwfl"),
}
Progress = Callable[[int, int], None]
BatchOpened = Callable[[ImportBatch], None]


@dataclass
class ImportResult:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[tuple[int, Reason]] = field(default_factory=list)
    created_posyandu: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None
    # at-risk families given a TPK team after the import, and those whose desa has none
    tpk_assigned: int = 0
    tpk_without_team: int = 0

    def count(self, statuses: Iterable[str]) -> None:
        """Add rows by their status: ``new``, ``updated`` or ``unchanged``."""
        for status in statuses:
            setattr(self, status, getattr(self, status) + 1)

    def line(self) -> str:
        return (
            f"rows: {self.rows}, new: {self.new}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, rejected: {len(self.rejected)}"
        )


def _kelurahan_names(region: Region) -> dict[str, str]:
    rows = Region.objects.filter(level=Level.KELURAHAN, code__startswith=region.code + ".")
    return {normalise_name(r.name): r.code for r in rows}


class PosyanduError(Exception):
    """A row's posyandu cannot be used (its reasons say why)."""

    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        super().__init__("; ".join(map(str, reasons)))
        self.reasons = reasons


class PosyanduFinder:
    """Posyandu by kelurahan and folded name; new ones are created under their kelurahan.

    A puskesmas officer imports only for the posyandu of their own puskesmas: a row of another
    puskesmas's posyandu is refused (and reported)."""

    def __init__(self, region: Region, user: AbstractBaseUser | AnonymousUser) -> None:
        self.known: dict[tuple[str, str], int] = {}
        self.puskesmas_of: dict[int, int] = {}
        self.refused: dict[tuple[str, str], tuple[Reason, ...]] = {}
        self.created: list[str] = []
        self.created_pks: list[int] = []
        profile = profile_of(user)
        self.only: int | None = profile.puskesmas_id if profile.role == Role.PUSKESMAS else None
        rows = Posyandu.objects.filter(kelurahan__code__startswith=region.code + ".")
        for pk, name, kelurahan, puskesmas in rows.values_list(
            "pk", "name", "kelurahan_id", "puskesmas_id"
        ):
            self.known.setdefault((kelurahan, normalise_name(name)), pk)
            self.puskesmas_of[pk] = puskesmas

    def find(self, name: str, kelurahan_code: str) -> int:
        key = (kelurahan_code, normalise_name(name))
        if key in self.refused:  # decided once for every row naming it
            raise PosyanduError(self.refused[key])
        if key not in self.known:
            try:
                self.known[key] = self._create(name, kelurahan_code)
            except PosyanduError as refusal:
                self.refused[key] = refusal.reasons
                raise
        pk = self.known[key]
        if self.only is not None and self.puskesmas_of[pk] != self.only:
            raise PosyanduError((Reason("posyandu_other_puskesmas", "Posyandu", {"name": name}),))
        return pk

    def _create(self, name: str, kelurahan_code: str) -> int:
        kelurahan = Region.objects.get(code=kelurahan_code)
        puskesmas = (
            Puskesmas.objects.filter(kelurahan_served=kelurahan).first()
            or Puskesmas.objects.filter(kecamatan_id=kelurahan.parent_id).first()
        )
        where = {"name": name, "kelurahan": kelurahan.name}
        if puskesmas is None:
            raise PosyanduError((Reason("posyandu_unserved", "Posyandu", where),))
        if self.only is not None and puskesmas.pk != self.only:
            raise PosyanduError((Reason("posyandu_outside_area", "Posyandu", where),))
        created = Posyandu(name=name, kelurahan=kelurahan, puskesmas=puskesmas)
        try:
            created.full_clean()
        except ValidationError as error:
            raise PosyanduError(tuple(map(as_text, error.messages))) from error
        created.save()
        self.puskesmas_of[created.pk] = puskesmas.pk
        self.created_pks.append(created.pk)
        self.created.append(f"{name} ({kelurahan.name})")
        return created.pk


def _cross_check(record: EppgbmRecord, visit: Visit, result: ImportResult) -> None:
    for key, (header, stored) in FILE_Z.items():
        in_file = record.file_z.get(key)
        ours = visit.scores.get(stored)
        if in_file is not None and ours is not None and abs(in_file - ours) > Z_DIFFERENCE_REPORTED:
            differ = {"file": f"{in_file:g}", "ours": f"{ours:g}"}
            result.warnings.append((record.row, Reason("z_differs", header, differ)))


def _store_chunk(
    records: list[EppgbmRecord],
    *,
    user: AbstractBaseUser | AnonymousUser,
    posyandu: PosyanduFinder,
    matcher: ChildMatcher,
    result: ImportResult,
    batch: int,
    seen: dict[int, int],
) -> None:
    """Link and store a chunk's records."""
    usable: list[EppgbmRecord] = []
    places: list[int] = []
    for record in records:
        result.warnings.extend((record.row, w) for w in record.warnings)
        try:
            places.append(posyandu.find(record.posyandu, record.kelurahan))
        except PosyanduError as refusal:
            result.rejected.append(Rejected(record.row, {}, refusal.reasons))
            continue
        usable.append(record)
    linked, warnings = matcher.link(usable, places)
    result.warnings.extend(warnings)
    children: list[Child] = []
    kept: list[EppgbmRecord] = []
    kept_places: list[int] = []
    for record, child, place in zip(usable, linked, places, strict=True):
        if matcher.outside_scope(child):
            result.rejected.append(Rejected(record.row, {}, (OUTSIDE_AREA,)))
            continue
        children.append(child)
        kept.append(record)
        kept_places.append(place)
    usable, places = kept, kept_places
    outcome = measurements_upsert(
        user=user, records=usable, children=children, posyandu_of=places, batch=batch, seen=seen
    )
    result.warnings.extend(outcome.warnings)
    result.rejected.extend(outcome.rejected)
    result.count(outcome.status.values())
    for record, measurement in outcome.stored:
        _cross_check(record, measurement, result)
    _given(usable, children, outcome.rejected, user=user, batch=batch)


def _given(
    records: list[EppgbmRecord],
    children: list[Child],
    rejected: list[Rejected],
    *,
    user: AbstractBaseUser | AnonymousUser,
    batch: int,
) -> None:
    """PMT and vitamin A given at a stored weighing become deliveries (the catalogue's
    ``pmt_balita`` and ``vitamin_a``)."""
    from tumbuh.imports.delivery_services import given_at_weighing  # it imports this module

    refused = {r.row for r in rejected}
    given_at_weighing(
        (
            (intervention, child.pk, record.measured_on)
            for record, child in zip(records, children, strict=True)
            if record.row not in refused
            for intervention in record.given
        ),
        user=user,
        batch=batch,
    )


def eppgbm_import(
    *,
    user: AbstractBaseUser | AnonymousUser,
    path: Path,
    region: Region,
    progress: Progress | None = None,
    kind: Kind = Kind.EPPGBM,
    opened: BatchOpened | None = None,
) -> ImportResult:
    """Import an e-PPGBM export (or a filled Tumbuh template, ``kind=Kind.TEMPLATE``) for a
    kab/kota. Raises ``FileError``, ``EppgbmFileError`` or ``TemplateFileError`` for a file
    that cannot be read at all (nothing is stored); ``progress(done, total)`` is called after
    each chunk of rows is committed, ``opened(batch)`` once the batch is recorded (a caller that
    may be killed keeps it to undo the import). Any failure undoes what was stored."""
    require(user, Permission.IMPORT_MEASUREMENTS)  # each row is held to the scope
    table = open_table(path)  # read piece by piece: a kabupaten's file is never held whole
    columns = table.columns
    if kind == Kind.TEMPLATE:
        columns = as_eppgbm(pl.DataFrame(schema=dict.fromkeys(columns, pl.String))).columns
    resolve_headers(columns)
    pieces = (
        as_eppgbm(piece) if kind == Kind.TEMPLATE else piece for piece in table.pieces(CHUNK_ROWS)
    )
    batch = batch_open(user=user, kind=kind, path=path, region=region)
    if opened is not None:
        opened(batch)
    try:
        return _store_file(
            pieces, table.height, user=user, region=region, batch=batch, progress=progress
        )
    except BaseException:
        _undo(batch.pk)
        raise


def _undo(batch: int, attempts: int = 3) -> None:
    """Undo a failed import; a database still busy is tried again (a batch left behind by a
    process that could not undo it is undone when its job is settled)."""
    for attempt in range(attempts):
        try:
            batch_undo(batch)
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise


def _store_file(
    pieces: Iterable[pl.DataFrame],
    height: int,
    *,
    user: AbstractBaseUser | AnonymousUser,
    region: Region,
    batch: ImportBatch,
    progress: Progress | None,
) -> ImportResult:
    """Store the file's rows, ``height`` of them, coming in consecutive ``pieces``."""
    kelurahan = _kelurahan_names(region)
    today = timezone.localdate()
    places = places_of(region)
    result = ImportResult(rows=height, batch=batch)
    if progress is not None:
        progress(0, height)
    posyandu = PosyanduFinder(region, user)
    matcher = ChildMatcher(region=region, user=user)
    seen: dict[int, int] = {}
    start = 0
    for chunk in pieces:
        records, rejected = validate_eppgbm(
            chunk, kelurahan=kelurahan, today=today, first_row=start + 2, places=places
        )
        result.rejected.extend(rejected)
        with transaction.atomic():
            _store_chunk(
                records,
                user=user,
                posyandu=posyandu,
                matcher=matcher,
                result=result,
                batch=batch.pk,
                seen=seen,
            )
            _record_created(batch.pk, posyandu, matcher)
        start += chunk.height
        if progress is not None:
            progress(start, height)
    tables_analyse(WRITTEN)
    result.created_posyandu = posyandu.created
    with transaction.atomic():
        batch_close(user=user, batch=batch, result=result)
    return result


def _record_created(batch: int, posyandu: PosyanduFinder, matcher: ChildMatcher) -> None:
    """What the chunk created, for ``batch_undo`` (in the chunk's transaction)."""
    undo_created(batch, "posyandu", posyandu.created_pks)
    undo_created(batch, "family", matcher.created_families)
    undo_created(batch, "person", matcher.created_people)
    posyandu.created_pks.clear()
    matcher.created_families.clear()
    matcher.created_people.clear()


def batch_open(
    *, user: AbstractBaseUser | AnonymousUser, kind: str, path: Path, region: Region
) -> ImportBatch:
    """The record of an import, created before its rows so they can name it."""
    return ImportBatch.objects.create(
        kind=kind,
        file_name=path.name,
        sha256=_sha256(path),
        region=region,
        created_by=acting_user(user),
    )


def batch_close(
    *, user: AbstractBaseUser | AnonymousUser, batch: ImportBatch, result: ImportResult
) -> None:
    """Record what became of the rows (rejections in file order) and audit the import."""
    result.rejected.sort(key=lambda r: r.row)
    batch.rows, batch.new, batch.updated, batch.unchanged, batch.rejected = (
        result.rows,
        result.new,
        result.updated,
        result.unchanged,
        len(result.rejected),
    )
    batch.save()
    facts_rebuild(region=batch.region_id)  # the figures pages read, in the last transaction
    audit_record(user=user, action=Action.CREATE, object_type="import_batch", object_id=batch.pk)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
