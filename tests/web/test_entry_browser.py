"""On a 390 px phone in the id-ID locale, a kader types ``8,2`` kg and 8.2 kg is stored; a
measurement dated in the future is refused and nothing is stored."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.web.test_browser import pytestmark  # noqa: F401 (same marks and skip)
from tumbuh.measurements.models import Measurement

#: Where the screenshot of the form is written (to look at it), if set.
SCREENSHOT = os.environ.get("TUMBUH_ENTRY_SCREENSHOT", "")


@pytest.fixture
def phone(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()


def _log_in_and_open_the_form(page: Any, live_server: Any, world: World) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kader_a")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/measurements/child/{world.child_a.pk}/measure/")


def _no_horizontal_overflow(page: Any) -> bool:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= 390


@pytest.mark.django_db(transaction=True)
def test_a_weight_typed_8_comma_2_on_a_phone_is_stored_as_8_2_kg(
    world: World, live_server: Any, phone: Any
) -> None:
    _log_in_and_open_the_form(phone, live_server, world)
    assert phone.get_attribute("#id_weight_kg", "inputmode") == "decimal"
    assert _no_horizontal_overflow(phone)
    phone.fill("#id_measured_on", timezone.localdate().isoformat())
    phone.type("#id_weight_kg", "8,2")
    phone.type("#id_lenhei_cm", "70,5")
    phone.select_option("#id_position", "h")
    if SCREENSHOT:
        phone.screenshot(path=str(Path(SCREENSHOT)), full_page=True)
    phone.click("input[type=submit]")
    phone.wait_for_selector("text=Tersimpan")
    assert Measurement.objects.get().weight_kg == Decimal("8.2")


@pytest.mark.django_db(transaction=True)
def test_a_measurement_dated_in_the_future_is_refused_on_a_phone(
    world: World, live_server: Any, phone: Any
) -> None:
    _log_in_and_open_the_form(phone, live_server, world)
    phone.fill("#id_measured_on", (timezone.localdate() + timedelta(days=31)).isoformat())
    phone.type("#id_weight_kg", "8,2")
    phone.type("#id_lenhei_cm", "70,5")
    phone.click("input[type=submit]")
    phone.wait_for_selector("text=ada di masa depan")
    assert _no_horizontal_overflow(phone)
    if SCREENSHOT:
        phone.screenshot(path=str(Path(SCREENSHOT).with_suffix(".refused.png")), full_page=True)
    assert not Measurement.objects.exists()
