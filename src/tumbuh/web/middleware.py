"""Bahasa Indonesia unless the user chose English with the language switch (a cookie).

Many phones in Indonesia are set to English; the browser's Accept-Language is therefore ignored
so that the default really is Indonesian. Programs calling the API (``/api/``) ask for a
language on purpose, so there Accept-Language is honoured (still Indonesian without it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tumbuh.accounts.models import Profile
from tumbuh.regions.timezones import zone_for


class IndonesianByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RegionTimezoneMiddleware:
    """Show dates and times in the user's own zone (WIB, WITA or WIT), from their scope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = _scope_code(request)
        if code:
            timezone.activate(zone_for(code))
        else:
            timezone.deactivate()
        return self.get_response(request)


def _scope_code(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    profile = (
        Profile.objects.filter(user_id=user.pk).select_related("puskesmas", "posyandu").first()
    )
    if profile is None:
        return ""
    if profile.region_id:
        return profile.region_id
    if profile.puskesmas is not None:
        return profile.puskesmas.kecamatan_id
    if profile.posyandu is not None:
        return profile.posyandu.kelurahan_id
    return ""
