"""Every role sees its own scope; the outsiders are refused every object and every list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.apps.conftest import TODAY, World
from tumbuh.accounts.selectors import posyandu_get_for_user, posyandu_list, region_get_for_user
from tumbuh.dashboard.selectors import dashboard_for
from tumbuh.measurements.selectors import measurement_get_for_user, measurement_list
from tumbuh.measurements.services import measurement_record
from tumbuh.measurements.worklists import worklists_for
from tumbuh.registry.selectors import person_get_for_user, person_list

INSIDERS = ("kader", "puskesmas", "tpps", "admin")
OUTSIDERS = ("outsider", "outsider_tpk")


@pytest.fixture
def measured(world: World) -> World:
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=TODAY,
        weight_kg=Decimal("9.1"),
        lenhei_cm=Decimal("76.0"),
        position="l",
    )
    return world


@pytest.mark.parametrize("persona", INSIDERS)
def test_insiders_see_the_child_of_posyandu_a(measured: World, persona: str) -> None:
    user = getattr(measured, persona)
    assert person_get_for_user(user=user, pk=measured.child_a.pk) == measured.child_a
    assert measured.child_a in person_list(user=user)
    assert measurement_list(user=user).filter(child=measured.child_a).count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_are_refused_every_object_of_a(measured: World, persona: str) -> None:
    user = getattr(measured, persona)
    measurement = measurement_list(user=measured.kader).get()
    with pytest.raises(PermissionDenied):
        person_get_for_user(user=user, pk=measured.child_a.pk)
    with pytest.raises(PermissionDenied):
        measurement_get_for_user(user=user, pk=measurement.pk)
    with pytest.raises(PermissionDenied):
        posyandu_get_for_user(user=user, pk=measured.posyandu_a.pk)
    with pytest.raises(PermissionDenied):
        region_get_for_user(user=user, code=measured.kelurahan_a.code)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_lists_hold_nothing_of_a(measured: World, persona: str) -> None:
    user = getattr(measured, persona)
    assert measured.child_a not in person_list(user=user)
    assert not measurement_list(user=user).filter(child=measured.child_a).exists()
    assert measured.posyandu_a not in posyandu_list(user=user)
    lists = worklists_for(user=user, today=TODAY)
    assert not lists.due.filter(child=measured.child_a).exists()
    board = dashboard_for(user=user, region=measured.kota, today=TODAY)
    assert board.registered == 1  # only child B, never child A
    assert board.overall.measured == 0


def test_the_kader_sees_only_her_posyandu(world: World) -> None:
    assert list(posyandu_list(user=world.kader)) == [world.posyandu_a]
    assert list(person_list(user=world.kader)) == [world.child_a]


def test_the_tpps_sees_the_whole_kota(world: World) -> None:
    assert set(person_list(user=world.tpps)) == {world.child_a, world.child_b}


def test_the_puskesmas_officer_does_not_see_another_puskesmas(world: World) -> None:
    with pytest.raises(PermissionDenied):
        person_get_for_user(user=world.puskesmas, pk=world.child_b.pk)


def test_a_user_without_a_profile_sees_nothing(world: World, django_user_model: type) -> None:
    stranger = django_user_model.objects.create_user(username="nobody", password="x")
    with pytest.raises(PermissionDenied):
        person_list(user=stranger)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_403_on_every_page_of_a(
    measured: World, persona: str, client: Client
) -> None:
    client.force_login(getattr(measured, persona))
    measurement = measurement_list(user=measured.kader).get()
    urls = [
        f"/measurements/child/{measured.child_a.pk}/",
        f"/measurements/child/{measured.child_a.pk}/measure/",
        f"/measurements/{measurement.pk}/",
        f"/measurements/{measurement.pk}/correct/",
        f"/measurements/posyandu/{measured.posyandu_a.pk}/",
        f"/people/posyandu/{measured.posyandu_a.pk}/add-child/",
        f"/dashboard/?region={measured.kelurahan_a.code}",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert measured.child_a.name not in client.get("/people/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(world: World, client: Client) -> None:
    response = client.get(f"/measurements/child/{world.child_a.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_read_only_roles_see_the_queue_without_measure_links(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    page = client.get(f"/measurements/posyandu/{world.posyandu_a.pk}/").content.decode()
    assert world.child_a.name in page
    assert f"/measurements/child/{world.child_a.pk}/measure/" not in page


def test_a_refusal_explains_itself_in_indonesian(world: World, client: Client) -> None:
    client.force_login(world.outsider)
    response = client.get(f"/measurements/child/{world.child_a.pk}/")
    assert response.status_code == 403
    assert "di luar wilayah kerja" in response.content.decode()
