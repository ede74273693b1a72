"""Template filters for numbers, all through :mod:`tumbuh.formatting` (one rule everywhere)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString

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


@register.simple_tag
def percent_cell(value: float | None) -> SafeString:
    """A table cell with a percent and its bar (``{% percent_cell row.percent_complete %}``),
    sortable by the number: one tag, not a template included per row (a kabupaten's 237 rows)."""
    if value is None:
        return format_html(
            '<td class="num bar-cell" data-sort="">{}</td>', formatting.percent(None)
        )
    return format_html(
        '<td class="num bar-cell" data-sort="{}">{} <meter min="0" max="100" low="50" high="80" '
        'optimum="100" value="{}" aria-hidden="true"></meter></td>',
        localize(value),
        formatting.percent(value),
        f"{value:.1f}",
    )
