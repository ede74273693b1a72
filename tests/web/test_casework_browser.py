"""On a 390 px phone, a PKH facilitator logs in, opens Keluarga KPM saya (1000-HPK family first,
no sideways scrolling), opens the family, refers it to the puskesmas and logs a P2K2 session."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tests.web.test_browser import pytestmark  # noqa: F401 (same marks and skip)
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.casework.models import KpmAssignment, P2k2Session, Referral

#: Where screenshots of the pages are written (to look at them), if set.
SCREENSHOT = os.environ.get("TUMBUH_KPM_SCREENSHOT", "")


@pytest.fixture
def phone(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()


def _fits(page: Any) -> bool:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= 390


def _shot(page: Any, name: str) -> None:
    if SCREENSHOT:
        page.screenshot(path=str(Path(SCREENSHOT).with_suffix(f".{name}.png")), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_pkh_facilitator_works_through_their_kpm_families_on_a_phone(
    world: World, live_server: Any, phone: Any
) -> None:
    today = timezone.localdate()
    pkh = user_create(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)
    older = FamilyFactory(
        kelurahan=world.kelurahan_a,
        head_name="Keluarga Dengan Nama Kepala Keluarga Yang Cukup Panjang Sekali",
        welfare_decile=1,
    )
    young = FamilyFactory(
        kelurahan=world.kelurahan_a, head_name="Keluarga Baduta", welfare_decile=2
    )
    ChildFactory(family=young, birth_date=today - timedelta(days=150))
    for family in (older, young):
        KpmAssignment.objects.create(family=family, facilitator=pkh, since=today)

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "pkh_a")
    phone.fill("#id_password", PASSWORD)
    phone.click("input[type=submit]")
    phone.goto(f"{live_server.url}/kpm/")
    phone.wait_for_selector("text=Keluarga KPM saya")
    cards = phone.locator("article.kpm-card h2")
    assert cards.count() == 2
    assert cards.first.inner_text() == "Keluarga Baduta"  # 1000 HPK first
    assert _fits(phone)
    _shot(phone, "list")

    phone.click("text=Keluarga Baduta")
    phone.wait_for_selector("text=Rujuk keluarga ini")
    assert _fits(phone)
    phone.select_option("#id_office", "dinkes")
    phone.fill("#id_service", "Puskesmas")
    phone.fill("#id_reason", "Imunisasi belum lengkap")
    phone.fill("#id_referred_on", today.isoformat())
    phone.click("#save-referral")
    phone.wait_for_selector("text=Rujukan disimpan")
    _shot(phone, "family")
    assert Referral.objects.get().family == young

    phone.goto(f"{live_server.url}/kpm/p2k2/")
    phone.fill("#id_held_on", today.isoformat())
    phone.select_option("#id_module", "kesehatan")
    phone.fill("#id_topic", "Gizi baduta")
    phone.check(f"input[name=families][value='{young.pk}']")
    phone.check(f"input[name=families][value='{older.pk}']")
    phone.click("#save-session")
    phone.wait_for_selector("text=Pertemuan P2K2 disimpan")
    assert _fits(phone)
    _shot(phone, "p2k2")
    assert P2k2Session.objects.get().families.count() == 2
