"""Families and people in the master-data admin: kept on file, NIK read-only here.

Their pages show full NIKs: opening one is written to the audit log as a view of that record,
a list of them as a view of a list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from tumbuh.accounts.admin_site import KeptOnFileModelAdmin, site
from tumbuh.accounts.models import Action
from tumbuh.accounts.services import audit_record
from tumbuh.registry.models import Family, Person, SasaranRole


class ViewsAuditedAdmin(KeptOnFileModelAdmin):
    """Every page of a record and every list that reads personal data is audited."""

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit_record(
                user=request.user,
                action=Action.VIEW,
                object_type=self.model._meta.model_name or "",
                object_id=object_id,
            )
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            audit_record(
                user=request.user,
                action=Action.VIEW_LIST,
                object_type=self.model._meta.model_name or "",
            )
        return response


class FamilyAdmin(ViewsAuditedAdmin):
    list_display = ("head_name", "kk_number", "kelurahan", "rt", "rw")
    search_fields = ("head_name", "kk_number")
    autocomplete_fields = ("kelurahan",)


class SasaranRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SasaranRole
    extra = 0


class PersonAdmin(ViewsAuditedAdmin):
    list_display = ("name", "sex", "birth_date", "family", "posyandu")
    search_fields = ("name", "family__head_name")
    list_filter = ("sex",)
    readonly_fields = ("nik", "no_nik_reason", "created_by", "created_at", "updated_at")
    autocomplete_fields = ("family", "mother", "posyandu")
    inlines = (SasaranRoleInline,)


site.register(Family, FamilyAdmin)
site.register(Person, PersonAdmin)
