"""Families and people in the master-data admin: kept on file, NIK read-only here."""

from __future__ import annotations

from django.contrib import admin

from tumbuh.accounts.admin_site import KeptOnFileModelAdmin, site
from tumbuh.registry.models import Family, Person, SasaranRole


class FamilyAdmin(KeptOnFileModelAdmin):
    list_display = ("head_name", "kk_number", "kelurahan", "rt", "rw")
    search_fields = ("head_name", "kk_number")
    autocomplete_fields = ("kelurahan",)


class SasaranRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SasaranRole
    extra = 0


class PersonAdmin(KeptOnFileModelAdmin):
    list_display = ("name", "sex", "birth_date", "family", "posyandu")
    search_fields = ("name", "family__head_name")
    list_filter = ("sex",)
    readonly_fields = ("nik", "no_nik_reason", "created_by", "created_at", "updated_at")
    autocomplete_fields = ("family", "mother", "posyandu")
    inlines = (SasaranRoleInline,)


site.register(Family, FamilyAdmin)
site.register(Person, PersonAdmin)
