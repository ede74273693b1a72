"""Accounts in the master-data admin: users with their role and scope; the audit log, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from tumbuh.accounts.admin_site import AdministratorModelAdmin, is_administrator, site
from tumbuh.accounts.models import AuditEvent, Profile


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


class TumbuhUserAdmin(UserAdmin, AdministratorModelAdmin):  # type: ignore[type-arg]
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


site.register(User, TumbuhUserAdmin)
site.register(AuditEvent, AuditEventAdmin)
