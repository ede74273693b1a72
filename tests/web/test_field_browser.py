"""The offline field app in headless Chromium at phone size: a kader measures three children and
a TPK member logs a visit with no connection, the page is reloaded offline, and when the
connection returns the server holds exactly those records once and the outboxes are empty."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tests.growth.conftest import same
from tests.web.test_browser import pytestmark  # noqa: F401  (browser mark, skip rule)
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Family, Person
from tumbuh.teams.models import Position, TeamKind, Visit
from tumbuh.teams.services import families_assign, member_add, team_create

PHONE = {"width": 390, "height": 844}


def _phone(browser: Any, url: str, username: str) -> tuple[Any, Any]:
    """A phone logged in as ``username`` with the field app open, installed and synchronised."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{url}/accounts/login/?next=/lapangan/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/lapangan/")
    page.wait_for_selector("body[data-ready='1']", state="attached")
    # The service worker controls the page once it has precached the shell, scripts and tables.
    page.wait_for_selector("body[data-worker='1']", state="attached", timeout=30_000)
    page.wait_for_selector("body[data-syncing='0']", state="attached")
    return context, page


def _measure(page: Any, name: str, weight: str, length: str) -> None:
    page.click(f"#child-list button:has-text('{name}')")
    page.fill("#m-weight", weight)
    page.fill("#m-lenhei", length)
    page.click("#m-save")
    page.wait_for_selector("#m-result p")
    page.click("#child-close")


def _waiting(page: Any) -> int:
    return int(page.get_attribute("#outbox-section", "data-waiting") or "0")


@dataclass
class Field:
    children: list[Person]
    family: Family


@pytest.fixture
def field(world: World) -> Field:
    """Three children of posyandu A for the kader; a TPK member of kelurahan A and one family."""
    today = timezone.localdate()
    pos = world.posyandu_a
    children = [
        ChildFactory(
            name=name,
            family=FamilyFactory(kelurahan=world.kelurahan_a),
            posyandu=pos,
            sex=sex,
            birth_date=today - timedelta(days=days),
        )
        for name, sex, days in (
            ("Siti Offline", 2, 400),
            ("Budi Offline", 1, 900),
            ("Rina Offline", 2, 200),
        )
    ]
    tpk = user_create(username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a)
    team = team_create(user=world.tpps, kind=TeamKind.TPK, name="TPK 1", region=world.kelurahan_a)
    member_add(
        user=world.tpps, team=team, name="Ibu Sari", position=Position.KADER_PKK, account=tpk
    )
    family = FamilyFactory(kelurahan=world.kelurahan_a, head_name="Keluarga Pesisir")
    families_assign(user=world.tpps, families=[family], today=today)
    return Field(children, family)


@pytest.mark.django_db(transaction=True)
def test_a_kader_and_a_tpk_member_work_offline_and_everything_arrives_once(
    field: Field, live_server: Any, browser: Any
) -> None:
    today = timezone.localdate()
    family = field.family
    # One phone talks to the test server at a time: the live server shares the test database's
    # one connection between its request threads, so two phones at once could trip each other.
    kader_context, kader = _phone(browser, live_server.url, "kader_a")
    kader_context.set_offline(True)
    tpk_context, tpk_page = _phone(browser, live_server.url, "tpk_a")
    tpk_context.set_offline(True)

    _measure(kader, "Siti Offline", "8,9", "74.5")
    _measure(kader, "Budi Offline", "11.4", "84.0")
    _measure(kader, "Rina Offline", "6.8", "64.2")
    # The phone's own z-scores, shown at once (Siti: 400 days, 8.9 kg, 74.5 cm lying).
    kader.click("#child-list button:has-text('Siti Offline')")
    phone_row = kader.inner_text("#history tbody tr:last-child")
    kader.click("#child-close")
    tpk_page.click("#family-list button:has-text('Keluarga Pesisir')")
    tpk_page.fill("#v-checked", "LiLA ibu, jamban")
    tpk_page.fill("#v-given", "KIE gizi")
    tpk_page.fill("#v-next", (today + timedelta(days=30)).isoformat())
    tpk_page.click("#v-save")
    # the save is asynchronous (IndexedDB): wait until the outbox shows the visit waiting
    tpk_page.wait_for_selector("#outbox-section[data-waiting='1']", state="attached")
    assert _waiting(kader) == 3
    assert _waiting(tpk_page) == 1
    assert kader.locator("#outbox-list li[data-status=waiting]").count() == 3

    # Reloaded with no connection: the shell comes from the service worker, entries from the phone.
    kader.reload()
    kader.wait_for_selector("body[data-ready='1']", state="attached")
    tpk_page.reload()
    tpk_page.wait_for_selector("body[data-ready='1']", state="attached")
    assert _waiting(kader) == 3
    assert _waiting(tpk_page) == 1
    assert Measurement.objects.filter(child__in=field.children).count() == 0
    assert Visit.objects.count() == 0

    for context, page in ((kader_context, kader), (tpk_context, tpk_page)):
        context.set_offline(False)
        page.wait_for_selector("#outbox-list:empty", state="attached")
        assert page.inner_text("#outbox-count") == "0"
        # A repeat is harmless: sending again stores nothing more.
        page.click("#sync-now")
        page.wait_for_selector("body[data-syncing='0']", state="attached")

    stored = Measurement.objects.filter(child__in=field.children)
    assert stored.count() == 3
    assert all(m.client_uuid is not None for m in stored)
    assert sorted(str(m.weight_kg) for m in stored) == ["11.40", "6.80", "8.90"]
    assert Visit.objects.filter(family=family, checked="LiLA ibu, jamban").count() == 1
    assert Visit.objects.count() == 1
    # The server's z-scores replaced the phone's, and they are the same.
    kader.click("#child-list button:has-text('Siti Offline')")
    server_row = kader.inner_text("#history tbody tr:last-child")
    assert "server" in server_row
    assert phone_row.split("\t")[:6] == server_row.split("\t")[:6]
    _a_corrected_birth_date_is_recomputed_on_the_phone(kader, field.children[0], server_row)
    _the_phones_z_scores_in_chromium_equal_the_servers(kader)
    _the_phone_forgets_its_people_after_the_days_without_sync(kader_context, kader)
    _logging_out_anywhere_deletes_the_phones_data(live_server.url, tpk_page)
    kader_context.close()
    tpk_context.close()


