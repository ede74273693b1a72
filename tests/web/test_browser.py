"""End to end in headless Chromium: a kader logs in, records a measurement, and sees the
z-scores, the Permenkes category and the growth chart."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.web.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it and never skips)",
    ),
]


@pytest.fixture
def page(browser: Any) -> Any:
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a small phone


@pytest.mark.django_db(transaction=True)
def test_a_kader_records_a_measurement_and_sees_the_result(
    world: World, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kader_a")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.click(f"text={world.posyandu_a.name}")
    page.get_by_role("link", name="Ukur", exact=True).first.click()
    page.fill("#id_measured_on", timezone.localdate().isoformat())
    page.fill("#id_weight_kg", "9.1")
    page.fill("#id_lenhei_cm", "70.5")
    page.select_option("#id_position", "h")
    page.click("input[type=submit]")
    page.wait_for_selector("text=Tersimpan")
    body = page.inner_text("main")
    assert "z = " in body
    assert "pendek" in body.lower()  # 71 cm at 22 months: stunted
    assert page.locator("span.badge").count() == 3
    assert page.locator("svg.growth-chart").count() == 3
    assert page.locator("svg.growth-chart circle.child-point").count() >= 3


@pytest.mark.django_db(transaction=True)
def test_a_tpk_member_logs_a_visit_on_a_phone(world: World, live_server: Any, page: Any) -> None:
    from datetime import timedelta

    from tests.apps.factories import FamilyFactory
    from tumbuh.accounts.models import Role
    from tumbuh.accounts.services import user_create
    from tumbuh.teams.models import Position, TeamKind, Visit
    from tumbuh.teams.services import families_assign, member_add, team_create

    member = user_create(
        username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a
    )
    team = team_create(user=world.tpps, kind=TeamKind.TPK, name="TPK 1", region=world.kelurahan_a)
    member_add(
        user=world.tpps, team=team, name="Ibu Sari", position=Position.KADER_PKK, account=member
    )
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, head_name="Keluarga Risiko", no_latrine=True
    )
    families_assign(user=world.tpps, families=[family], today=timezone.localdate())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "tpk_a")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/teams/tpk/")
    page.click("text=Keluarga Risiko")
    page.fill("#id_checked", "LiLA ibu, jamban")
    page.fill("#id_given", "KIE gizi")
    page.fill("#id_next_visit_on", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.click("#save-visit")
    page.wait_for_selector('h1:has-text("Keluarga dampingan saya")')  # the menu is folded
    assert "kunjungan berikutnya" in page.inner_text("main")
    assert Visit.objects.filter(family=family, checked="LiLA ibu, jamban").exists()


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_saves_a_lokus_list_on_a_phone(
    world: World, live_server: Any, page: Any
) -> None:
    from tumbuh.interventions.models import LokusList

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "tpps")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/convergence/lokus/")
    page.locator("input[name=chosen]").first.check()
    page.fill("input[name=note]", "SK 050/2026")
    page.click("#save-lokus-button")
    page.wait_for_selector("text=tersimpan")
    saved = LokusList.objects.get()
    assert page.url.endswith(f"/convergence/lokus/{saved.pk}/")
    assert "SK 050/2026" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/convergence/lokus/")
    assert page.locator(f"a[href='/convergence/lokus/{saved.pk}/']").inner_text() == (
        f"Lokus {saved.year}"
    )
