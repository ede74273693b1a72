"""factory_boy factories for the web system's models."""

from __future__ import annotations

from datetime import date

import factory

from tumbuh.regions.models import Posyandu, Puskesmas, Region
from tumbuh.registry.models import Family, Person


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "71.72.01.1001"
    name = factory.Sequence(lambda n: f"Kelurahan {n}")
    level = "desa_kelurahan"
    kind = "kelurahan"


class PuskesmasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Puskesmas

    name = factory.Sequence(lambda n: f"Puskesmas {n}")


class PosyanduFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posyandu

    name = factory.Sequence(lambda n: f"Posyandu Melati {n}")


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    head_name = factory.Sequence(lambda n: f"Kepala {n}")
    kk_number = factory.Sequence(lambda n: f"7172010000{n:06d}")


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Anak {n}")
    sex = 1
    birth_date = date(2025, 1, 15)
    no_nik_reason = "not_yet"
