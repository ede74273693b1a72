"""What django-axes needs from Tumbuh to lock out repeated login failures.

Every login (the site's and the admin's) goes through ``authenticate``, where axes counts the
failures per user name and per client address. The user name is counted in one canonical form, so
``" tpps"``, ``"TPPS"`` and full-width ``"ｔｐｐｓ"`` are one name, the name accounts are created
and looked up with.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: Axes answers a locked-out login with this status: Too Many Requests.
LOCKED_OUT_STATUS = 429


def username_normalise(username: str) -> str:
    """One spelling per name: as Django's login form reads it (stripped, NFKC), then casefolded."""
    return unicodedata.normalize("NFKC", username.strip()).strip().casefold()


def lockout_username(
    request: HttpRequest | None, credentials: Mapping[str, Any] | None = None
) -> str | None:
    """The name axes counts failures under (``AXES_USERNAME_CALLABLE``)."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return None if raw is None else username_normalise(str(raw))


def client_address(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``, unless Tumbuh runs behind a reverse proxy (``TUMBUH_BEHIND_PROXY``): then the
    last ``X-Forwarded-For`` entry, the one that proxy added. Earlier entries come from the client
    and could be forged.
    """
    if settings.BEHIND_PROXY:
        hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        forwarded = hops[-1].strip()
        if _is_address(forwarded):
            return forwarded
    remote = str(request.META.get("REMOTE_ADDR", ""))
    return remote if _is_address(remote) else None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def failure_limit(request: HttpRequest | None, credentials: object = None) -> int:
    """Failures that lock a name or an address (``AXES_FAILURE_LIMIT``): ``LOCKOUT_FAILURES``."""
    return int(settings.LOCKOUT_FAILURES)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long a lock lasts after the last failure (``AXES_COOLOFF_TIME``): ``LOCKOUT_MINUTES``."""
    return timedelta(minutes=settings.LOCKOUT_MINUTES)


def locked_out_response(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """The page a locked-out login gets, site or admin (``AXES_LOCKOUT_CALLABLE``)."""
    context = {"minutes": settings.LOCKOUT_MINUTES}
    return render(request, "accounts/locked_out.html", context, status=LOCKED_OUT_STATUS)
