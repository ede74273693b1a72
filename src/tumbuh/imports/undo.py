"""Undoing an import by its batch: short transactions, and still all or nothing.

An import commits chunk by chunk (a few thousand rows each), so on SQLite the write lock is held
for a second at a time and a kader's save waits its turn instead of failing. To keep the promise
"a failure midway leaves nothing", every chunk commits, in the same transaction as its rows, a
record of what it changed (``ImportUndo``): the people, families and posyandu it created, and the
values each measurement it corrected had before. Measurements it added carry the batch
(``Measurement.import_batch``). When the import fails (an error, or a worker that died: the chunk
being written is rolled back by the database, the earlier ones are undone here), ``batch_undo``
deletes what the batch added, puts back what it corrected, recomputes the SKDN gain of the
children touched and deletes the batch, in one transaction.

A record the batch created that someone used meanwhile (a measurement entered by a kader for a
child the import had just registered) is kept, not deleted with it: nothing a user entered is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.dateparse import parse_date, parse_datetime

from tumbuh.imports.bulk_sql import objects_insert
from tumbuh.imports.child_matching import batched
from tumbuh.imports.models import ImportBatch, ImportJob, ImportUndo
from tumbuh.interventions.models import Delivery
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Family, Person

log = logging.getLogger(__name__)

CREATED_MODELS: dict[str, type[Model]] = {
    "person": Person,
    "family": Family,
    "posyandu": Posyandu,
}


def undo_created(batch: int, model: str, pks: Iterable[int]) -> None:
    """Record rows a chunk created (call inside the chunk's transaction)."""
    objects_insert(
        ImportUndo, [ImportUndo(batch_id=batch, model=model, object_id=pk) for pk in pks]
    )


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def undo_corrections(batch: int, pks: Sequence[int], fields: Sequence[str]) -> None:
    """Record the current values of measurements about to be corrected (inside the chunk's
    transaction, before the update)."""
    rows = Measurement.objects.filter(pk__in=pks).values("pk", *fields)
    objects_insert(
        ImportUndo,
        [
            ImportUndo(
                batch_id=batch,
                model="measurement",
                object_id=row["pk"],
                previous={f: _plain(row[f]) for f in fields},
            )
            for row in rows
        ],
    )


def _restore(field: str, value: Any) -> Any:
    if value is None:
        return None
    kind = Measurement._meta.get_field(field).get_internal_type()  # type: ignore[union-attr]
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "DateTimeField":
        return parse_datetime(value)
    if kind == "DateField":
        return parse_date(value)
    return value


def _delete(model: type[Model], pks: list[int]) -> int:
    """Delete the rows; one someone else's data now refers to is kept."""
    deleted = 0
    for part in batched(pks):
        try:
            deleted += model._default_manager.filter(pk__in=part).delete()[0]
        except ProtectedError:
            for pk in part:
                try:
                    deleted += model._default_manager.filter(pk=pk).delete()[0]
                except ProtectedError:
                    log.warning("undo kept %s %s: in use", model._meta.model_name, pk)
    return deleted


def _created(batch: int, model: str) -> list[int]:
    return list(
        ImportUndo.objects.filter(batch_id=batch, model=model).values_list("object_id", flat=True)
    )


@transaction.atomic
def batch_undo(batch_pk: int) -> None:
    """Take back everything the batch stored; the batch itself is deleted."""
    from tumbuh.facts.services import facts_rebuild
    from tumbuh.imports.measurement_upsert import gains_refresh

    region = ImportBatch.objects.filter(pk=batch_pk).values_list("region_id", flat=True).first()
    if region is None:
        return
    added = Measurement.objects.filter(import_batch_id=batch_pk)
    children = set(added.values_list("child_id", flat=True))
    _delete(Measurement, list(added.values_list("pk", flat=True)))
    corrected = ImportUndo.objects.filter(batch_id=batch_pk, model="measurement")
    for undo in corrected.iterator():
        values = {f: _restore(f, v) for f, v in (undo.previous or {}).items()}
        Measurement.objects.filter(pk=undo.object_id).update(**values)
    children |= set(
        Measurement.objects.filter(
            pk__in=corrected.values_list("object_id", flat=True)
        ).values_list("child_id", flat=True)
    )
    _delete(Delivery, _created(batch_pk, "delivery"))  # given at a weighing (PMT, vitamin A)
    people = _created(batch_pk, "person")
    with_mother = list(
        Person.objects.filter(pk__in=people, mother__isnull=False).values_list("pk", flat=True)
    )
    _delete(Person, with_mother)
    _delete(Person, sorted(set(people) - set(with_mother)))
    _delete(Family, _created(batch_pk, "family"))
    _delete(Posyandu, _created(batch_pk, "posyandu"))
    gains_refresh(children)
    ImportJob.objects.filter(batch_id=batch_pk).update(batch=None)
    _delete(ImportBatch, [batch_pk])  # kept only if a measurement of it was kept
    facts_rebuild(region=region)
