"""Log-in, password change, audit of list views, NIK masking by role (lockout: test_lockout)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.apps.conftest import PASSWORD, World
from tumbuh.accounts.models import AuditEvent
from tumbuh.accounts.scope import mask_nik


def test_a_kader_logs_in_and_lands_on_her_posyandu(world: World, client: Client) -> None:
    response = client.post(
        "/accounts/login/", {"username": "kader_a", "password": PASSWORD}, follow=True
    )
    assert world.posyandu_a.name in response.content.decode()
    assert AuditEvent.objects.filter(action="login").exists()


def test_viewing_a_list_of_people_is_audited_without_personal_data(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    client.get("/people/?q=Anak")
    event = AuditEvent.objects.get(action="view_list", object_type="person")
    assert event.user == world.tpps
    assert "Anak" not in f"{event.object_type}{event.object_id}"


def test_the_nik_is_masked_for_the_tpps_and_shown_to_the_kader(
    world: World, client: Client
) -> None:
    world.child_a.nik = "7172011501250003"
    world.child_a.save()
    client.force_login(world.tpps)
    assert "7172011501250003" not in client.get("/people/").content.decode()
    assert "717201**********" in client.get("/people/").content.decode()
    client.force_login(world.kader)
    assert "7172011501250003" in client.get("/people/").content.decode()


def test_mask_keeps_only_the_region() -> None:
    assert mask_nik("7172011501250003") == "717201**********"
    assert mask_nik(None) == ""


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Frame-Options"])
def test_pages_carry_security_headers(client: Client, header: str, db: None) -> None:
    assert header in client.get("/accounts/login/").headers


def test_pages_switch_to_english(client: Client, db: None) -> None:
    client.cookies["django_language"] = "en"
    assert "Log in" in client.get("/accounts/login/").content.decode()
    client.cookies["django_language"] = "id"
    assert "Masuk" in client.get("/accounts/login/").content.decode()


def test_an_english_browser_still_gets_indonesian_by_default(client: Client, db: None) -> None:
    page = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert "Masuk" in page.content.decode()


def test_only_the_administrator_reads_the_audit_log(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    client.get("/people/")
    assert client.get("/accounts/audit/").status_code == 403
    client.force_login(world.admin)
    page = client.get("/accounts/audit/").content.decode()
    assert "tpps" in page


def test_login_never_redirects_to_another_site(world: World, client: Client) -> None:
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "kader_a", "password": PASSWORD}
    )
    assert response["Location"] == "/"
