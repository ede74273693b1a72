"""The options of a long select (a kabupaten's 1,080 posyandu) written at once, not by a
template loop over each one."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SELECTED = mark_safe(" selected")


@register.simple_tag
def options(choices: Iterable[tuple[str, str]], selected: object = None) -> SafeString:
    """``<option>`` elements for (value, label) pairs, the one whose value is ``selected``
    marked (``{% options filters.kelurahan_choices filters.kelurahan.code %}``)."""
    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, _SELECTED if value == chosen else "", label) for value, label in choices),
    )
