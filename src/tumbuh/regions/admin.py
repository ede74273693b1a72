"""Facilities in the master-data admin; regions are read-only (loaded from Kemendagri codes)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tumbuh.accounts.admin_site import AdministratorModelAdmin, site
from tumbuh.regions.models import Posyandu, Puskesmas, Region


class RegionAdmin(AdministratorModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PuskesmasAdmin(AdministratorModelAdmin):
    list_display = ("name", "kecamatan")
    search_fields = ("name",)
    autocomplete_fields = ("kecamatan",)
    filter_horizontal = ("kelurahan_served",)


class PosyanduAdmin(AdministratorModelAdmin):
    list_display = ("name", "kelurahan", "puskesmas")
    search_fields = ("name", "kelurahan__name")
    list_filter = ("puskesmas",)
    autocomplete_fields = ("kelurahan", "puskesmas")


site.register(Region, RegionAdmin)
site.register(Puskesmas, PuskesmasAdmin)
site.register(Posyandu, PosyanduAdmin)
