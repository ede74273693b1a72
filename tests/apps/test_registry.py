"""Registering people: NIK or a reason, possible duplicates shown before saving."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.apps.conftest import World
from tumbuh.registry.models import Person, Sasaran
from tumbuh.registry.selectors import possible_duplicates
from tumbuh.registry.services import person_create, sasaran_start


def test_a_person_without_nik_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError):
        person_create(
            user=world.kader,
            family=world.child_a.family,
            name="Tanpa Alasan",
            sex=2,
            birth_date=date(2025, 2, 1),
        )


def test_a_wrong_nik_is_refused_on_the_nik_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        person_create(
            user=world.kader,
            family=world.child_a.family,
            name="Salah",
            sex=1,
            birth_date=date(2025, 2, 1),
            nik="7172010202250001",
        )
    assert "nik" in error.value.message_dict


def test_same_name_birth_and_mother_is_a_possible_duplicate(world: World) -> None:
    found = possible_duplicates(
        nik=None, name=world.child_a.name.upper(), birth_date=world.child_a.birth_date, mother=None
    )
    assert list(found) == [world.child_a]


def test_the_form_shows_the_duplicate_and_saves_only_when_confirmed(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    url = f"/people/posyandu/{world.posyandu_a.pk}/add-child/"
    data = {
        "name": world.child_a.name,
        "sex": "1",
        "birth_date": "2025-01-15",
        "no_nik_reason": "not_yet",
        "mother_name": "Ibu",
    }
    response = client.post(url, data)
    assert response.context["duplicates"] == [world.child_a.pk]
    assert Person.objects.count() == 2
    client.post(url, {**data, "confirm": "1"})
    assert Person.objects.count() == 3


def test_the_form_puts_the_nik_message_by_the_field(world: World, client: Client) -> None:
    client.force_login(world.kader)
    data = {
        "name": "Baru",
        "sex": "1",
        "birth_date": "2025-01-15",
        "nik": "7172014501250001",
        "mother_name": "Ibu",
    }
    response = client.post(f"/people/posyandu/{world.posyandu_a.pk}/add-child/", data)
    assert response.context["form"].errors["nik"]
    assert Person.objects.count() == 2


def test_a_new_pregnancy_closes_the_open_one(world: World) -> None:
    mother = world.child_a
    first = sasaran_start(
        user=world.admin, person=mother, role=Sasaran.IBU_HAMIL, start=date(2025, 1, 1)
    )
    sasaran_start(
        user=world.admin,
        person=mother,
        role=Sasaran.IBU_HAMIL,
        start=date(2026, 1, 1),
        hpht=date(2025, 12, 1),
        hpl=date(2026, 9, 7),
    )
    first.refresh_from_db()
    assert first.end == date(2026, 1, 1)


def test_a_pregnancy_through_the_page_gets_an_hpl(world: World, client: Client) -> None:
    client.force_login(world.kader)
    url = f"/people/{world.child_a.pk}/sasaran/"
    response = client.post(url, {"role": "ibu_hamil", "start": "2026-02-01"})
    assert response.context["form"].errors["hpht"]
    client.post(url, {"role": "ibu_hamil", "start": "2026-02-01", "hpht": "2026-01-01"})
    role = world.child_a.roles.get()
    assert role.hpl == date(2026, 10, 8)


def test_outsiders_cannot_add_roles(world: World, client: Client) -> None:
    client.force_login(world.outsider)
    response = client.post(
        f"/people/{world.child_a.pk}/sasaran/", {"role": "balita", "start": "2026-02-01"}
    )
    assert response.status_code == 403
    assert not world.child_a.roles.exists()


def test_a_sibling_joins_the_family_by_kk_and_is_linked_to_the_mother(
    world: World, client: Client
) -> None:
    family = world.child_a.family
    mother = person_create(
        user=world.kader,
        family=family,
        name="Ibu Sari",
        sex=2,
        birth_date=date(1995, 5, 5),
        no_nik_reason="unknown",
        posyandu=world.posyandu_a,
    )
    client.force_login(world.kader)
    data = {
        "name": "Adik",
        "sex": "2",
        "birth_date": "2026-01-20",
        "no_nik_reason": "not_yet",
        "mother_name": "ibu sari",
        "kk_number": family.kk_number,
    }
    client.post(f"/people/posyandu/{world.posyandu_a.pk}/add-child/", data)
    sibling = Person.objects.get(name="Adik")
    assert sibling.family == family
    assert sibling.mother == mother


def test_duplicates_show_while_typing(world: World, client: Client) -> None:
    world.child_a.nik = "7172011501250003"
    world.child_a.save()
    client.force_login(world.kader)
    url = f"/people/posyandu/{world.posyandu_a.pk}/duplicates/"
    page = client.get(url, {"nik": "7172011501250003"}).content.decode()
    assert f"#{world.child_a.pk}" in page
    assert (
        f"#{world.child_a.pk}" not in client.get(url, {"nik": "7172011601250003"}).content.decode()
    )
    client.force_login(world.outsider)
    assert client.get(url, {"nik": "7172011501250003"}).status_code == 403
