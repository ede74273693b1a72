"""Personas: a kader of posyandu A, the puskesmas officer over A, the TPPS secretariat of the kota,
and outsiders from another kelurahan (a kader and a TPK member of kelurahan B), always refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User

from tests.apps.factories import (
    ChildFactory,
    FamilyFactory,
    PosyanduFactory,
    PuskesmasFactory,
    RegionFactory,
)
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Person

PASSWORD = "a-long-test-password"


@dataclass
class World:
    kota: Region
    kelurahan_a: Region
    kelurahan_b: Region
    posyandu_a: Posyandu
    posyandu_b: Posyandu
    child_a: Person
    child_b: Person
    kader: User
    puskesmas: User
    tpps: User
    outsider: User
    outsider_tpk: User
    admin: User


@pytest.fixture
def world(db: None) -> World:
    prov = RegionFactory(code="71", name="Sulawesi Utara", level="provinsi", kind="")
    kota = RegionFactory(code="71.72", name="Kota Bitung", level="kabupaten_kota", parent=prov)
    kec = RegionFactory(code="71.72.01", name="Lembeh Selatan", level="kecamatan", parent=kota)
    kec2 = RegionFactory(code="71.72.02", name="Madidir", level="kecamatan", parent=kota)
    kel_a = RegionFactory(code="71.72.01.1001", name="Pasir Panjang", parent=kec)
    kel_b = RegionFactory(code="71.72.02.1001", name="Madidir Ure", parent=kec2)
    pkm_a = PuskesmasFactory(kecamatan=kec)
    pkm_b = PuskesmasFactory(kecamatan=kec2)
    pos_a = PosyanduFactory(kelurahan=kel_a, puskesmas=pkm_a)
    pos_b = PosyanduFactory(kelurahan=kel_b, puskesmas=pkm_b)
    child_a = ChildFactory(family=FamilyFactory(kelurahan=kel_a), posyandu=pos_a)
    child_b = ChildFactory(family=FamilyFactory(kelurahan=kel_b), posyandu=pos_b)
    return World(
        kota=kota,
        kelurahan_a=kel_a,
        kelurahan_b=kel_b,
        posyandu_a=pos_a,
        posyandu_b=pos_b,
        child_a=child_a,
        child_b=child_b,
        kader=user_create(username="kader_a", password=PASSWORD, role=Role.KADER, posyandu=pos_a),
        puskesmas=user_create(
            username="pkm_a", password=PASSWORD, role=Role.PUSKESMAS, puskesmas=pkm_a
        ),
        tpps=user_create(username="tpps", password=PASSWORD, role=Role.TPPS, region=kota),
        outsider=user_create(
            username="kader_b", password=PASSWORD, role=Role.KADER, posyandu=pos_b
        ),
        outsider_tpk=user_create(username="tpk_b", password=PASSWORD, role=Role.TPK, region=kel_b),
        admin=user_create(username="root", password=PASSWORD, role=Role.ADMIN),
    )


TODAY = date(2026, 3, 10)


def pg_sample(personas: list[str], sample: set[str]) -> list[object]:
    """A walk's personas as parameters: those outside ``sample`` marked ``beyond_pg_sample``, so
    the PostgreSQL run of .ci/run walks the sample and SQLite walks them all."""
    assert sample <= set(personas)
    return [
        persona if persona in sample else pytest.param(persona, marks=pytest.mark.beyond_pg_sample)
        for persona in personas
    ]