def _a_corrected_birth_date_is_recomputed_on_the_phone(
    page: Any, child: Person, server_row: str
) -> None:
    """The birth date corrected on the server: the phone recomputes at the next sync."""
    Person.objects.filter(pk=child.pk).update(birth_date=child.birth_date - timedelta(days=60))
    page.click("#sync-now")
    page.wait_for_selector("#history tbody tr:last-child :text('dihitung ulang')")
    recomputed = page.inner_text("#history tbody tr:last-child")
    assert recomputed.split("\t")[3] != server_row.split("\t")[3]  # BB/U at 15 months, not 13


def _logging_out_anywhere_deletes_the_phones_data(url: str, page: Any) -> None:
    """Logged out from the site's own header (not the app): the server's Clear-Site-Data."""
    databases = "async () => (await indexedDB.databases()).map((d) => d.name)"
    assert "tumbuh-field" in page.evaluate(databases)
    page.goto(f"{url}/")
    page.click("header form[action$='/logout/'] button")
    page.wait_for_url("**/accounts/login/")
    assert "tumbuh-field" not in page.evaluate(databases)
    assert page.evaluate("async () => (await caches.keys()).length") == 0


AGE_LAST_SYNC = """(days) => new Promise((resolve, reject) => {
    const open = indexedDB.open("tumbuh-field");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
        const tx = open.result.transaction("meta", "readwrite");
        tx.objectStore("meta").put({key: "synced_at", value: Date.now() - days * 86400000});
        tx.oncomplete = () => { open.result.close(); resolve(true); };
        tx.onerror = () => reject(tx.error);
    };
})"""


def _the_phone_forgets_its_people_after_the_days_without_sync(context: Any, page: Any) -> None:
    context.set_offline(True)
    page.evaluate(AGE_LAST_SYNC, 6)
    page.reload()
    page.wait_for_selector("body[data-ready='1']", state="attached")
    assert page.locator("#child-list li").count() == 4  # 6 days: still kept (limit 7)
    page.evaluate(AGE_LAST_SYNC, 8)
    page.reload()
    page.wait_for_selector("body[data-ready='1']", state="attached")
    assert page.locator("#child-list li").count() == 0
    assert "7" in page.inner_text("#notice")


def _the_phones_z_scores_in_chromium_equal_the_servers(page: Any) -> None:
    """growth.js as Chromium runs it, on WHO's reference rows for 0-5 years (node does the same
    in tests/apps/test_field_growth.py)."""
    from tests.apps.test_field_growth import COLUMNS, SURVEY, _json_ready, _server, _survey_inputs

    rows = _survey_inputs()
    phone = page.evaluate(
        """async (rows) => {
            const tables = await (await fetch("/lapangan/tabel-who.json")).json();
            return rows.map((row) => TumbuhGrowth.zscores(tables.tables, row));
        }""",
        _json_ready(rows),
    )
    server = _server(rows)
    wrong = [
        f"{SURVEY[i]['id']} {name}"
        for i, got in enumerate(phone)
        for name in COLUMNS
        if not same(float(server[name][i]), math.nan if got[name] is None else got[name])
    ]
    assert wrong == []
    assert len(phone) == len(SURVEY)
