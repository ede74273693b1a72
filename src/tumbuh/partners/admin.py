"""Partners, their commitments and deliveries in the master-data admin (administrators)."""

from __future__ import annotations

from django.contrib import admin

from tumbuh.accounts.admin_site import AdministratorModelAdmin, site
from tumbuh.partners.models import Commitment, Contribution, Partner


class CommitmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Commitment
    extra = 0
    raw_id_fields = ("kelurahan", "families")


class PartnerAdmin(AdministratorModelAdmin):
    list_display = ("name", "kind", "region")
    search_fields = ("name",)
    filter_horizontal = ("accounts",)
    inlines = (CommitmentInline,)


class ContributionAdmin(AdministratorModelAdmin):
    list_display = ("partner", "delivered_on", "what", "value_rp", "kelurahan")
    list_filter = ("partner",)
    raw_id_fields = ("kelurahan", "families", "commitment")


site.register(Partner, PartnerAdmin)
site.register(Contribution, ContributionAdmin)
