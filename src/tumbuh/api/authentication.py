"""``Authorization: Bearer TOKEN`` for the API: a Tumbuh machine token, or an OAuth2 access
token issued to a service by client credentials (django-oauth-toolkit)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from tumbuh.accounts.permissions import Permission, has_permission
from tumbuh.api.tokens import PREFIX, token_authenticate


class BearerTokenAuthentication(BaseAuthentication):  # type: ignore[misc]
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        raw = parts[1].decode(errors="replace")
        if not raw.startswith(PREFIX + "_"):
            return None  # not ours: an OAuth2 access token, tried next
        token = token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if not has_permission(token.user, Permission.USE_API):
            raise exceptions.AuthenticationFailed(_("This account may not use the API."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class ClientCredentialsAuthentication(OAuth2Authentication):  # type: ignore[misc]
    """An OAuth2 access token; one issued by client credentials acts as its application's user
    (django-oauth-toolkit leaves such tokens without a user)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        user = user or token.application.user
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("This client acts as no active account."))
        return user, token
