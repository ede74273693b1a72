"""Writes of measurements: record and correct, always re-scoring with the growth engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, in_scope, require, require_any
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.entry.dates import not_in_future
from tumbuh.growth import age_in_days
from tumbuh.measurements.gains import child_gains_refresh
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.measurements.scoring import apply_scores, score, warnings
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    warnings: list[str]


def _previous_weighing(child: Person, measured_on: date) -> Measurement | None:
    earlier = Measurement.objects.filter(
        child=child, measured_on__lt=measured_on, weight_kg__isnull=False
    )
    return earlier.order_by("-measured_on").first()


ALREADY_MEASURED = gettext_lazy("This child was already measured on %(date)s.")


def _one_a_day(measurement: Measurement, child: Person) -> None:
    """Refuse a second measurement of the child on the same day (correct the first instead)."""
    same_day = Measurement.objects.filter(child=child, measured_on=measurement.measured_on)
    if same_day.exclude(pk=measurement.pk).exists():
        shown = date_format(measurement.measured_on, "j F Y")
        error = ValidationError(ALREADY_MEASURED, code="already_measured", params={"date": shown})
        raise ValidationError({"measured_on": error})


def _score_and_save(measurement: Measurement, child: Person) -> Recorded:
    not_in_future("measured_on", measurement.measured_on, today=timezone.localdate())
    if measurement.measured_on < child.birth_date:
        raise ValidationError({"measured_on": _("The date is before the child's birth date.")})
    _one_a_day(measurement, child)
    measurement.age_days = age_in_days(child.birth_date, measurement.measured_on)
    apply_scores(measurement, score(measurement, sex=child.sex))
    measurement.full_clean()
    measurement.save()
    child_gains_refresh(child_id=child.pk)  # this visit's N/T/O/B and that of the later ones
    measurement.refresh_from_db(fields=["gain"])
    previous = _previous_weighing(child, measurement.measured_on)
    return Recorded(measurement, warnings(measurement, previous.gain if previous else None))


@transaction.atomic
def measurement_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    child: Person,
    posyandu: Posyandu,
    measured_on: date,
    weight_kg: Decimal | None,
    lenhei_cm: Decimal | None,
    position: str = "",
    muac_cm: Decimal | None = None,
    head_cm: Decimal | None = None,
    oedema: bool = False,
    client_uuid: UUID | None = None,
) -> Recorded:
    """Record a measurement, score it and say what to re-check (WHO flags, T and 2T).

    ``client_uuid`` is the client's own id for the record (API, offline app)."""
    require(user, Permission.RECORD_MEASUREMENT, child)
    require(user, Permission.RECORD_MEASUREMENT, posyandu)
    measurement = Measurement(
        child=child,
        posyandu=posyandu,
        measured_on=measured_on,
        age_days=0,
        weight_kg=weight_kg,
        lenhei_cm=lenhei_cm,
        position=position,
        muac_cm=muac_cm,
        head_cm=head_cm,
        oedema=oedema,
        recorded_by=acting_user(user),
        client_uuid=client_uuid,
    )
    recorded = _score_and_save(measurement, child)
    audit_record(
        user=user, action=Action.CREATE, object_type="measurement", object_id=measurement.pk
    )
    return recorded


@transaction.atomic
def measurement_correct(
    *,
    user: AbstractBaseUser | AnonymousUser,
    measurement: Measurement,
    weight_kg: Decimal | None,
    lenhei_cm: Decimal | None,
    position: str = "",
    muac_cm: Decimal | None = None,
    head_cm: Decimal | None = None,
    oedema: bool = False,
    measured_on: date | None = None,
) -> Recorded:
    """Correct a measurement: stored z-scores and the child's gain statuses are recomputed."""
    require(user, Permission.RECORD_MEASUREMENT, measurement)
    measurement.weight_kg = weight_kg
    measurement.lenhei_cm = lenhei_cm
    measurement.position = position
    measurement.muac_cm = muac_cm
    measurement.head_cm = head_cm
    measurement.oedema = oedema
    if measured_on is not None:
        measurement.measured_on = measured_on
    child = measurement.child
    recorded = _score_and_save(measurement, child)
    audit_record(
        user=user, action=Action.UPDATE, object_type="measurement", object_id=measurement.pk
    )
    return recorded


@transaction.atomic
def maternal_measurement_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    person: Person,
    measured_on: date,
    lila_cm: Decimal | None = None,
    hb_g_dl: Decimal | None = None,
) -> MaternalMeasurement:
    """Record a woman's LiLA and/or Hb (KEK and anaemia screening, by health workers or at a TPK
    visit); audited."""
    require_any(user, Permission.RECORD_MEASUREMENT, Permission.VISIT_FAMILIES)
    if not in_scope(user, person):
        raise PermissionDenied
    not_in_future("measured_on", measured_on, today=timezone.localdate())
    measurement = MaternalMeasurement(
        person=person,
        measured_on=measured_on,
        lila_cm=lila_cm,
        hb_g_dl=hb_g_dl,
        recorded_by=acting_user(user),
    )
    measurement.full_clean()
    measurement.save()
    audit_record(
        user=user,
        action=Action.CREATE,
        object_type="maternal_measurement",
        object_id=measurement.pk,
    )
    return measurement
