"""Recording deliveries (audited)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.convergence.catalogue import Unit, by_code
from tumbuh.interventions.models import Delivery
from tumbuh.registry.models import Family, Person


@transaction.atomic
def delivery_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    intervention: str,
    delivered_on: date,
    person: Person | None = None,
    family: Family | None = None,
    note: str = "",
) -> Delivery:
    """Record that an intervention reached a person or a family of the user's scope, for an
    office whose deliveries the user records."""
    require(user, Permission.RECORD_DELIVERY, person or family)
    item = by_code().get(intervention)
    if item is None:
        raise ValidationError({"intervention": f"unknown intervention '{intervention}'"})
    require(user, Permission.RECORD_DELIVERY, item.office.value)
    if (item.unit is Unit.PERSON) != (person is not None) or (person is None) == (family is None):
        raise ValidationError({"intervention": f"{item.name_en} is given to a {item.unit.value}"})
    delivery = Delivery(
        intervention=intervention,
        person=person,
        family=family,
        delivered_on=delivered_on,
        note=note,
        recorded_by=acting_user(user),
    )
    delivery.full_clean()
    delivery.save()
    audit_record(user=user, action=Action.CREATE, object_type="delivery", object_id=delivery.pk)
    return delivery
