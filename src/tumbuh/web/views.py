"""The home page: the posyandu a user works with, or the lists of their work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tumbuh.accounts.permissions import Permission, has_permission, office_of, permission_required
from tumbuh.accounts.scope import profile_of
from tumbuh.accounts.selectors import posyandu_list
from tumbuh.convergence.catalogue import OFFICE_NAMES


@permission_required(Permission.USE_SITE)
def home(request: HttpRequest) -> HttpResponse:
    own = office_of(request.user)
    offices = [
        (office.value, name)
        for office, name in OFFICE_NAMES.items()
        if has_permission(request.user, Permission.VIEW_GAPS) and own in (None, office.value)
    ]
    context = {
        "profile": profile_of(request.user),
        "posyandu": posyandu_list(user=request.user),
        "gap_offices": offices,
    }
    return render(request, "web/home.html", context)
