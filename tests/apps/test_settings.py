"""Settings come from the environment through typed readers that fail loudly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from tumbuh.env import env_bool, env_int
from tumbuh.regions.timezones import WIB, WIT, WITA, zone_for


def test_a_bad_boolean_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBUH_X", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("TUMBUH_X", False)


def test_a_bad_integer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBUH_X", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("TUMBUH_X", 1)


def test_defaults_apply_when_unset() -> None:
    assert env_bool("TUMBUH_UNSET_FOR_TEST", True) is True
    assert env_int("TUMBUH_UNSET_FOR_TEST", 7) == 7


@pytest.mark.parametrize(
    ("code", "zone"), [("71.72", WITA), ("21.71", WIB), ("64.74", WITA), ("91.71", WIT)]
)
def test_each_region_keeps_its_time_zone(code: str, zone: object) -> None:
    assert zone_for(code) is zone


@pytest.mark.parametrize(("code", "zone"), [("21.71", "Asia/Jakarta"), ("91.71", "Asia/Jayapura")])
def test_requests_run_in_the_users_regional_time_zone(db: None, code: str, zone: str) -> None:
    from django.http import HttpRequest, HttpResponse
    from django.test import RequestFactory
    from django.utils import timezone

    from tests.apps.factories import RegionFactory
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create
    from tumbuh.web.middleware import RegionTimezoneMiddleware

    region = RegionFactory(code=code, name="Kota", level="kabupaten_kota")
    request = RequestFactory().get("/")
    request.user = user_create(
        username="u", password="a-long-password-1", role=Role.TPPS, region=region
    )
    seen: list[str] = []

    def view(_request: HttpRequest) -> HttpResponse:
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    RegionTimezoneMiddleware(view)(request)
    timezone.deactivate()
    assert seen == [zone]


def test_a_secret_key_is_made_once_and_kept_private(tmp_path: object) -> None:
    from pathlib import Path

    from tumbuh.env import secret_key_file

    path = Path(str(tmp_path)) / "secret_key"
    first = secret_key_file(path)
    assert len(first) >= 50
    assert secret_key_file(path) == first
    assert path.stat().st_mode & 0o077 == 0


def test_weak_passwords_are_refused(db: None) -> None:
    from django.core.exceptions import ValidationError

    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create

    with pytest.raises(ValidationError):
        user_create(username="weak", password="12345", role=Role.ADMIN)
