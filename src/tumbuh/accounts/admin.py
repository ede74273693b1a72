"""Accounts in the master-data admin: users with their role and scope; the audit log, read-only;
failed logins counted for lockout (deleting one lifts its lock)."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest

from tumbuh.accounts.lockout import username_normalise
from tumbuh.accounts.models import AuditEvent, Profile
from tumbuh.web.admin_site import AdministratorModelAdmin, is_administrator, site


class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    can_delete = False
    autocomplete_fields = ("region", "posyandu", "puskesmas")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


class CanonicalUserCreationForm(AdminUserCreationForm):
    """Names are stored as they are counted for lockout: "Tpps" is created as "tpps"."""

    def clean_username(self) -> str:
        username = super().clean_username()  # None: the name is taken in another case
        return username_normalise(username) if username else username


class CanonicalUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean_username(self) -> str:
        return username_normalise(self.cleaned_data["username"])


class TumbuhUserAdmin(UserAdmin, AdministratorModelAdmin):  # type: ignore[type-arg]
    add_form = CanonicalUserCreationForm
    form = CanonicalUserChangeForm
    inlines = (ProfileInline,)
    list_display = ("username", "first_name", "last_name", "is_active", "last_login")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the audit log refers to users


class AuditEventAdmin(AdministratorModelAdmin):
    list_display = ("at", "user", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LoginAttemptAdmin(AdministratorModelAdmin):
    """Failed logins per name, address and browser; delete a row to lift its lock early."""

    list_display = ("attempt_time", "username", "ip_address", "failures_since_start")
    search_fields = ("username", "ip_address")
    fields = ("attempt_time", "username", "ip_address", "user_agent", "failures_since_start")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


site.register(User, TumbuhUserAdmin)
site.register(AccessAttempt, LoginAttemptAdmin)
site.register(AuditEvent, AuditEventAdmin)
