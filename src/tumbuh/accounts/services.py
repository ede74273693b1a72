"""Writes of the accounts app: users with a role and scope, audit events, lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from tumbuh.accounts.audit_spool import audit_flush, audit_spool, is_locked
from tumbuh.accounts.models import Action, AuditEvent, LoginFailure, Profile, Role
from tumbuh.accounts.scope import acting_user
from tumbuh.regions.models import Posyandu, Puskesmas, Region


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    region: Region | None = None,
    puskesmas: Puskesmas | None = None,
    posyandu: Posyandu | None = None,
) -> User:
    user = User(username=username, is_staff=role == Role.ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    profile = Profile(user=user, role=role, region=region, puskesmas=puskesmas, posyandu=posyandu)
    profile.full_clean()
    profile.save()
    return user


def audit_record(
    *,
    user: AbstractBaseUser | AnonymousUser,
    action: Action,
    object_type: str,
    object_id: object = "",
) -> None:
    """Record who did what to which object; only identifiers, never personal data. A database
    too busy to take it keeps the page working: the event is spooled and written later."""
    event = AuditEvent(
        user=acting_user(user), action=action, object_type=object_type, object_id=str(object_id)
    )
    if connection.in_atomic_block:  # the transaction holds the write lock already
        event.save()
        return
    try:
        event.save()
    except OperationalError as error:
        if not is_locked(error):
            raise
        event.at = timezone.now()
        audit_spool(event)
        return
    audit_flush()


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOCKOUT_MINUTES)


def login_locked(*, username: str) -> bool:
    """Too many failures for this username within the lockout window."""
    recent = LoginFailure.objects.filter(username=username.lower(), at__gte=_window_start())
    return recent.count() >= settings.LOCKOUT_FAILURES


def login_failure_record(*, username: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150])


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()
