"""Dates that cannot have happened, refused with a message about the field."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tumbuh.entry.dates import birth_possible, next_visit_after, not_in_future

TODAY = date(2026, 12, 1)


def test_today_is_not_in_the_future() -> None:
    not_in_future("measured_on", TODAY, today=TODAY)
    not_in_future("measured_on", None, today=TODAY)


def test_tomorrow_is_refused_with_an_indonesian_message_on_the_field() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        not_in_future("measured_on", date(2027, 1, 5), today=TODAY)
    message = error.value.message_dict["measured_on"][0]
    assert message.startswith("5 Januari 2027 ada di masa depan (hari ini 1 Desember 2026)")


@pytest.mark.parametrize("born", [date(2030, 1, 1), date(1850, 6, 1)])
def test_a_birth_in_the_future_or_before_1900_is_refused(born: date) -> None:
    with pytest.raises(ValidationError) as error:
        birth_possible("birth_date", born, today=TODAY)
    assert "birth_date" in error.value.message_dict


def test_a_birth_in_1900_or_today_is_possible() -> None:
    birth_possible("birth_date", date(1900, 1, 1), today=TODAY)
    birth_possible("birth_date", TODAY, today=TODAY)


def test_the_next_visit_must_come_after_the_visit() -> None:
    next_visit_after("next_visit_on", date(2031, 1, 1), visited_on=TODAY)
    for day in (TODAY, date(2026, 11, 30)):
        with pytest.raises(ValidationError) as error:
            next_visit_after("next_visit_on", day, visited_on=TODAY)
        assert "next_visit_on" in error.value.message_dict
