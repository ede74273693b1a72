"""The home page: the posyandu a user works with."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.scope import profile_of
from tumbuh.accounts.selectors import posyandu_list


@permission_required(Permission.USE_SITE)
def home(request: HttpRequest) -> HttpResponse:
    context = {"profile": profile_of(request.user), "posyandu": posyandu_list(user=request.user)}
    return render(request, "web/home.html", context)
