"""Deliveries in the master-data admin (corrections; daily entry happens in the app)."""

from __future__ import annotations

from tumbuh.interventions.models import Delivery
from tumbuh.web.admin_site import AdministratorModelAdmin, site


class DeliveryAdmin(AdministratorModelAdmin):
    list_display = ("intervention", "person", "family", "delivered_on")
    list_filter = ("intervention",)
    date_hierarchy = "delivered_on"
    autocomplete_fields = ("person", "family")


site.register(Delivery, DeliveryAdmin)
