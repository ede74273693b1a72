"""The home page: the posyandu a user works with, or the lists of their work; the server error
page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils import timezone

from tumbuh.accounts.lists import list_filters, page_of
from tumbuh.accounts.permissions import Permission, has_permission, office_of, permission_required
from tumbuh.accounts.scope import profile_of
from tumbuh.convergence.catalogue import OFFICE_NAMES
from tumbuh.reporting.selectors import reminders


@permission_required(Permission.USE_SITE)
def home(request: HttpRequest) -> HttpResponse:
    own = office_of(request.user)
    offices = [
        (office.value, name)
        for office, name in OFFICE_NAMES.items()
        if has_permission(request.user, Permission.VIEW_GAPS) and own in (None, office.value)
    ]
    filters = list_filters(request, user=request.user)
    places = [
        p
        for p in filters.posyandu_options
        if filters.keeps(posyandu_id=p.pk, kelurahan_code=p.kelurahan_id)
        and filters.q.lower() in p.name.lower()
    ]
    context = {
        "profile": profile_of(request.user),
        "posyandu": page_of(request, places),
        "filters": filters,
        "query": filters.query(),
        "gap_offices": offices,
        "reminders": reminders(user=request.user, today=timezone.localdate()),
    }
    return render(request, "web/home.html", context)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page, in the user's language with the language switch. Rendered without the
    context processors (they read the user and the database, which may be what failed); plain
    text if even that fails (the page must not fail twice)."""
    try:
        page = loader.get_template("500.html").render(
            {"request": request, "csrf_token": get_token(request)}
        )
    except Exception:
        return HttpResponseServerError(
            "Terjadi kesalahan di server; data Anda mungkin belum tersimpan. "
            "Server error; your data may not have been saved.",
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponseServerError(page)
