"""Writes of the registry: families, people (NIK checked), sasaran roles."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.entry.dates import birth_possible, not_in_future
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person, Sasaran, SasaranRole
from tumbuh.registry.nik import nik_validate
from tumbuh.registry.selectors import (
    DuplicatePlace,
    duplicate_places,
    family_by_kk,
    kabkota_code,
    mother_in_family,
    possible_duplicates,
)


@transaction.atomic
def family_create(
    *,
    head_name: str,
    kelurahan: Region,
    kk_number: str = "",
    address: str = "",
    rt: str = "",
    rw: str = "",
) -> Family:
    family = Family(
        head_name=head_name, kelurahan=kelurahan, kk_number=kk_number, address=address, rt=rt, rw=rw
    )
    family.full_clean()
    family.save()
    return family


@transaction.atomic
def person_create(
    *,
    user: AbstractBaseUser | AnonymousUser,
    family: Family,
    name: str,
    sex: int,
    birth_date: date,
    nik: str | None = None,
    no_nik_reason: str = "",
    mother: Person | None = None,
    posyandu: Posyandu | None = None,
) -> Person:
    """Register a person: a NIK must agree with birth date and sex, else a reason is needed."""
    require(user, Permission.RECORD_MEASUREMENT, posyandu or family)
    birth_possible("birth_date", birth_date, today=timezone.localdate())
    if nik:
        try:
            nik_validate(nik, birth_date=birth_date, sex=sex)
        except ValidationError as error:
            raise ValidationError({"nik": error.messages}) from error
        no_nik_reason = ""
    person = Person(
        family=family,
        name=name.strip(),
        sex=sex,
        birth_date=birth_date,
        nik=nik or None,
        no_nik_reason=no_nik_reason,
        mother=mother,
        posyandu=posyandu,
        created_by=acting_user(user),
    )
    person.full_clean()
    person.save()
    audit_record(user=user, action=Action.CREATE, object_type="person", object_id=person.pk)
    return person


@transaction.atomic
def sasaran_start(
    *,
    user: AbstractBaseUser | AnonymousUser,
    person: Person,
    role: Sasaran,
    start: date,
    hpht: date | None = None,
    hpl: date | None = None,
) -> SasaranRole:
    """Start a sasaran role, closing an open one of the same kind."""
    require(user, Permission.RECORD_MEASUREMENT, person)
    today = timezone.localdate()
    not_in_future("start", start, today=today)
    not_in_future("hpht", hpht, today=today)
    SasaranRole.objects.filter(person=person, role=role, end__isnull=True).update(end=start)
    item = SasaranRole(person=person, role=role, start=start, hpht=hpht, hpl=hpl)
    item.full_clean()
    item.save()
    audit_record(user=user, action=Action.UPDATE, object_type="person", object_id=person.pk)
    return item


@transaction.atomic
def child_register(
    *,
    user: AbstractBaseUser | AnonymousUser,
    posyandu: Posyandu,
    name: str,
    sex: int,
    birth_date: date,
    mother_name: str,
    nik: str = "",
    no_nik_reason: str = "",
    kk_number: str = "",
    address: str = "",
    rt: str = "",
    rw: str = "",
    join_family: int | None = None,
) -> Person:
    """Register a child at a posyandu: joins the family with this No. KK in the kelurahan (and
    its mother of that name) or starts a new family.

    Joining an existing family needs ``join_family``, the id of the family the kader was shown
    and confirmed; the join is audited as a change of that family."""
    require(user, Permission.RECORD_MEASUREMENT, posyandu)
    birth_possible("birth_date", birth_date, today=timezone.localdate())
    family = family_by_kk(kk_number=kk_number, kelurahan=posyandu.kelurahan)
    if family is None:
        family = family_create(
            head_name=mother_name,
            kelurahan=posyandu.kelurahan,
            kk_number=kk_number,
            address=address,
            rt=rt,
            rw=rw,
        )
    elif family.pk != join_family:
        raise ValidationError({"kk_number": FAMILY_JOIN_UNCONFIRMED})
    else:
        audit_record(user=user, action=Action.UPDATE, object_type="family", object_id=family.pk)
    return person_create(
        user=user,
        family=family,
        name=name,
        sex=sex,
        birth_date=birth_date,
        nik=nik or None,
        no_nik_reason=no_nik_reason,
        posyandu=posyandu,
        mother=mother_in_family(family=family, name=mother_name),
    )


FAMILY_JOIN_UNCONFIRMED = _("A family with this No. KK is registered: confirm joining it.")
#: Duplicate checks one user may make in ``DUPLICATE_CHECK_WINDOW`` (a kader typing a form
#: makes a few; a script trying NIKs makes thousands).
DUPLICATE_CHECKS_ALLOWED = 30
DUPLICATE_CHECK_WINDOW = timedelta(minutes=1)


class TooManyChecksError(Exception):
    """The user made ``DUPLICATE_CHECKS_ALLOWED`` checks within the window already."""


def duplicate_check(
    *,
    user: AbstractBaseUser | AnonymousUser,
    posyandu: Posyandu,
    nik: str | None,
    name: str,
    birth_date: date | None,
    mother: Person | None,
) -> list[DuplicatePlace]:
    """Where, in the posyandu's kab/kota, a person with this full NIK, or this name, birth date
    and mother, is already registered (places only, see ``DuplicatePlace``).

    Only a full valid NIK is looked up, never a prefix; without one and without name and birth
    date nothing is looked up. Each lookup is audited (object: the posyandu, never the NIK) and
    counted: past ``DUPLICATE_CHECKS_ALLOWED`` a minute, ``TooManyChecksError``."""
    usable_nik = nik if nik and _nik_is_valid(nik) else None
    usable_name = name.strip() if name and birth_date else ""
    if not usable_nik and not usable_name:
        return []
    _duplicate_check_allow(user)
    audit_record(
        user=user, action=Action.CHECK_DUPLICATE, object_type="posyandu", object_id=posyandu.pk
    )
    found = possible_duplicates(
        nik=usable_nik,
        name=usable_name,
        birth_date=birth_date,
        mother=mother,
        within_kabkota=kabkota_code(posyandu.kelurahan),
    )
    return duplicate_places(user=user, people=found)


def _nik_is_valid(nik: str) -> bool:
    try:
        nik_validate(nik)
    except ValidationError:
        return False
    return True


def _duplicate_check_allow(user: AbstractBaseUser | AnonymousUser) -> None:
    """Counted from the audit log: one count for every server process, nothing to configure."""
    since = timezone.now() - DUPLICATE_CHECK_WINDOW
    recent = AuditEvent.objects.filter(
        user=acting_user(user), action=Action.CHECK_DUPLICATE, at__gte=since
    )
    if recent.count() >= DUPLICATE_CHECKS_ALLOWED:
        raise TooManyChecksError
