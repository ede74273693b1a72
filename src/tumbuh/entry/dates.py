"""Dates that cannot have happened: in the future, or a birth before ``EARLIEST_BIRTH``.

``today`` is always passed in (``timezone.localdate()`` at the edge), never read from a clock
here. Each check raises a ``ValidationError`` about the named field, with an Indonesian message
through the catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH: Final = date(1900, 1, 1)

IN_THE_FUTURE = _("%(date)s is in the future (today is %(today)s). Enter the date it happened.")
BORN_TOO_EARLY = _("%(date)s is before 1900: check the year of birth.")
NEXT_VISIT_NOT_AFTER = _("The next visit must be after the visit date (%(date)s).")


def _shown(day: date) -> str:
    return date_format(day, "j F Y")


def not_in_future(field: str, day: date | None, *, today: date) -> None:
    """Refuse ``day`` after ``today``."""
    if day is not None and day > today:
        error = ValidationError(
            IN_THE_FUTURE, code="in_future", params={"date": _shown(day), "today": _shown(today)}
        )
        raise ValidationError({field: error})


def birth_possible(field: str, born: date | None, *, today: date) -> None:
    """Refuse a birth date in the future or before 1900."""
    not_in_future(field, born, today=today)
    if born is not None and born < EARLIEST_BIRTH:
        error = ValidationError(BORN_TOO_EARLY, code="born_too_early", params={"date": born.year})
        raise ValidationError({field: error})


def next_visit_after(field: str, next_visit: date | None, *, visited_on: date) -> None:
    """Refuse a next visit on or before the visit it follows (it may be in the future)."""
    if next_visit is not None and next_visit <= visited_on:
        error = ValidationError(
            NEXT_VISIT_NOT_AFTER, code="next_visit_not_after", params={"date": _shown(visited_on)}
        )
        raise ValidationError({field: error})
