"""Template filters for numbers, all through :mod:`tumbuh.formatting` (one rule everywhere)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tumbuh import formatting

register = template.Library()


@register.filter
def percent(value: float | Decimal | int | None, digits: int = 1) -> str:
    """``{{ 43.2|percent }}`` -> ``43,2 %``; ``-`` for no value."""
    return formatting.percent(value, digits)


@register.filter
def decimal(value: float | Decimal | int | None, digits: int = 1) -> str:
    """``{{ 43.25|decimal:2 }}`` -> ``43,25``; ``-`` for no value."""
    return formatting.decimal(value, digits)
