"""Recording deliveries (audited)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.catalogue.selectors import catalogue_for
from tumbuh.convergence.catalogue import Unit, by_code
from tumbuh.interventions.models import Delivery
from tumbuh.registry.models import Family, Person

UNIT_MESSAGES = {
    Unit.PERSON: gettext_noop("This intervention is given to a person, not to a family."),
    Unit.FAMILY: gettext_noop("This intervention is given to a family, not to a person."),
}


@transaction.atomic
def delivery_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    intervention: str,
    delivered_on: date,
    person: Person | None = None,
    family: Family | None = None,
    note: str = "",
    client_uuid: UUID | None = None,
) -> Delivery:
    """Record that an intervention reached a person or a family of the user's scope, for an
    office whose deliveries the user records.

    Idempotent: the same intervention to the same person or family on the same day is one
    delivery (the first one recorded is returned again, and audited once). ``client_uuid``: the
    client's own id for it (API writes)."""
    require(user, Permission.RECORD_DELIVERY, person or family)
    home = person.family if person is not None else family
    kelurahan = home.kelurahan_id if home is not None else ""
    item = by_code(catalogue_for(kelurahan, delivered_on)).get(intervention)
    if item is None:
        raise ValidationError(
            {"intervention": _("Unknown intervention '%(code)s'.") % {"code": intervention}}
        )
    require(user, Permission.RECORD_DELIVERY, item.office.value)
    if (item.unit is Unit.PERSON) != (person is not None) or (person is None) == (family is None):
        raise ValidationError({"intervention": _(UNIT_MESSAGES[item.unit])})
    same = {"intervention": intervention, "person": person, "family": family}
    existing = Delivery.objects.filter(**same, delivered_on=delivered_on).first()
    if existing is not None:
        return existing
    delivery = Delivery(
        **same,
        delivered_on=delivered_on,
        note=note,
        recorded_by=acting_user(user),
        client_uuid=client_uuid,
    )
    delivery.full_clean(validate_constraints=False)  # the database decides "once a day"
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:  # the same delivery, recorded a moment ago by a second click
        return Delivery.objects.get(**same, delivered_on=delivered_on)
    audit_record(user=user, action=Action.CREATE, object_type="delivery", object_id=delivery.pk)
    return delivery


@transaction.atomic
def delivery_undo(*, user: AbstractBaseUser | AnonymousUser, delivery_id: int) -> Delivery:
    """Take back a delivery recorded by mistake: only by the user who recorded it, inside
    their scope; audited. Returns the removed delivery (unsaved) for the confirmation message."""
    delivery = Delivery.objects.select_related("person", "family").filter(pk=delivery_id).first()
    actor = acting_user(user)
    if delivery is None or actor is None or delivery.recorded_by_id != actor.pk:
        raise PermissionDenied
    require(user, Permission.RECORD_DELIVERY, delivery.person or delivery.family)
    require(user, Permission.RECORD_DELIVERY, by_code()[delivery.intervention].office.value)
    audit_record(user=user, action=Action.DELETE, object_type="delivery", object_id=delivery.pk)
    delivery.delete()
    return delivery
