"""What a kader types is what is saved: decimal commas, dates that happened, one measurement a
day, implausible jumps re-measured, TPK visits that say something."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory
from tests.apps.test_teams import _tpk_world
from tumbuh.measurements.models import MaternalMeasurement, Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Person, Sasaran
from tumbuh.registry.services import child_register, sasaran_start
from tumbuh.teams.models import Visit
from tumbuh.teams.services import visit_record


def _measure_url(world: World) -> str:
    return f"/measurements/child/{world.child_a.pk}/measure/"


def _data(**changes: str) -> dict[str, str]:
    data = {"measured_on": "2026-01-10", "weight_kg": "9,1", "lenhei_cm": "76,0", "position": "l"}
    return {**data, **changes}


def _record(world: World, on: date, weight: str, length: str = "76.0") -> Measurement:
    return measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position="l",
    ).measurement


def test_the_form_stores_a_weight_typed_with_a_comma(world: World, client: Client) -> None:
    client.force_login(world.kader)
    response = client.post(_measure_url(world), _data(weight_kg="8,2"))
    assert response.status_code == 302
    assert Measurement.objects.get().weight_kg == Decimal("8.2")


def test_the_form_refuses_a_future_date_in_indonesian_and_stores_nothing(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        _measure_url(world), _data(measured_on=tomorrow.isoformat()), HTTP_ACCEPT_LANGUAGE="id"
    )
    assert "ada di masa depan" in response.context["form"].errors["measured_on"][0]
    assert not Measurement.objects.exists()


def test_the_service_refuses_a_future_measurement(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _record(world, timezone.localdate() + timedelta(days=1), "9.1")
    assert "measured_on" in error.value.message_dict
    assert not Measurement.objects.exists()


def test_a_second_measurement_that_day_says_so_and_links_to_the_correction(
    world: World, client: Client
) -> None:
    first = _record(world, date(2026, 1, 10), "9.1")
    client.force_login(world.kader)
    response = client.post(_measure_url(world), _data(), HTTP_ACCEPT_LANGUAGE="id")
    page = response.content.decode()
    assert "Anak ini sudah diukur pada 10 Januari 2026." in page
    assert f'href="/measurements/{first.pk}/correct/"' in page
    assert "Measurement" not in page
    assert Measurement.objects.count() == 1


def test_5_5_kg_typed_as_55_asks_to_measure_again_before_saving(
    world: World, client: Client
) -> None:
    _record(world, date(2025, 12, 10), "5.4", "60.0")
    client.force_login(world.kader)
    data = _data(weight_kg="55", lenhei_cm="61")
    response = client.post(_measure_url(world), data, HTTP_ACCEPT_LANGUAGE="id")
    page = response.content.decode()
    assert "Berat 55 kg lebih dari dua kali 5,40 kg yang diukur pada 10 Desember 2025." in page
    assert "Saya sudah mengukur ulang, simpan" in page
    assert Measurement.objects.count() == 1
    confirmed = client.post(_measure_url(world), {**data, "weight_kg": "11", "remeasured": "on"})
    assert confirmed.status_code == 302
    assert Measurement.objects.count() == 2


def test_an_ordinary_gain_saves_without_asking(world: World, client: Client) -> None:
    _record(world, date(2025, 12, 10), "8.8")
    client.force_login(world.kader)
    response = client.post(_measure_url(world), _data())
    assert response.status_code == 302


def test_a_correction_is_compared_with_the_measurement_before_it(
    world: World, client: Client
) -> None:
    _record(world, date(2025, 12, 10), "8.8")
    second = _record(world, date(2026, 1, 10), "9.1")
    client.force_login(world.kader)
    url = f"/measurements/{second.pk}/correct/"
    response = client.post(url, _data(weight_kg="19"))
    assert response.status_code == 200
    assert response.context["remeasure"]
    assert client.post(url, _data(weight_kg="9,3")).status_code == 302
    second.refresh_from_db()
    assert second.weight_kg == Decimal("9.3")


@pytest.mark.parametrize("born", [date(2030, 1, 1), date(1850, 1, 1)])
def test_registration_refuses_an_impossible_birth_date(world: World, born: date) -> None:
    with pytest.raises(ValidationError) as error:
        child_register(
            user=world.kader,
            posyandu=world.posyandu_a,
            name="Adik Baru",
            sex=2,
            birth_date=born,
            mother_name="Ibu Sari",
            no_nik_reason="not_yet",
        )
    assert "birth_date" in error.value.message_dict
    assert not Person.objects.filter(name="Adik Baru").exists()


def test_the_registration_form_refuses_a_future_birth_date(world: World, client: Client) -> None:
    client.force_login(world.kader)
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "name": "Adik Baru",
        "sex": "2",
        "birth_date": tomorrow.isoformat(),
        "no_nik_reason": "not_yet",
        "mother_name": "Ibu Sari",
    }
    url = f"/people/posyandu/{world.posyandu_a.pk}/add-child/"
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="id")
    assert "ada di masa depan" in response.context["form"].errors["birth_date"][0]
    assert not Person.objects.filter(name="Adik Baru").exists()


def test_a_sasaran_cannot_start_in_the_future(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        sasaran_start(
            user=world.admin,
            person=world.child_a,
            role=Sasaran.BADUTA,
            start=timezone.localdate() + timedelta(days=3),
        )
    assert "start" in error.value.message_dict


def _visit_url(family_pk: int) -> str:
    return f"/teams/tpk/family/{family_pk}/"


def test_the_visit_form_refuses_an_empty_visit(world: World, client: Client) -> None:
    member, _, family, _ = _tpk_world(world)
    client.force_login(member)
    today = timezone.localdate().isoformat()
    response = client.post(_visit_url(family.pk), {"visited_on": today}, HTTP_ACCEPT_LANGUAGE="id")
    assert "kunjungan kosong tidak disimpan" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_next_visit_before_the_visit_gets_an_indonesian_field_message(
    world: World, client: Client
) -> None:
    member, _, family, _ = _tpk_world(world)
    client.force_login(member)
    data = {"visited_on": "2026-03-10", "checked": "LiLA", "next_visit_on": "2026-03-01"}
    response = client.post(_visit_url(family.pk), data, HTTP_ACCEPT_LANGUAGE="id")
    errors = response.context["form"].errors["next_visit_on"]
    assert errors == ["Kunjungan berikutnya harus sesudah tanggal kunjungan (10 Maret 2026)."]
    assert "next_visit_after_visit" not in response.content.decode()
    assert not Visit.objects.exists()


def test_a_future_visit_is_refused_by_the_form_and_the_service(
    world: World, client: Client
) -> None:
    member, _, family, _ = _tpk_world(world)
    client.force_login(member)
    later = timezone.localdate() + timedelta(days=400)
    response = client.post(
        _visit_url(family.pk), {"visited_on": later.isoformat(), "checked": "LiLA"}
    )
    assert response.context["form"].errors["visited_on"]
    with pytest.raises(ValidationError):
        visit_record(user=member, family=family, visited_on=later, checked="LiLA")
    assert not Visit.objects.exists()


def test_the_visit_history_shows_the_mothers_lila_and_hb(world: World, client: Client) -> None:
    member, _, family, _ = _tpk_world(world)
    mother = ChildFactory(
        family=family, posyandu=world.posyandu_a, name="Ibu", sex=2, birth_date=date(2000, 1, 1)
    )
    today = timezone.localdate()
    sasaran_start(
        user=world.admin, person=mother, role=Sasaran.IBU_HAMIL, start=today - timedelta(days=60)
    )
    client.force_login(member)
    data = {"visited_on": today.isoformat(), "mother_lila_cm": "22,8", "mother_hb_g_dl": "10,4"}
    assert client.post(_visit_url(family.pk), data).status_code == 302
    assert MaternalMeasurement.objects.get(person=mother).lila_cm == Decimal("22.8")
    page = client.get(_visit_url(family.pk)).content.decode()
    assert "LiLA 22,8 cm" in page
    assert "Hb 10,4 g/dL" in page
