"""Settings come from the environment through typed readers that fail loudly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from tumbuh.regions.timezones import WIB, WIT, WITA, zone_for
from tumbuh.web.env import env_bool, env_int


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
