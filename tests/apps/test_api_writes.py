"""Idempotent TPK visits and deliveries through the API, and ``tumbuh token``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.apps.conftest import PASSWORD, World
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.api.models import ApiToken
from tumbuh.api.tokens import token_create
from tumbuh.cli import main
from tumbuh.interventions.models import Delivery
from tumbuh.teams.models import Assignment, Team, TeamKind, TeamMember, Visit


def _client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, owner=user).secret}")


def _post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def tpk(world: World) -> Any:
    user = user_create(username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a)
    team = Team.objects.create(kind=TeamKind.TPK, name="TPK A", region=world.kelurahan_a)
    TeamMember.objects.create(team=team, name="Bidan A", position="bidan", user=user)
    Assignment.objects.create(family=world.child_a.family, team=team, since=date(2026, 1, 1))
    return user


def test_a_visit_sent_twice_is_logged_once(world: World, tpk: Any) -> None:
    client = _client(tpk)
    visit = {
        "uuid": "0b9c1f7e-8d43-4c1e-a1c4-3f5e6d7a8b90",
        "family": world.child_a.family_id,
        "visited_on": "2026-02-03",
        "checked": "KIA book",
    }
    assert _post(client, "/api/v1/visits/", visit).status_code == 201
    assert _post(client, "/api/v1/visits/", visit).status_code == 200
    assert _post(client, "/api/v1/visits/", visit | {"given": "TTD"}).status_code == 409
    assert Visit.objects.count() == 1
    listed = client.get("/api/v1/visits/").json()["results"]
    assert [v["uuid"] for v in listed] == [visit["uuid"]]


def test_a_visit_to_a_family_outside_the_area_is_not_found(world: World, tpk: Any) -> None:
    client = _client(tpk)
    visit = {
        "uuid": "0b9c1f7e-8d43-4c1e-a1c4-3f5e6d7a8b91",
        "family": world.child_b.family_id,
        "visited_on": "2026-02-03",
    }
    assert _post(client, "/api/v1/visits/", visit).status_code == 404


def test_a_delivery_sent_twice_is_recorded_once(world: World) -> None:
    pkh = user_create(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)
    client = _client(pkh)
    delivery = {
        "uuid": "9d2a4b6c-1e3f-4a5b-8c7d-6e5f4a3b2c10",
        "intervention": "pkh",
        "family": world.child_a.family_id,
        "delivered_on": "2026-03-01",
    }
    assert _post(client, "/api/v1/deliveries/", delivery).status_code == 201
    assert _post(client, "/api/v1/deliveries/", delivery).status_code == 200
    assert _post(client, "/api/v1/deliveries/", delivery | {"note": "x"}).status_code == 409
    assert Delivery.objects.count() == 1
    both = _post(client, "/api/v1/deliveries/", delivery | {"person": world.child_a.pk})
    assert both.status_code == 400
    assert set(both.json()) == {"person", "family"}
    other_office = delivery | {
        "uuid": "9d2a4b6c-1e3f-4a5b-8c7d-6e5f4a3b2c11",
        "intervention": "imunisasi_dasar",
        "family": None,
        "person": world.child_a.pk,
    }
    assert _post(client, "/api/v1/deliveries/", other_office).status_code == 403


def test_token_create_prints_the_token_on_its_last_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "create", "--user", "kader_a", "--days", "30", "--name", "hp"]) == 0
    secret = capsys.readouterr().out.splitlines()[-1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/children/").status_code == 200
    token = ApiToken.objects.get()
    assert token.name == "hp"
    assert main(["token", "list", "--user", "kader_a"]) == 0
    assert f"tmb_{token.prefix}_" in capsys.readouterr().out
    assert main(["token", "revoke", str(token.pk)]) == 0
    assert client.get("/api/v1/children/").status_code == 401


def test_token_create_refuses_an_unknown_user_and_a_too_long_life(world: World) -> None:
    assert main(["token", "create", "--user", "nobody"]) == 2
    assert main(["token", "create", "--user", "kader_a", "--days", "4000"]) == 2
    assert not ApiToken.objects.exists()


def test_a_service_gets_a_token_by_oauth2_client_credentials(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "client", "--user", "kader_a", "--name", "satusehat-bridge"]) == 0
    client_id, secret = capsys.readouterr().out.splitlines()[-1].split()
    answer = Client().post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert answer.status_code == 200
    access = answer.json()["access_token"]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {access}")
    children = api.get("/api/v1/children/")
    assert children.status_code == 200
    assert api.get(f"/api/v1/children/{world.child_b.pk}/").status_code == 404
    wrong = Client().post(
        "/api/v1/oauth/token/",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": "x"},
    )
    assert wrong.status_code == 401
