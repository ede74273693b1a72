"""The REST API: machine tokens, scope (404 outside it), idempotent writes, cursor pages,
audited reads, errors in the caller's language, and an OpenAPI 3 document that validates."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import World
from tumbuh.accounts.models import AuditEvent
from tumbuh.api.models import ApiToken
from tumbuh.api.tokens import token_create, token_revoke
from tumbuh.measurements.models import Measurement


def bearer(user: User, **kwargs: Any) -> Client:
    secret = token_create(user=user, owner=user, **kwargs).secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def body(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "uuid": "5f0e7a52-3c1b-4b8e-9a3e-0d7f3c2b1a01",
        "child": world.child_a.pk,
        "measured_on": "2026-02-10",
        "weight_kg": 9.1,
        "lenhei_cm": 74.5,
        "position": "L",
    } | changes


def post(client: Client, path: str, data: dict[str, Any], **headers: str) -> Any:
    return client.post(path, data, content_type="application/json", headers=headers)


def test_a_measurement_posted_again_and_again_is_stored_once(world: World) -> None:
    client = bearer(world.kader)
    first = post(client, "/api/v1/measurements/", body(world))
    assert first.status_code == 201
    stored = first.json()
    assert stored["uuid"] == body(world)["uuid"]
    assert stored["position"] == "L"
    assert stored["zscores"]["zlen"] is not None
    assert stored["categories"]["zlen"]["slug"]
    for _ in range(3):
        again = post(client, "/api/v1/measurements/", body(world))
        assert again.status_code == 200
        assert again.json() == stored
    assert Measurement.objects.filter(child=world.child_a).count() == 1


def test_the_same_values_written_differently_are_the_same_body(world: World) -> None:
    client = bearer(world.kader)
    assert post(client, "/api/v1/measurements/", body(world)).status_code == 201
    same = body(world, weight_kg="9.10", position="l", oedema=False, muac_cm=None)
    assert post(client, "/api/v1/measurements/", same).status_code == 200


def test_another_body_under_the_same_uuid_is_a_conflict(world: World) -> None:
    client = bearer(world.kader)
    assert post(client, "/api/v1/measurements/", body(world)).status_code == 201
    response = post(client, "/api/v1/measurements/", body(world, weight_kg=9.4))
    assert response.status_code == 409
    assert Measurement.objects.get().weight_kg == Decimal("9.10")


def test_a_child_of_another_posyandu_is_not_found(world: World) -> None:
    client = bearer(world.kader)
    response = post(client, "/api/v1/measurements/", body(world, child=world.child_b.pk))
    assert response.status_code == 404
    assert client.get(f"/api/v1/children/{world.child_b.pk}/").status_code == 404
    assert not Measurement.objects.exists()


def test_validation_errors_name_the_field_in_the_callers_language(world: World) -> None:
    client = bearer(world.kader)
    bad = body(world, weight_kg=250, position="X")
    del bad["measured_on"]
    english = post(client, "/api/v1/measurements/", bad, **{"Accept-Language": "en"})
    assert english.status_code == 400
    errors = english.json()
    assert set(errors) == {"weight_kg", "position", "measured_on"}
    assert errors["measured_on"] == ["This field is required."]
    indonesian = post(client, "/api/v1/measurements/", bad, **{"Accept-Language": "id"})
    assert indonesian.json()["measured_on"] == ["Bidang ini harus diisi."]
    assert "60" in indonesian.json()["weight_kg"][0]
    assert not Measurement.objects.exists()


def test_a_date_before_birth_is_a_field_error_from_the_service(world: World) -> None:
    client = bearer(world.kader)
    response = post(
        client,
        "/api/v1/measurements/",
        body(world, measured_on="2024-01-01"),
        **{"Accept-Language": "id"},
    )
    assert response.status_code == 400
    assert "measured_on" in response.json()


def test_a_role_that_may_not_record_is_refused(world: World) -> None:
    client = bearer(world.tpps)
    assert post(client, "/api/v1/measurements/", body(world)).status_code == 403


def test_tokens_are_stored_hashed_and_stop_working_when_revoked(world: World) -> None:
    new = token_create(user=world.kader, owner=world.kader, name="tablet")
    stored = ApiToken.objects.get()
    assert new.secret not in {stored.hashed, stored.prefix, stored.name}
    assert stored.prefix in new.secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    assert client.get("/api/v1/children/").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None
    token_revoke(user=world.kader, token=stored)
    assert client.get("/api/v1/children/").status_code == 401


def test_an_expired_or_wrong_token_authenticates_nobody(world: World) -> None:
    new = token_create(user=world.kader, owner=world.kader, days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}").get("/api/v1/children/")
    assert expired.status_code == 401
    forged = new.secret[:-4] + "AAAA"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {forged}").get("/api/v1/children/").status_code == 401


def test_lists_come_in_cursor_pages(world: World) -> None:
    for day in (1, 2, 3):
        Measurement.objects.create(
            child=world.child_a,
            posyandu=world.posyandu_a,
            measured_on=date(2026, 1, day),
            age_days=350 + day,
            weight_kg=Decimal("9"),
        )
    client = bearer(world.kader)
    page = client.get("/api/v1/measurements/?page_size=2").json()
    assert len(page["results"]) == 2
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 1
    assert rest["next"] is None
    seen = [m["measured_on"] for m in page["results"] + rest["results"]]
    assert seen == ["2026-01-01", "2026-01-02", "2026-01-03"]


def test_reads_of_personal_data_are_audited_by_identifier(world: World) -> None:
    client = bearer(world.kader)
    client.get("/api/v1/children/")
    client.get(f"/api/v1/children/{world.child_a.pk}/")
    events = list(
        AuditEvent.objects.filter(user=world.kader).values_list("object_type", "object_id")
    )
    assert ("api:children", "") in events
    assert ("person", str(world.child_a.pk)) in events
    assert all(world.child_a.name not in str(e) for e in events)


def test_the_nik_is_masked_for_roles_that_may_not_see_it(world: World) -> None:
    world.child_a.nik = "7172011501250001"
    world.child_a.save()
    kader = bearer(world.kader).get(f"/api/v1/children/{world.child_a.pk}/").json()
    tpps = bearer(world.tpps).get(f"/api/v1/children/{world.child_a.pk}/").json()
    assert kader["nik"] == "7172011501250001"
    assert tpps["nik"] == "717201**********"


def test_the_schema_validates_as_openapi_3(world: World) -> None:
    import yaml
    from openapi_spec_validator import validate

    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/measurements/" in schema["paths"]
    assert "bearerAuth" in schema["components"]["securitySchemes"]


def test_the_documentation_page_lists_every_endpoint(world: World) -> None:
    client = Client()
    client.force_login(world.kader)
    page = client.get("/api/v1/docs/").content.decode()
    for path in ("/api/v1/measurements/", "/api/v1/children/{id}/fhir/", "/api/v1/visits/"):
        assert path in page


def test_the_token_page_shows_a_new_token_once_and_revokes_it(world: World) -> None:
    client = Client()
    client.force_login(world.kader)
    page = client.post("/api/v1/tokens/", {"name": "tablet", "days": 30}).content.decode()
    token = ApiToken.objects.get(user=world.kader)
    assert f"tmb_{token.prefix}_" in page
    assert client.get("/api/v1/tokens/").content.decode().count(f"tmb_{token.prefix}_") == 1
    client.post(f"/api/v1/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get().revoked_at is not None


def test_one_cannot_revoke_another_users_token(world: World) -> None:
    token = token_create(user=world.tpps, owner=world.tpps).token
    client = Client()
    client.force_login(world.kader)
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("persona", ["kader", "puskesmas", "tpps"])
def test_aggregates_of_a_region_follow_the_dashboard(world: World, persona: str) -> None:
    Measurement.objects.create(
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=timezone.localdate() - timedelta(days=3),
        age_days=400,
        weight_kg=Decimal("8.0"),
        lenhei_cm=Decimal("70.0"),
        position="l",
        zlen=-2.5,
        zwfl=-0.5,
        zwei=-1.9,
    )
    user = getattr(world, persona)
    figures = bearer(user).get(f"/api/v1/regions/{world.kelurahan_a.code}/aggregates/").json()
    assert figures["overall"]["measured"] == 1
    assert figures["overall"]["stunted"] == 1
    assert figures["overall"]["wasted"] == 0


def test_a_uuid_is_written_once_even_through_the_service_directly(world: World) -> None:
    key = uuid.uuid4()
    client = bearer(world.kader)
    assert post(client, "/api/v1/measurements/", body(world, uuid=str(key))).status_code == 201
    assert Measurement.objects.get().client_uuid == key


def test_the_token_and_documentation_pages_speak_indonesian(world: World) -> None:
    client = Client()
    client.force_login(world.kader)
    tokens = client.get("/api/v1/tokens/").content.decode()
    assert "Token API" in tokens
    assert "Buat token" in tokens
    assert "Dengan token, sebuah program" in tokens
    docs = client.get("/api/v1/docs/").content.decode()
    assert "Akses mesin ke data" in docs


def test_a_service_error_reads_in_indonesian_by_default(world: World) -> None:
    client = bearer(world.kader)
    response = post(client, "/api/v1/measurements/", body(world, measured_on="2024-01-01"))
    english = post(
        client,
        "/api/v1/measurements/",
        body(world, measured_on="2024-01-01"),
        **{"Accept-Language": "en"},
    )
    assert english.json()["measured_on"] == ["The date is before the child's birth date."]
    assert response.json()["measured_on"] != english.json()["measured_on"]


def test_each_list_holds_only_the_callers_area(world: World) -> None:
    from tests.apps.factories import ChildFactory

    mother = ChildFactory(
        family=world.child_a.family,
        posyandu=world.posyandu_a,
        name="Ibu A",
        sex=2,
        birth_date=date(1995, 4, 1),
    )
    world.child_a.mother = mother
    world.child_a.save()
    client = bearer(world.kader)
    regions = [r["code"] for r in client.get("/api/v1/regions/").json()]
    assert regions == [world.kelurahan_a.code]
    mothers = client.get("/api/v1/mothers/").json()["results"]
    assert [m["id"] for m in mothers] == [mother.pk]
    families = client.get("/api/v1/families/").json()["results"]
    assert [f["id"] for f in families] == [world.child_a.family_id]
    posyandu = client.get("/api/v1/posyandu/").json()["results"]
    assert [p["id"] for p in posyandu] == [world.posyandu_a.pk]
    children = client.get("/api/v1/children/").json()["results"]
    assert [c["id"] for c in children] == [world.child_a.pk]
    everything = bearer(world.tpps).get("/api/v1/children/").json()["results"]
    assert {c["id"] for c in everything} == {world.child_a.pk, world.child_b.pk}


def test_an_office_gap_list_names_who_lacks_what(world: World) -> None:
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create

    world.child_a.family.welfare_decile = 1
    world.child_a.family.save()
    dinsos = user_create(
        username="dinsos",
        password="a-long-test-password",
        role=Role.OFFICE,
        region=world.kota,
        office="dinsos",
    )
    client = bearer(dinsos)
    rows = client.get(f"/api/v1/gaps/dinsos/?region={world.kelurahan_a.code}").json()
    assert rows
    assert {row["office"] for row in rows} == {"dinsos"}
    assert f"f{world.child_a.family_id}" in {row["family_id"] for row in rows}
    assert client.get(f"/api/v1/gaps/dinkes/?region={world.kelurahan_a.code}").status_code == 403
    assert client.get(f"/api/v1/gaps/nothing/?region={world.kelurahan_a.code}").status_code == 404
