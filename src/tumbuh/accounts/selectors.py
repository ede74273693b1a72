"""Reads of the accounts app: the audit log, for administrators only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.scope import AnyUser, profile_of


def audit_list(*, user: AnyUser) -> QuerySet[AuditEvent]:
    if profile_of(user).role != Role.ADMIN:
        raise PermissionDenied
    return AuditEvent.objects.select_related("user").order_by("-at")
