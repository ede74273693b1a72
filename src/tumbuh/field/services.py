"""The phone's outbox, received: each entry stored once under its uuid, or refused with a reason.

Measurements and visits go through the API's idempotent writes (``tumbuh.api.writes``), which
call the domain services (scoring, gains, permissions, audit). A measurement for a child and day
that already has a different one is never stored over it: it waits as a ``MeasurementConflict``
for the puskesmas nutrition officer, who keeps the stored values or takes the phone's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.api.lookups import family_in_scope, person_in_scope, posyandu_in_scope
from tumbuh.api.serializers import MeasurementWriteSerializer, VisitWriteSerializer
from tumbuh.api.writes import ConflictError, measurement_write, visit_write
from tumbuh.field.models import Decision, MeasurementConflict
from tumbuh.field.payload import measurement_payload, visit_payload
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_correct
from tumbuh.registry.models import Person

#: What became of one outbox entry. "review": it waits for the puskesmas nutrition officer.
SENT, REVIEW, REFUSED = "sent", "review", "refused"
MEASURED_FIELDS = ("weight_kg", "lenhei_cm", "position", "muac_cm", "head_cm", "oedema")


@dataclass(frozen=True)
class Outcome:
    uuid: str
    status: str
    reason: str = ""
    record: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "status": self.status,
            "reason": self.reason,
            "record": self.record,
        }


def _messages(errors: Mapping[str, Any]) -> str:
    parts = []
    for name, messages in errors.items():
        texts = messages if isinstance(messages, list) else [messages]
        parts.append(f"{name}: " + " ".join(str(text) for text in texts))
    return "; ".join(parts)


def _validation_reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return _messages(error.message_dict)
    return " ".join(error.messages)


def _already_measured(error: ValidationError) -> bool:
    if not hasattr(error, "error_dict"):
        return False
    return any(item.code == "already_measured" for item in error.error_dict.get("measured_on", []))


def _same_values(measurement: Measurement, data: Mapping[str, Any]) -> bool:
    return all(getattr(measurement, name) == data[name] for name in MEASURED_FIELDS)


def _child_now(user: AnyUser, pk: int) -> Person:
    """The child as the server knows it now: a merged record stands for its survivor."""
    merged_into = (
        Person.objects.filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    return person_in_scope(user=user, pk=merged_into or pk)


def _conflict(
    *, user: AnyUser, uuid: UUID, child: Person, stored: Measurement, data: Mapping[str, Any]
) -> MeasurementConflict:
    """Keep the phone's differing values for review (once per uuid)."""
    require(user, Permission.RECORD_MEASUREMENT, child)
    values = {name: data[name] for name in MEASURED_FIELDS}
    conflict, created = MeasurementConflict.objects.get_or_create(
        client_uuid=uuid,
        defaults={
            "child": child,
            "posyandu": stored.posyandu,
            "stored": stored,
            "measured_on": data["measured_on"],
            "recorded_by": acting_user(user),
            **values,
        },
    )
    if created:
        audit_record(
            user=user,
            action=Action.CREATE,
            object_type="measurement_conflict",
            object_id=conflict.pk,
        )
    return conflict


def _review_reason() -> str:
    return _(
        "This child already has another measurement on that day. The puskesmas nutrition "
        "officer will decide which values are kept."
    )


def _measurement_sync(user: AnyUser, uuid: str, data: Mapping[str, Any]) -> Outcome:
    body = MeasurementWriteSerializer(data={**data, "uuid": uuid})
    if not body.is_valid():
        return Outcome(uuid, REFUSED, _messages(body.errors))
    valid = body.validated_data
    if MeasurementConflict.objects.filter(client_uuid=valid["uuid"]).exists():
        return Outcome(uuid, REVIEW, _review_reason())
    child = _child_now(user, valid["child"])
    posyandu = posyandu_in_scope(user=user, pk=valid["posyandu"] or child.posyandu_id or 0)
    try:
        written = measurement_write(
            user=user, uuid=valid["uuid"], child=child, posyandu=posyandu, data=valid
        )
    except ValidationError as error:
        if not _already_measured(error):
            raise
        stored = Measurement.objects.get(child=child, measured_on=valid["measured_on"])
        if _same_values(stored, valid):  # the same weighing, entered twice: stored once
            return Outcome(uuid, SENT, record=measurement_payload(stored))
        _conflict(user=user, uuid=valid["uuid"], child=child, stored=stored, data=valid)
        return Outcome(uuid, REVIEW, _review_reason())
    return Outcome(uuid, SENT, record=measurement_payload(written.record))


def _visit_sync(user: AnyUser, uuid: str, data: Mapping[str, Any]) -> Outcome:
    body = VisitWriteSerializer(data={**data, "uuid": uuid})
    if not body.is_valid():
        return Outcome(uuid, REFUSED, _messages(body.errors))
    valid = body.validated_data
    family = family_in_scope(user=user, pk=valid["family"])
    written = visit_write(user=user, uuid=valid["uuid"], family=family, data=valid)
    return Outcome(uuid, SENT, record=visit_payload(written.record))


def outbox_entry_receive(*, user: AnyUser, entry: Mapping[str, Any]) -> Outcome:
    """Store one outbox entry ``{"uuid", "kind", "data"}``, or say why not.

    Every path is safe to repeat: the same entry again answers the same outcome."""
    uuid = str(entry.get("uuid", ""))
    kind = entry.get("kind")
    data = entry.get("data")
    if not isinstance(data, Mapping) or kind not in ("measurement", "visit"):
        return Outcome(uuid, REFUSED, _("The entry is not a measurement or a visit."))
    try:
        with transaction.atomic():
            if kind == "measurement":
                require(user, Permission.RECORD_MEASUREMENT)
                return _measurement_sync(user, uuid, data)
            require(user, Permission.VISIT_FAMILIES)
            return _visit_sync(user, uuid, data)
    except (PermissionDenied, Http404):
        return Outcome(uuid, REFUSED, _("This child or family is not in your area."))
    except ConflictError:
        return Outcome(uuid, REFUSED, _("This entry's id was already used for other values."))
    except ValidationError as error:
        return Outcome(uuid, REFUSED, _validation_reason(error))
    except IntegrityError:
        return Outcome(uuid, REFUSED, _("The values are outside the allowed range."))


def outbox_receive(*, user: AnyUser, entries: list[Any]) -> list[Outcome]:
    return [
        outbox_entry_receive(user=user, entry=entry if isinstance(entry, Mapping) else {})
        for entry in entries
    ]


@transaction.atomic
def conflict_decide(*, user: AnyUser, conflict: MeasurementConflict, take_phone: bool) -> None:
    """The nutrition officer's decision: keep the stored measurement, or correct it to the
    phone's values (re-scored, gains refreshed, audited by ``measurement_correct``)."""
    require(user, Permission.REVIEW_FIELD_CONFLICTS, conflict.child)
    conflict = MeasurementConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.decision != Decision.OPEN:
        raise ValidationError(_("This conflict was already decided."))
    if take_phone:
        measurement_correct(
            user=user,
            measurement=conflict.stored,
            weight_kg=conflict.weight_kg,
            lenhei_cm=conflict.lenhei_cm,
            position=conflict.position,
            muac_cm=conflict.muac_cm,
            head_cm=conflict.head_cm,
            oedema=conflict.oedema,
        )
    conflict.decision = Decision.REPLACED if take_phone else Decision.KEPT
    conflict.decided_by = acting_user(user)
    conflict.decided_at = timezone.now()
    conflict.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(
        user=user, action=Action.UPDATE, object_type="measurement_conflict", object_id=conflict.pk
    )
