"""The programme register in the master-data admin: a new local programme, its office or
partner and its eligibility rule are data an administrator enters, not code."""

from __future__ import annotations

from tumbuh.accounts.admin_site import AdministratorModelAdmin, site
from tumbuh.poverty.models import Programme, Receipt


class ProgrammeAdmin(AdministratorModelAdmin):
    list_display = ("code", "name", "office", "partner", "max_desil", "target_group", "active")
    list_filter = ("office", "target_group", "local", "active")
    search_fields = ("code", "name", "partner")


class ReceiptAdmin(AdministratorModelAdmin):
    list_display = ("programme", "family", "received_on", "note")
    list_filter = ("programme",)
    date_hierarchy = "received_on"
    autocomplete_fields = ("family", "person")


site.register(Programme, ProgrammeAdmin)
site.register(Receipt, ReceiptAdmin)
