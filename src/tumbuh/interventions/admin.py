"""Deliveries in the master-data admin (corrections; daily entry happens in the app)."""

from __future__ import annotations

from tumbuh.accounts.admin_site import AdministratorModelAdmin, site
from tumbuh.interventions.models import Delivery


class DeliveryAdmin(AdministratorModelAdmin):
    list_display = ("intervention", "person", "family", "delivered_on")
    list_filter = ("intervention",)
    date_hierarchy = "delivered_on"
    autocomplete_fields = ("person", "family")


site.register(Delivery, DeliveryAdmin)
