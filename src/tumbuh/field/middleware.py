"""Logout answers with ``Clear-Site-Data``: the browser deletes the field app's IndexedDB,
caches and service worker (personal data never outlives the session on a shared phone)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tumbuh.field.signals import CLEAR_FLAG

CLEARED = '"cache", "storage"'


class ClearSiteDataAtLogoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, CLEAR_FLAG, False):
            response["Clear-Site-Data"] = CLEARED
        return response
