"""Log-in, password change, audit of list views, NIK masking by role (lockout: test_lockout)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
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


NEW_PASSWORD = "a-brand-new-passphrase"


def change_password(client: Client, old: str, new: str, repeat: str | None = None) -> HttpResponse:
    data = {"old_password": old, "new_password1": new, "new_password2": repeat or new}
    response: HttpResponse = client.post("/accounts/password/", data)
    return response


def test_the_header_links_to_the_password_change_page(world: World, client: Client) -> None:
    client.force_login(world.kader)
    header = client.get("/").content.decode()
    assert 'href="/accounts/password/"' in header
    assert "Ubah kata sandi" in header


def test_a_logged_in_user_changes_her_password_and_stays_logged_in(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    world.kader.refresh_from_db()
    assert world.kader.check_password(NEW_PASSWORD)
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Kata sandi Anda telah diubah." in home.content.decode()


def test_the_new_password_logs_in_and_the_old_one_no_longer_does(
    world: World, client: Client
) -> None:
    client.force_login(world.kader)
    change_password(client, PASSWORD, NEW_PASSWORD)
    other = Client()
    assert (
        other.post("/accounts/login/", {"username": "kader_a", "password": PASSWORD}).status_code
        == 200
    )
    assert "_auth_user_id" not in other.session
    other.post("/accounts/login/", {"username": "kader_a", "password": NEW_PASSWORD})
    assert other.session["_auth_user_id"] == str(world.kader.pk)


def test_a_password_change_is_audited_without_the_password(world: World, client: Client) -> None:
    client.force_login(world.kader)
    change_password(client, PASSWORD, NEW_PASSWORD)
    event = AuditEvent.objects.get(action="update", object_type="user")
    assert (event.user, event.object_id) == (world.kader, str(world.kader.pk))
    assert NEW_PASSWORD not in f"{event.object_type}{event.object_id}"


@pytest.mark.parametrize(
    ("old", "new", "repeat"),
    [
        ("wrong-old-password", NEW_PASSWORD, NEW_PASSWORD),
        (PASSWORD, NEW_PASSWORD, "a-different-passphrase"),
        (PASSWORD, "12345", "12345"),
    ],
    ids=["wrong old password", "repeat differs", "weak new password"],
)
def test_it_refuses_a_change_that_does_not_check_out(
    world: World, client: Client, old: str, new: str, repeat: str
) -> None:
    client.force_login(world.kader)
    response = change_password(client, old, new, repeat)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    world.kader.refresh_from_db()
    assert world.kader.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="update", object_type="user").exists()


def test_the_password_page_is_in_indonesian(world: World, client: Client) -> None:
    client.force_login(world.kader)
    page = client.get("/accounts/password/").content.decode()
    assert "<h1>Ubah kata sandi</h1>" in page
    assert "Kata sandi lama" in page


def test_the_password_page_wants_a_logged_in_user(client: Client, db: None) -> None:
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
