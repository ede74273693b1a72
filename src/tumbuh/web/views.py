"""The home page: the posyandu a user works with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tumbuh.accounts.scope import profile_of
from tumbuh.regions.selectors import posyandu_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"profile": profile_of(request.user), "posyandu": posyandu_list(user=request.user)}
    return render(request, "web/home.html", context)
