"""A measurement that jumps implausibly from the child's previous one (pure: no Django).

A weight typed as ``55`` instead of ``5,5`` is ten times the last month's; a length that shrinks
by more than a ruler's slip, or grows faster than any child, was misread or mistyped. Such a value
is measured again before it is saved.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

#: A previous measurement older than this is not compared (a long gap allows a big change).
WINDOW_DAYS: Final = 62
#: The new weight is implausible above this multiple of the previous one, or below its inverse.
WEIGHT_RATIO_MAX: Final = Decimal(2)
#: A length/height shrinking by more than this (cm) is implausible.
SHRINK_CM_MAX: Final = Decimal(2)
#: The fastest growth in length allowed (cm per 30 days; newborns grow about 4 cm a month).
GROWTH_CM_PER_MONTH_MAX: Final = Decimal(6)


class Jump(enum.StrEnum):
    WEIGHT_UP = "weight_up"
    WEIGHT_DOWN = "weight_down"
    LENGTH_SHRANK = "length_shrank"
    LENGTH_GREW = "length_grew"


@dataclass(frozen=True)
class Values:
    """A measurement's date, weight (kg) and length/height (cm)."""

    measured_on: date
    weight_kg: Decimal | None
    lenhei_cm: Decimal | None


def jumps(new: Values, previous: Values | None) -> list[Jump]:
    """The implausible changes from ``previous`` (the child's measurement before ``new``)."""
    if previous is None:
        return []
    days = (new.measured_on - previous.measured_on).days
    if not 0 < days <= WINDOW_DAYS:
        return []
    found: list[Jump] = []
    if new.weight_kg and previous.weight_kg:
        if new.weight_kg > previous.weight_kg * WEIGHT_RATIO_MAX:
            found.append(Jump.WEIGHT_UP)
        elif new.weight_kg * WEIGHT_RATIO_MAX < previous.weight_kg:
            found.append(Jump.WEIGHT_DOWN)
    if new.lenhei_cm and previous.lenhei_cm:
        grown = new.lenhei_cm - previous.lenhei_cm
        months = max(Decimal(1), Decimal(days) / 30)
        if grown < -SHRINK_CM_MAX:
            found.append(Jump.LENGTH_SHRANK)
        elif grown > GROWTH_CM_PER_MONTH_MAX * months:
            found.append(Jump.LENGTH_GREW)
    return found
