"""The duplicate check while a child is registered: a full valid NIK (or name and birth date),
places only, within the kab/kota, every check audited, at most 30 a minute."""

from __future__ import annotations

import time_machine
from django.test import Client

from tests.apps.conftest import World
from tests.apps.factories import (
    ChildFactory,
    FamilyFactory,
    PosyanduFactory,
    PuskesmasFactory,
    RegionFactory,
)
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.registry.models import Person
from tumbuh.registry.services import DUPLICATE_CHECKS_ALLOWED

NIK = "7172011501250003"  # kecamatan 71.72.01, born 15-01-2025, a boy


def _url(world: World) -> str:
    return f"/people/posyandu/{world.posyandu_a.pk}/duplicates/"


def _with_nik(world: World) -> None:
    world.child_b.nik = NIK
    world.child_b.save()


def test_it_says_where_a_record_exists_without_personal_details(
    world: World, client: Client
) -> None:
    _with_nik(world)
    client.force_login(world.kader)
    page = client.get(_url(world), {"nik": NIK}).content.decode()
    assert world.posyandu_b.name in page
    assert world.kelurahan_b.name in page
    assert world.child_b.name not in page
    assert NIK not in page
    assert world.child_b.birth_date.isoformat() not in page
    assert f"#{world.child_b.pk}" not in page  # not the kader's to open


def test_a_record_the_user_may_open_is_linked(world: World, client: Client) -> None:
    world.child_a.nik = NIK
    world.child_a.save()
    client.force_login(world.kader)
    page = client.get(_url(world), {"nik": NIK}).content.decode()
    assert f"#{world.child_a.pk}" in page


def test_a_nik_prefix_is_not_looked_up_nor_audited(world: World, client: Client) -> None:
    _with_nik(world)
    client.force_login(world.kader)
    for prefix in ("7", "717201", "717201150125000"):
        page = client.get(_url(world), {"nik": prefix}).content.decode()
        assert world.posyandu_b.name not in page
    assert not AuditEvent.objects.filter(action=Action.CHECK_DUPLICATE).exists()


def test_a_sixteen_digit_nik_that_cannot_be_right_is_not_looked_up(
    world: World, client: Client
) -> None:
    world.child_b.nik = "0000001501250003"  # no such kecamatan
    world.child_b.save()
    client.force_login(world.kader)
    page = client.get(_url(world), {"nik": "0000001501250003"}).content.decode()
    assert world.posyandu_b.name not in page


def test_name_and_birth_date_are_enough(world: World, client: Client) -> None:
    client.force_login(world.kader)
    query = {"name": world.child_b.name.upper(), "birth_date": "2025-01-15"}
    page = client.get(_url(world), query).content.decode()
    assert world.kelurahan_b.name in page


def test_a_record_in_another_kab_kota_is_not_reported(world: World, client: Client) -> None:
    prov = RegionFactory(code="21", name="Kepulauan Riau", level="provinsi", kind="")
    kota = RegionFactory(code="21.71", name="Kota Batam", level="kabupaten_kota", parent=prov)
    kec = RegionFactory(code="21.71.01", name="Belakang Padang", level="kecamatan", parent=kota)
    kel = RegionFactory(code="21.71.01.1001", name="Pulau Terong", parent=kec)
    posyandu = PosyanduFactory(kelurahan=kel, puskesmas=PuskesmasFactory(kecamatan=kec))
    ChildFactory(family=FamilyFactory(kelurahan=kel), posyandu=posyandu, nik=NIK)
    client.force_login(world.kader)
    page = client.get(_url(world), {"nik": NIK}).content.decode()
    assert "Pulau Terong" not in page


def test_every_check_is_audited_on_the_posyandu_never_with_the_nik(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    client.get(_url(world), {"nik": NIK})
    event = AuditEvent.objects.get(action=Action.CHECK_DUPLICATE)
    assert (event.user_id, event.object_type, event.object_id) == (
        world.kader.pk,
        "posyandu",
        str(world.posyandu_a.pk),
    )
    assert not AuditEvent.objects.filter(object_id__contains=NIK[6:]).exists()


def test_the_registration_form_checks_count_and_are_audited_too(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    data = {"name": "Baru", "sex": "1", "birth_date": "2025-01-15", "nik": NIK, "mother_name": "X"}
    client.post(f"/people/posyandu/{world.posyandu_a.pk}/add-child/", data)
    assert AuditEvent.objects.filter(action=Action.CHECK_DUPLICATE).count() == 1


def test_past_thirty_checks_a_minute_it_answers_429_in_indonesian_then_allows_again(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    with time_machine.travel("2026-03-10 02:00:00+00:00", tick=False) as clock:
        for _ in range(DUPLICATE_CHECKS_ALLOWED):
            assert client.get(_url(world), {"nik": NIK}).status_code == 200
        refused = client.get(_url(world), {"nik": NIK})
        assert refused.status_code == 429
        assert "Terlalu banyak pemeriksaan data ganda" in refused.content.decode()
        assert client.get(f"/people/posyandu/{world.posyandu_a.pk}/add-child/").status_code == 200
        clock.shift(61)
        assert client.get(_url(world), {"nik": NIK}).status_code == 200
    assert (
        AuditEvent.objects.filter(action=Action.CHECK_DUPLICATE).count()
        == DUPLICATE_CHECKS_ALLOWED + 1
    )


def test_the_limit_is_per_user(world: World, client: Client) -> None:
    with time_machine.travel("2026-03-10 02:00:00+00:00", tick=False):
        client.force_login(world.kader)
        for _ in range(DUPLICATE_CHECKS_ALLOWED + 1):
            client.get(_url(world), {"nik": NIK})
        client.force_login(world.puskesmas)
        assert client.get(_url(world), {"nik": NIK}).status_code == 200


def test_over_the_limit_the_registration_form_keeps_what_was_typed(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    data = {"name": "Baru", "sex": "1", "birth_date": "2025-01-15", "nik": NIK, "mother_name": "X"}
    with time_machine.travel("2026-03-10 02:00:00+00:00", tick=False):
        for _ in range(DUPLICATE_CHECKS_ALLOWED):
            client.get(_url(world), {"nik": NIK})
        response = client.post(f"/people/posyandu/{world.posyandu_a.pk}/add-child/", data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Terlalu banyak pemeriksaan data ganda" in page
    assert f'value="{NIK}"' in page
    assert not Person.objects.filter(name="Baru").exists()
