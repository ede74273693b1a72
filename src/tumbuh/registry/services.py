"""Writes of the registry: families, people (NIK checked), sasaran roles."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person, Sasaran, SasaranRole
from tumbuh.registry.nik import nik_validate
from tumbuh.registry.selectors import family_by_kk, mother_in_family


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
) -> Person:
    """Register a child at a posyandu: joins the family with this No. KK in the kelurahan (and
    its mother of that name) or starts a new family."""
    require(user, Permission.RECORD_MEASUREMENT, posyandu)
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
