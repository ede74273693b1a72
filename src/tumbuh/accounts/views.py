"""Log in (django-axes locks out repeated failures), log out, change one's password, audit log."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required
from tumbuh.accounts.selectors import audit_list
from tumbuh.accounts.services import audit_record, user_password_set


@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        audit_record(user=request.user, action=Action.LOGIN, object_type="user")
        target = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return redirect(target if target and safe else "home")
    return render(request, "accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@permission_required(Permission.USE_SITE)
def password_change(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # permission_required: never anonymous
    form = PasswordChangeForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_set(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # stay logged in here, logged out elsewhere
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


AUDIT_PAGE = 200


@permission_required(Permission.VIEW_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    events = audit_list(user=request.user)
    return render(request, "accounts/audit.html", {"events": events[:AUDIT_PAGE]})
