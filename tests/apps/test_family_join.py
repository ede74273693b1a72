"""A child registered with the No. KK of a family already on file: the kader sees the family
(head, RT/RW, members) and confirms before the child joins it; the join is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.registry.models import Family, Person
from tumbuh.registry.services import child_register


def _data(kk_number: str) -> dict[str, str]:
    return {
        "name": "Adik Baru",
        "sex": "2",
        "birth_date": "2026-01-20",
        "no_nik_reason": "not_yet",
        "mother_name": "Ibu Sari",
        "kk_number": kk_number,
    }


def _family(world: World) -> Family:
    family = FamilyFactory(kelurahan=world.kelurahan_a, head_name="Yohanes Lumi", rt="003", rw="07")
    ChildFactory(family=family, posyandu=world.posyandu_a)
    ChildFactory(family=family, posyandu=world.posyandu_a)
    return family


def _url(world: World) -> str:
    return f"/people/posyandu/{world.posyandu_a.pk}/add-child/"


def test_the_form_shows_the_family_and_saves_nothing_until_confirmed(
    world: World, client: Client
) -> None:
    family = _family(world)
    client.force_login(world.kader)
    response = client.post(_url(world), _data(family.kk_number))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Yohanes Lumi" in page
    assert "003/07" in page
    assert response.context["family"].members == 2
    assert f'name="join_family" value="{family.pk}"' in page
    assert not Person.objects.filter(name="Adik Baru").exists()


def test_confirming_joins_the_family_and_audits_it(world: World, client: Client) -> None:
    family = _family(world)
    client.force_login(world.kader)
    response = client.post(_url(world), {**_data(family.kk_number), "join_family": family.pk})
    assert response.status_code == 302
    assert Person.objects.get(name="Adik Baru").family == family
    assert AuditEvent.objects.filter(
        user=world.kader, action=Action.UPDATE, object_type="family", object_id=str(family.pk)
    ).exists()


def test_a_confirmation_of_another_family_does_not_join(world: World, client: Client) -> None:
    family, other = _family(world), _family(world)
    client.force_login(world.kader)
    response = client.post(_url(world), {**_data(family.kk_number), "join_family": other.pk})
    assert response.status_code == 200
    assert response.context["family"].pk == family.pk
    assert not Person.objects.filter(name="Adik Baru").exists()


def test_a_new_no_kk_starts_a_family_without_asking(world: World, client: Client) -> None:
    client.force_login(world.kader)
    response = client.post(_url(world), _data("7172019999990001"))
    assert response.status_code == 302
    child = Person.objects.get(name="Adik Baru")
    assert child.family.kk_number == "7172019999990001"
    assert not AuditEvent.objects.filter(object_type="family").exists()


def test_the_service_refuses_an_unconfirmed_join(world: World) -> None:
    family = _family(world)
    with pytest.raises(ValidationError) as error:
        child_register(
            user=world.kader,
            posyandu=world.posyandu_a,
            name="Adik Baru",
            sex=2,
            birth_date=date(2026, 1, 20),
            mother_name="Ibu Sari",
            no_nik_reason="not_yet",
            kk_number=family.kk_number,
        )
    assert "kk_number" in error.value.message_dict
    assert not Person.objects.filter(name="Adik Baru").exists()
