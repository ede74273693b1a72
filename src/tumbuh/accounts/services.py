"""Writes of the accounts app: users with a role and scope, passwords, audit events."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from tumbuh.accounts.audit_spool import audit_flush, audit_spool, is_locked
from tumbuh.accounts.lockout import username_normalise
from tumbuh.accounts.models import Action, AuditEvent, Profile, Role
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
    office: str = "",
) -> User:
    """A user with a role and scope; the name in its canonical form, so "Tpps" is "tpps"."""
    user = User(username=username_normalise(username), is_staff=role == Role.ADMIN)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    profile = Profile(
        user=user, role=role, region=region, puskesmas=puskesmas, posyandu=posyandu, office=office
    )
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


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """A new password for the user, checked by the password validators; audited, never logged."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(user=user, action=Action.UPDATE, object_type="user", object_id=user.pk)
