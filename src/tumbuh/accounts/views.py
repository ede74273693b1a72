"""Log in (with lockout after repeated failures) and log out."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.selectors import audit_list
from tumbuh.accounts.services import (
    audit_record,
    login_failure_record,
    login_failures_clear,
    login_locked,
)


def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST":
        username = request.POST.get("username", "")
        if login_locked(username=username):
            form.add_error(None, _("Too many failed attempts. Try again in a few minutes."))
        elif form.is_valid():
            login(request, form.get_user())
            login_failures_clear(username=username)
            audit_record(user=request.user, action=Action.LOGIN, object_type="user")
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            return redirect(target if target and safe else "home")
        else:
            login_failure_record(username=username)
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


AUDIT_PAGE = 200


@permission_required(Permission.VIEW_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    events = audit_list(user=request.user)
    return render(request, "accounts/audit.html", {"events": events[:AUDIT_PAGE]})
