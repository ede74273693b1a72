"""Every persona's pages on a 390 px phone: nothing is wider than the screen (wide tables scroll
inside their own box), the menu collapses behind a button, and tables sort by their headers.

Screenshots of each page, phone and desktop, go to ``$TUMBUH_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.apps.conftest import PASSWORD
from tests.apps.test_permissions import POST_ONLY, Cast, _paths, cast
from tests.web.conftest import CHROMIUM

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it and never skips)",
    ),
]

__all__ = ["cast"]

#: Downloads and machine answers, not pages people read.
NOT_PAGES = ("export", "template", "report", "download", "pdf", "api:", "correct", "revoke")
DOWNLOADS = {"interventions:gaps"}
#: The field app's service worker, tables and data (script and JSON for the phone's app).
MACHINE = {"field:worker", "field:tables", "field:data", "field:manifest"}


def _pages(the_cast: Cast) -> dict[str, str]:
    return {
        name: path
        for name, path in _paths(the_cast).items()
        if not any(word in name for word in NOT_PAGES)
        and name not in DOWNLOADS | MACHINE | POST_ONLY
    }


def _log_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def _shot(page: Any, persona: str, name: str, size: str) -> None:
    folder = os.environ.get("TUMBUH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        file = f"{persona}-{name.replace(':', '-')}-{size}.png"
        page.screenshot(path=str(Path(folder) / file), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "persona", ["admin", "tpps", "kecamatan", "puskesmas", "kader", "tpk", "office", "lurah"]
)
def test_no_page_is_wider_than_a_phone(
    cast: Cast, live_server: Any, browser: Any, persona: str
) -> None:
    user = cast.personas[persona]
    phone = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    _log_in(phone, live_server.url, user.username)
    _log_in(desktop, live_server.url, user.username)
    too_wide: dict[str, int] = {}
    opened = 0
    for name, path in _pages(cast).items():
        response = phone.goto(f"{live_server.url}{path}")
        if response is None or response.status != 200:
            continue
        opened += 1
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
        _shot(phone, persona, name, "phone")
        if os.environ.get("TUMBUH_SCREENSHOTS"):
            desktop.goto(f"{live_server.url}{path}")
            _shot(desktop, persona, name, "desktop")
    assert opened >= 2
    assert too_wide == {}


@pytest.mark.django_db(transaction=True)
def test_the_menu_collapses_on_a_phone_and_opens_with_its_button(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    page = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    _log_in(page, live_server.url, "tpps")
    assert not page.locator("#site-nav").is_visible()
    page.click(".nav-toggle")
    assert page.locator("#site-nav").is_visible()
    assert page.get_attribute(".nav-toggle", "aria-expanded") == "true"


@pytest.mark.django_db(transaction=True)
def test_a_table_sorts_by_a_click_on_its_header(cast: Cast, live_server: Any, browser: Any) -> None:
    page = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    _log_in(page, live_server.url, "tpps")
    page.goto(f"{live_server.url}/people/")
    names = page.locator("#people tbody tr td:first-child")
    before = names.all_inner_texts()
    assert len(before) >= 2
    page.click("#people thead th:first-child button.sort")
    assert names.all_inner_texts() == sorted(before, key=str.lower)
    assert page.get_attribute("#people thead th:first-child", "aria-sort") == "ascending"
    page.click("#people thead th:first-child button.sort")
    assert names.all_inner_texts() == sorted(before, key=str.lower, reverse=True)
