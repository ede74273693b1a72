"""The home page: the posyandu a user works with; the server error page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render

from tumbuh.accounts.scope import profile_of
from tumbuh.regions.selectors import posyandu_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"profile": profile_of(request.user), "posyandu": posyandu_list(user=request.user)}
    return render(request, "web/home.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page, in the user's language with the language switch; plain if even that
    cannot be rendered (the page must not fail twice)."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError(
            "Terjadi kesalahan di server; data Anda mungkin belum tersimpan. "
            "Server error; your data may not have been saved.",
            content_type="text/plain; charset=utf-8",
        )
