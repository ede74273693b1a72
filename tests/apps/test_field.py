"""The field app's server side: the phone's data (scope only), the outbox (once per uuid, never
overwriting), the puskesmas review of differing measurements, logout clearing the phone."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory
from tumbuh.accounts.models import AuditEvent
from tumbuh.field.models import Decision, MeasurementConflict
from tumbuh.field.services import conflict_decide
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Person


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _measurement(child: Person, **changes: Any) -> dict[str, Any]:
    data = {
        "child": child.pk,
        "measured_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "weight_kg": "9.1",
        "lenhei_cm": "74.5",
        "position": "l",
        "muac_cm": None,
        "head_cm": None,
        "oedema": False,
    }
    return {**data, **changes}


def _send(client: Client, *entries: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(
        "/lapangan/kirim/", json.dumps({"entries": list(entries)}), content_type="application/json"
    )
    assert response.status_code == 200
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _entry(data: dict[str, Any], kind: str = "measurement", key: str = "") -> dict[str, Any]:
    return {"uuid": key or str(uuid.uuid4()), "kind": kind, "data": data}


def test_the_phone_gets_the_children_of_its_own_posyandu_only(world: World) -> None:
    data = _client(world.kader).get("/lapangan/data/").json()
    assert [c["id"] for c in data["children"]] == [world.child_a.pk]
    assert data["expiry_days"] == 7
    assert data["families"] == []
    other = _client(world.outsider).get("/lapangan/data/").json()
    assert world.child_a.pk not in [c["id"] for c in other["children"]]
    assert AuditEvent.objects.filter(object_type="field:data").count() == 2


def test_a_role_without_field_work_is_refused_the_phone_data(world: World) -> None:
    assert _client(world.tpps).get("/lapangan/data/").status_code == 403
    assert Client().get("/lapangan/data/").status_code == 302  # to the login page


def test_an_entry_is_stored_once_however_often_it_is_sent(world: World) -> None:
    client = _client(world.kader)
    entry = _entry(_measurement(world.child_a))
    first = _send(client, entry)
    again = _send(client, entry)
    assert first[0]["status"] == again[0]["status"] == "sent"
    assert first[0]["record"]["id"] == again[0]["record"]["id"]
    assert first[0]["record"]["z"]["zwei"] is not None
    assert Measurement.objects.filter(child=world.child_a).count() == 1


def test_a_different_measurement_of_the_same_child_and_day_waits_for_review(world: World) -> None:
    client = _client(world.kader)
    _send(client, _entry(_measurement(world.child_a)))
    different = _entry(_measurement(world.child_a, weight_kg="9.6"))
    result = _send(client, different)[0]
    assert result["status"] == "review"
    assert "puskesmas" in result["reason"]
    assert _send(client, different)[0]["status"] == "review"  # a repeat: still one conflict
    stored = Measurement.objects.get(child=world.child_a)
    assert stored.weight_kg == Decimal("9.10")  # never overwritten silently
    conflict = MeasurementConflict.objects.get()
    assert conflict.weight_kg == Decimal("9.6")
    assert conflict.decision == Decision.OPEN


def test_the_same_weighing_entered_on_two_phones_is_stored_once(world: World) -> None:
    client = _client(world.kader)
    _send(client, _entry(_measurement(world.child_a)))
    result = _send(client, _entry(_measurement(world.child_a, weight_kg="9.10")))[0]
    assert result["status"] == "sent"
    assert Measurement.objects.filter(child=world.child_a).count() == 1
    assert not MeasurementConflict.objects.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"weight_kg": "0.1"}, "weight_kg"),
        ({"measured_on": "2999-01-01"}, "measured_on"),
        ({"lenhei_cm": "74.55"}, "lenhei_cm"),
    ],
)
def test_a_bad_entry_is_refused_with_its_reason(
    world: World, changes: dict[str, Any], words: str
) -> None:
    result = _send(_client(world.kader), _entry(_measurement(world.child_a, **changes)))[0]
    assert result["status"] == "refused"
    assert words in result["reason"]
    assert not Measurement.objects.exists()


def test_an_outsider_is_refused_a_child_of_another_posyandu(world: World) -> None:
    result = _send(_client(world.outsider), _entry(_measurement(world.child_a)))[0]
    assert result["status"] == "refused"
    assert not Measurement.objects.exists()


def test_a_uuid_reused_for_other_values_is_refused(world: World) -> None:
    client = _client(world.kader)
    key = str(uuid.uuid4())
    _send(client, _entry(_measurement(world.child_a), key=key))
    other_day = (timezone.localdate() - timedelta(days=2)).isoformat()
    result = _send(client, _entry(_measurement(world.child_a, measured_on=other_day), key=key))[0]
    assert result["status"] == "refused"
    assert Measurement.objects.count() == 1


def test_a_measurement_for_a_merged_child_goes_to_the_surviving_record(world: World) -> None:
    twin = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a)
    Person.objects.filter(pk=twin.pk).update(merged_into=world.child_a)
    client = _client(world.kader)
    assert client.get("/lapangan/data/").json()["merged"] == {str(twin.pk): world.child_a.pk}
    assert _send(client, _entry(_measurement(twin)))[0]["status"] == "sent"
    assert Measurement.objects.get().child_id == world.child_a.pk


def test_a_corrected_birth_date_reaches_the_phone(world: World) -> None:
    client = _client(world.kader)
    Person.objects.filter(pk=world.child_a.pk).update(birth_date=date(2025, 2, 1))
    child = client.get("/lapangan/data/").json()["children"][0]
    assert child["birth_date"] == "2025-02-01"


def test_a_visit_is_refused_to_a_kader(world: World) -> None:
    visit = {"family": world.child_a.family_id, "visited_on": timezone.localdate().isoformat()}
    result = _send(_client(world.kader), _entry(visit, kind="visit"))[0]
    assert result["status"] == "refused"


def test_an_entry_of_an_unknown_kind_is_refused(world: World) -> None:
    result = _send(_client(world.kader), {"uuid": "x", "kind": "photo", "data": {}})[0]
    assert result == {"uuid": "x", "status": "refused", "reason": result["reason"], "record": {}}


def _conflict(world: World) -> MeasurementConflict:
    client = _client(world.kader)
    _send(client, _entry(_measurement(world.child_a)))
    _send(client, _entry(_measurement(world.child_a, weight_kg="9.6")))
    return MeasurementConflict.objects.get()


def test_the_nutrition_officer_takes_the_phones_values(world: World) -> None:
    conflict = _conflict(world)
    client = _client(world.puskesmas)
    page = client.get("/lapangan/tinjau/")
    assert world.child_a.name in page.content.decode()
    response = client.post(f"/lapangan/tinjau/{conflict.pk}/", {"decision": "phone"})
    assert response.status_code == 302
    stored = Measurement.objects.get(child=world.child_a)
    assert stored.weight_kg == Decimal("9.60")
    conflict.refresh_from_db()
    assert conflict.decision == Decision.REPLACED
    assert conflict.decided_by == world.puskesmas
    assert world.child_a.name not in client.get("/lapangan/tinjau/").content.decode()


def test_the_nutrition_officer_keeps_the_stored_values(world: World) -> None:
    conflict = _conflict(world)
    _client(world.puskesmas).post(f"/lapangan/tinjau/{conflict.pk}/", {"decision": "keep"})
    assert Measurement.objects.get(child=world.child_a).weight_kg == Decimal("9.10")
    conflict.refresh_from_db()
    assert conflict.decision == Decision.KEPT


def test_a_conflict_is_decided_once_and_never_by_a_kader(world: World) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    conflict = _conflict(world)
    assert _client(world.kader).get("/lapangan/tinjau/").status_code == 403
    with pytest.raises(PermissionDenied):
        conflict_decide(user=world.kader, conflict=conflict, take_phone=True)
    conflict_decide(user=world.puskesmas, conflict=conflict, take_phone=False)
    with pytest.raises(ValidationError):
        conflict_decide(user=world.puskesmas, conflict=conflict, take_phone=True)


def test_logout_tells_the_browser_to_delete_the_phones_data(world: World) -> None:
    client = _client(world.kader)
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in Client().get("/accounts/login/")


def test_the_shell_is_the_same_for_every_user_and_the_worker_covers_it(world: World) -> None:
    kader = _client(world.kader).get("/lapangan/")
    outsider = _client(world.outsider).get("/lapangan/")
    assert kader.content == outsider.content  # no name, no token: safe to cache on the phone
    assert b"kader_a" not in kader.content
    worker = _client(world.kader).get("/lapangan/sw.js")
    assert worker["Service-Worker-Allowed"] == "/lapangan/"
    assert b"storage.googleapis.com" not in worker.content
    assert b'"url": "/lapangan/"' in worker.content
    manifest = Client().get("/lapangan/manifest.webmanifest").json()
    assert manifest["scope"] == manifest["start_url"] == "/lapangan/"


def test_the_tables_are_the_engines_own(world: World) -> None:
    from tumbuh.growth.tables import Table, load

    tables = _client(world.kader).get("/lapangan/tabel-who.json").json()["tables"]
    weight = load(Table.WEIGHT_FOR_AGE)
    assert tables["wei"]["m"][:3] == list(weight.m[:3])
    assert tables["wfl"]["first"] == 450


def _tpk_with_a_family(world: World) -> tuple[Any, Any]:
    from tests.apps.conftest import PASSWORD
    from tests.apps.factories import FamilyFactory
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create
    from tumbuh.teams.models import Position, TeamKind
    from tumbuh.teams.services import families_assign, member_add, team_create

    tpk = user_create(username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a)
    team = team_create(user=world.tpps, kind=TeamKind.TPK, name="TPK 1", region=world.kelurahan_a)
    member_add(
        user=world.tpps, team=team, name="Ibu Sari", position=Position.KADER_PKK, account=tpk
    )
    family = FamilyFactory(kelurahan=world.kelurahan_a, head_name="Keluarga Pesisir")
    families_assign(user=world.tpps, families=[family], today=timezone.localdate())
    return tpk, family


def test_a_tpk_phone_gets_its_assigned_families_and_logs_a_visit_once(world: World) -> None:
    from tumbuh.teams.models import Visit

    tpk, family = _tpk_with_a_family(world)
    client = _client(tpk)
    data = client.get("/lapangan/data/").json()
    assert [f["id"] for f in data["families"]] == [family.pk]
    assert data["children"] == []
    assert _client(world.outsider_tpk).get("/lapangan/data/").json()["families"] == []
    visit = {
        "family": family.pk,
        "visited_on": timezone.localdate().isoformat(),
        "checked": "LiLA ibu",
        "next_visit_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    entry = _entry(visit, kind="visit")
    assert _send(client, entry)[0]["status"] == "sent"
    assert _send(client, entry)[0]["status"] == "sent"
    assert Visit.objects.filter(family=family).count() == 1
    assert _send(_client(world.outsider_tpk), _entry(visit, kind="visit"))[0]["status"] == (
        "refused"
    )


def test_a_puskesmas_of_another_area_sees_and_decides_nothing_of_area_a(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    from tests.apps.conftest import PASSWORD
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create

    conflict = _conflict(world)
    other = user_create(
        username="pkm_b",
        password=PASSWORD,
        role=Role.PUSKESMAS,
        puskesmas=world.posyandu_b.puskesmas,
    )
    client = _client(other)
    assert world.child_a.name not in client.get("/lapangan/tinjau/").content.decode()
    assert client.post(f"/lapangan/tinjau/{conflict.pk}/", {"decision": "phone"}).status_code == 403
    with pytest.raises(PermissionDenied):
        conflict_decide(user=other, conflict=conflict, take_phone=True)
    assert Measurement.objects.get(child=world.child_a).weight_kg == Decimal("9.10")
