"""Template filter: a measurement's WHO flags in words (``zlen zwfl`` -> ``PB/U, BB/PB``)."""

from __future__ import annotations

from django import template

from tumbuh.measurements.labels import flag_labels

register = template.Library()


@register.filter(name="flag_labels")
def flag_labels_filter(flags: str) -> str:
    return flag_labels(flags or "")
