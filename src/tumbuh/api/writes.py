"""Idempotent writes keyed by the client's uuid (the offline app's outbox depends on them).

The first body under a uuid is stored through the domain's own service (scoring, gain, audit
and permissions stay there) and answers 201. The same body again answers 200 with the stored
record and stores nothing. Another body under the same uuid is a conflict (409). "The same body"
means the same canonical values: decimals compare as numbers, position case does not matter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from tumbuh.accounts.scope import AnyUser
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.services import delivery_record
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Visit
from tumbuh.teams.services import visit_record

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """Another body was already stored under this uuid."""


@dataclass(frozen=True)
class Written(Generic[M]):
    record: M
    created: bool


def _same(record: models.Model, canonical: Mapping[str, Any]) -> bool:
    return all(getattr(record, field) == value for field, value in canonical.items())


def write_once(
    model: type[M], *, uuid: UUID, canonical: Mapping[str, Any], create: Callable[[], M]
) -> Written[M]:
    """Store once under ``uuid``; a repeat with the same canonical values returns the record."""
    existing = model._default_manager.filter(client_uuid=uuid).first()
    if existing is None:
        try:
            return Written(create(), created=True)
        except (IntegrityError, ValidationError) as error:
            # Two identical requests at once: the other one stored it first.
            existing = model._default_manager.filter(client_uuid=uuid).first()
            if existing is None:
                raise
            if isinstance(error, ValidationError) and not _same(existing, canonical):
                raise ConflictError from error
    if not _same(existing, canonical):
        raise ConflictError
    return Written(existing, created=False)


def measurement_write(
    *, user: AnyUser, uuid: UUID, child: Person, posyandu: Posyandu, data: Mapping[str, Any]
) -> Written[Measurement]:
    fields = {
        key: data[key]
        for key in ("measured_on", "weight_kg", "lenhei_cm", "position", "muac_cm", "head_cm")
    }
    fields["oedema"] = bool(data["oedema"])
    canonical = {"child_id": child.pk, "posyandu_id": posyandu.pk, **fields}

    def create() -> Measurement:
        recorded = measurement_record(
            user=user, child=child, posyandu=posyandu, client_uuid=uuid, **fields
        )
        return recorded.measurement

    return write_once(Measurement, uuid=uuid, canonical=canonical, create=create)


def visit_write(
    *, user: AnyUser, uuid: UUID, family: Family, data: Mapping[str, Any]
) -> Written[Visit]:
    fields = {
        key: data[key] for key in ("visited_on", "checked", "given", "referred_to", "next_visit_on")
    }
    canonical = {"family_id": family.pk, **fields}

    def create() -> Visit:
        return visit_record(user=user, family=family, client_uuid=uuid, **fields)

    return write_once(Visit, uuid=uuid, canonical=canonical, create=create)


def delivery_write(
    *,
    user: AnyUser,
    uuid: UUID,
    person: Person | None,
    family: Family | None,
    data: Mapping[str, Any],
) -> Written[Delivery]:
    fields = {key: data[key] for key in ("intervention", "delivered_on", "note")}
    canonical = {
        "person_id": None if person is None else person.pk,
        "family_id": None if family is None else family.pk,
        **fields,
    }

    def create() -> Delivery:
        return delivery_record(user=user, person=person, family=family, client_uuid=uuid, **fields)

    return write_once(Delivery, uuid=uuid, canonical=canonical, create=create)
