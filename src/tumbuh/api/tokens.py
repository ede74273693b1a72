"""Machine tokens: create (the secret is shown once), list, revoke, and authenticate.

A token reads ``tmb_<prefix>_<secret>``. The prefix finds the row; only the SHA-256 of the whole
token is stored (the secret is 256 random bits, so a fast hash is enough: there is nothing to
guess). Tokens expire; a revoked or expired token authenticates nobody.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, require
from tumbuh.accounts.services import audit_record
from tumbuh.api.models import ApiToken

PREFIX = "tmb"
DEFAULT_DAYS = 90
MAX_DAYS = 366
#: How often ``last_used_at`` is written at most (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token: shown once, never stored


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: AbstractBaseUser | AnonymousUser,
    owner: User,
    name: str = "",
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
) -> NewToken:
    """A new token for ``owner`` (``user`` creates it: the owner, or an administrator)."""
    require(user, Permission.USE_API)
    if user.pk != owner.pk:
        require(user, Permission.MANAGE_MASTER_DATA)
    if not has_permission(owner, Permission.USE_API):
        raise PermissionDenied
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts 1 to %(max)d days.") % {"max": MAX_DAYS}})
    now = now or timezone.now()
    prefix = secrets.token_hex(6)
    raw = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=owner,
        name=name.strip() or now.strftime("token %Y-%m-%d"),
        prefix=prefix,
        hashed=_digest(raw),
        expires_at=now + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(user=user, action=Action.CREATE, object_type="api_token", object_id=token.pk)
    return NewToken(token, raw)


def token_list(*, user: AbstractBaseUser | AnonymousUser, owner: User) -> QuerySet[ApiToken]:
    """The tokens of ``owner`` (one's own, or any user's for an administrator)."""
    require(user, Permission.USE_API)
    if user.pk != owner.pk:
        require(user, Permission.MANAGE_MASTER_DATA)
    return ApiToken.objects.filter(user=owner).order_by("-created_at")


@transaction.atomic
def token_revoke(
    *, user: AbstractBaseUser | AnonymousUser, token: ApiToken, now: datetime | None = None
) -> ApiToken:
    require(user, Permission.USE_API)
    if user.pk != token.user_id:
        require(user, Permission.MANAGE_MASTER_DATA)
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(user=user, action=Action.UPDATE, object_type="api_token", object_id=token.pk)
    return token


def token_authenticate(raw: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token ``raw`` is, or None (unknown, wrong secret, revoked, expired)."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.hashed, _digest(raw)):
        return None
    now = now or timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token


def token_is_live(token: ApiToken, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and token.expires_at > now


@dataclass(frozen=True)
class NewClient:
    client_id: str
    client_secret: str  # shown once: django-oauth-toolkit keeps only its hash


@transaction.atomic
def oauth_client_create(
    *, user: AbstractBaseUser | AnonymousUser, owner: User, name: str
) -> NewClient:
    """An OAuth2 client (client credentials grant) that acts as ``owner``: for services that
    expect OAuth2, as SATUSEHAT does. Tokens come from ``/api/v1/oauth/token/``."""
    from oauth2_provider.models import get_application_model

    require(user, Permission.MANAGE_MASTER_DATA)
    if not has_permission(owner, Permission.USE_API):
        raise PermissionDenied
    application_model = get_application_model()
    secret = secrets.token_urlsafe(32)
    application = application_model(
        name=name or f"client of {owner.username}",
        user=owner,
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
    )
    application.save()
    audit_record(
        user=user, action=Action.CREATE, object_type="oauth_client", object_id=application.pk
    )
    return NewClient(application.client_id, secret)
