"""Django's admin for master data (facilities, families, people, accounts): administrators only.

Every change made here is written to Tumbuh's audit log as well as Django's; records of people
and families are never deleted (they must stay on file); a NIK is changed only through the
registry's validated forms.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission
from tumbuh.accounts.services import audit_record


def is_administrator(request: HttpRequest) -> bool:
    """Master data is opened by roles with MANAGE_MASTER_DATA in the permission table."""
    user = request.user
    return bool(user.is_active) and has_permission(user, Permission.MANAGE_MASTER_DATA)


class TumbuhAdminSite(admin.AdminSite):
    site_header = _("Tumbuh: master data")
    site_title = _("Tumbuh")
    index_title = _("Master data")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)


site = TumbuhAdminSite(name="tumbuh_admin")


class AdministratorModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Full rights for administrators, none for anyone else; changes are audited."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        super().save_model(request, obj, form, change)
        audit_record(
            user=request.user,
            action=Action.UPDATE if change else Action.CREATE,
            object_type=obj._meta.model_name or "",
            object_id=obj.pk,
        )


class KeptOnFileModelAdmin(AdministratorModelAdmin):
    """Records that must stay on file: no deletion."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
