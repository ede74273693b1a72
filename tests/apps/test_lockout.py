"""Lockout (django-axes): a name or an address with too many failures is refused, in any spelling
of the name, on the site's login and on the admin's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from tests.apps.conftest import PASSWORD, World
from tumbuh.accounts.lockout import client_address, username_normalise
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create

SITE = "/accounts/login/"
ADMIN = "/admin/login/"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def full_width(name: str) -> str:
    return "".join(chr(ord(letter) + 0xFEE0) for letter in name)


SPELLINGS: dict[str, Callable[[str], str]] = {
    "leading space": lambda name: f" {name}",
    "trailing space": lambda name: f"{name} ",
    "leading tab": lambda name: f"\t{name}",
    "full width": full_width,
    "capitals": str.upper,
}


def post(client: Client, path: str, username: str, password: str, address: str) -> HttpResponse:
    data = {"username": username, "password": password}
    response: HttpResponse = client.post(path, data, REMOTE_ADDR=address)
    return response


def fail(client: Client, path: str, username: str, times: int, address: str = ATTACKER) -> None:
    for _ in range(times):
        post(client, path, username, "wrong-password", address)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
@pytest.mark.parametrize(("path", "persona"), [(SITE, "tpps"), (ADMIN, "admin")])
def test_every_spelling_of_a_locked_name_is_refused_the_right_password(
    world: World, client: Client, spelling: Callable[[str], str], path: str, persona: str
) -> None:
    name = getattr(world, persona).username
    fail(client, path, name, settings.LOCKOUT_FAILURES)
    response = post(client, path, spelling(name), PASSWORD, ELSEWHERE)
    assert response.status_code == 429
    assert not logged_in(client)


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
@pytest.mark.parametrize(("path", "persona"), [(SITE, "tpps"), (ADMIN, "admin")])
def test_every_spelling_logs_in_while_nothing_is_locked(
    world: World, client: Client, spelling: Callable[[str], str], path: str, persona: str
) -> None:
    name = getattr(world, persona).username
    response = post(client, path, spelling(name), PASSWORD, ELSEWHERE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(getattr(world, persona).pk)


def test_failures_on_the_admin_login_lock_the_site_login(world: World, client: Client) -> None:
    fail(client, ADMIN, "tpps", settings.LOCKOUT_FAILURES)
    response = post(client, SITE, "tpps", PASSWORD, ELSEWHERE)
    assert response.status_code == 429
    assert not logged_in(client)


def test_failures_on_both_logins_add_up(world: World, client: Client) -> None:
    fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES - 1)
    fail(client, ADMIN, "TPPS", 1)
    assert post(client, SITE, "tpps", PASSWORD, ELSEWHERE).status_code == 429


def test_one_failure_short_of_the_limit_still_logs_in(world: World, client: Client) -> None:
    fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES - 1)
    assert post(client, SITE, "tpps", PASSWORD, ELSEWHERE).status_code == 302


def test_another_address_logging_in_as_another_user_is_not_locked(
    world: World, client: Client
) -> None:
    fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES)
    response = post(client, SITE, "kader_a", PASSWORD, ELSEWHERE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.kader.pk)


def test_the_failing_address_is_locked_for_every_name(world: World, client: Client) -> None:
    fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES)
    assert post(client, SITE, "kader_a", PASSWORD, ATTACKER).status_code == 429


def test_the_lock_lifts_after_the_cool_off(world: World, client: Client) -> None:
    with time_machine.travel("2026-03-10 08:00:00+00:00", tick=False) as traveller:
        fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES)
        traveller.shift(timedelta(minutes=settings.LOCKOUT_MINUTES) - timedelta(seconds=5))
        assert post(client, SITE, " TPPS", PASSWORD, ELSEWHERE).status_code == 429
        traveller.shift(timedelta(seconds=10))
        assert post(client, SITE, " TPPS", PASSWORD, ELSEWHERE).status_code == 302


@override_settings(LOCKOUT_FAILURES=2)
def test_the_limit_follows_the_lockout_setting(world: World, client: Client) -> None:
    fail(client, SITE, "tpps", 2)
    assert post(client, SITE, "tpps", PASSWORD, ELSEWHERE).status_code == 429


@pytest.mark.parametrize("path", [SITE, ADMIN])
def test_the_locked_page_explains_in_indonesian(world: World, client: Client, path: str) -> None:
    fail(client, path, "tpps", settings.LOCKOUT_FAILURES)
    page = post(client, path, "tpps", PASSWORD, ATTACKER)
    text = page.content.decode()
    assert page.status_code == 429
    assert '<html lang="id">' in text
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert f"Coba lagi dalam {settings.LOCKOUT_MINUTES} menit" in text


def test_logs_name_neither_the_user_nor_the_address(
    world: World, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    fail(client, SITE, "kader_a", settings.LOCKOUT_FAILURES)
    assert "AXES" in caplog.text
    assert "kader_a" not in caplog.text
    assert ATTACKER not in caplog.text


def test_an_administrator_lifts_a_lock_by_deleting_the_attempt(
    world: World, client: Client
) -> None:
    fail(client, SITE, "tpps", settings.LOCKOUT_FAILURES)
    admin = Client()
    admin.force_login(world.admin)
    listing = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "tpps" in listing
    from axes.models import AccessAttempt  # type: ignore[import-untyped]

    attempt = AccessAttempt.objects.get(username="tpps")
    admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert post(client, SITE, "tpps", PASSWORD, ELSEWHERE).status_code == 302


def test_only_an_administrator_sees_the_attempts(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    assert client.get("/admin/axes/accessattempt/").status_code in (302, 403)


@pytest.mark.parametrize(
    "raw", [" tpps", "tpps ", "\ttpps", "ｔｐｐｓ", "TPPS", "Tpps", "\u3000tpps\u00a0"]
)
def test_every_spelling_has_one_canonical_name(raw: str) -> None:
    assert username_normalise(raw) == "tpps"


def test_users_are_created_under_the_canonical_name(world: World) -> None:
    user = user_create(username=" Siti ", password=PASSWORD, role=Role.TPPS, region=world.kota)
    assert user.username == "siti"


def test_two_accounts_cannot_differ_only_in_case(world: World) -> None:
    with pytest.raises(ValidationError):
        user_create(username="Tpps", password=PASSWORD, role=Role.TPPS, region=world.kota)


def test_an_older_account_with_capitals_still_logs_in_by_its_own_name(
    world: World, client: Client
) -> None:
    world.outsider.username = "Kader_B"
    world.outsider.save()
    assert post(client, SITE, "Kader_B", PASSWORD, ELSEWHERE).status_code == 302


def test_the_address_is_the_connection_s_and_a_forwarded_header_is_ignored() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


@override_settings(BEHIND_PROXY=True)
def test_behind_a_proxy_the_address_the_proxy_added_counts() -> None:
    forwarded = "6.6.6.6, 203.0.113.7"  # the first entry is whatever the client claimed
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == "203.0.113.7"


@override_settings(BEHIND_PROXY=True)
def test_behind_a_proxy_a_missing_or_garbled_header_falls_back_to_the_connection() -> None:
    factory = RequestFactory()
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    garbled = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbled) == "10.0.0.1"


def admin_add_user(client: Client, world: World, username: str) -> HttpResponse:
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    data |= {"usable_password": "true", "profile-0-role": "tpps", "profile-0-region": world.kota.pk}
    inline = {"TOTAL_FORMS": 1, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1}
    data |= {f"profile-{key}": value for key, value in inline.items()}
    response: HttpResponse = client.post("/admin/auth/user/add/", data)
    return response


def test_the_admin_creates_users_under_the_canonical_name(world: World, client: Client) -> None:
    client.force_login(world.admin)
    assert admin_add_user(client, world, " Siti ").status_code == 302
    assert User.objects.filter(username="siti").exists()


def test_the_admin_refuses_a_name_that_differs_only_in_case(world: World, client: Client) -> None:
    client.force_login(world.admin)
    assert admin_add_user(client, world, "TPPS").status_code == 200
    assert User.objects.filter(username__iexact="tpps").count() == 1
