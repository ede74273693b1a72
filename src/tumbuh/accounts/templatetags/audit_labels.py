"""Template filter: an audit event's object type in words."""

from __future__ import annotations

from django import template

from tumbuh.accounts.audit_labels import object_label

register = template.Library()


@register.filter(name="object_label")
def object_label_filter(object_type: str) -> str:
    return object_label(object_type)
