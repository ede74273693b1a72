"""Teams by decree and their members in the master-data admin."""

from __future__ import annotations

from django.contrib import admin

from tumbuh.accounts.admin_site import AdministratorModelAdmin, site
from tumbuh.teams.models import Team, TeamMember


class TeamMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TeamMember
    extra = 1
    autocomplete_fields = ("user",)


class TeamAdmin(AdministratorModelAdmin):
    list_display = ("name", "kind", "region", "decree_number", "period_start", "period_end")
    list_filter = ("kind",)
    search_fields = ("name", "decree_number", "region__name")
    autocomplete_fields = ("region",)
    inlines = (TeamMemberInline,)


site.register(Team, TeamAdmin)
