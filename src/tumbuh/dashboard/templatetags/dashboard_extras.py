"""Template filters for the dashboard."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def grade_label(grade: str) -> str:
    """The SMART grade in the user's language."""
    labels = {
        "excellent": _("excellent"),
        "good": _("good"),
        "acceptable": _("acceptable"),
        "problematic": _("problematic"),
    }
    return labels.get(grade, grade)
