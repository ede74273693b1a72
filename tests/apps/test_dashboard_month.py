"""The dashboard shows the last complete month by default, any earlier month on request, and
says the data-quality grade with reasons that agree with it."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tests.apps.conftest import World
from tumbuh.dashboard.views import shown_month


def test_on_the_first_of_december_the_dashboard_shows_november() -> None:
    assert shown_month("", today=date(2026, 12, 1)) == (date(2026, 11, 1), date(2026, 11, 30))


def test_in_january_the_default_is_last_december() -> None:
    assert shown_month("", today=date(2027, 1, 15)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_a_chosen_month_is_shown_to_its_end_or_to_today() -> None:
    today = date(2026, 12, 10)
    assert shown_month("2026-02", today=today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert shown_month("2026-12", today=today) == (date(2026, 12, 1), today)


def test_a_future_or_garbled_month_falls_back_to_the_default() -> None:
    today = date(2026, 12, 10)
    default = (date(2026, 11, 1), date(2026, 11, 30))
    assert shown_month("2027-01", today=today) == default
    assert shown_month("bulan", today=today) == default
    assert shown_month("1850-01", today=today) == default


def test_the_page_has_a_month_picker_and_names_the_month(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    page = client.get("/dashboard/?month=2026-02").content.decode()
    assert 'type="month"' in page
    assert 'value="2026-02"' in page
    assert "Diukur pada Februari 2026" in page
