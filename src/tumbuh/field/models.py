"""A phone's measurement that differs from the one stored for the same child and day.

The server never overwrites silently: the phone's values wait here until the puskesmas nutrition
officer keeps the stored measurement or replaces it with the phone's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.measurements.models import Measurement, Position
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person


class Decision(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    KEPT = "kept", _("Stored measurement kept")
    REPLACED = "replaced", _("Replaced by the phone's values")


class MeasurementConflict(models.Model):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="+")
    stored = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="field_conflicts"
    )
    measured_on = models.DateField(_("date measured"))
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lenhei_cm = models.DecimalField(
        _("length/height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    position = models.CharField(_("measured"), max_length=1, choices=Position.choices, blank=True)
    muac_cm = models.DecimalField(
        _("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    head_cm = models.DecimalField(
        _("head circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    oedema = models.BooleanField(_("oedema"), default=False)
    # The phone's id for the record: sending it again finds this conflict, not a new one
    client_uuid = models.UUIDField(unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision = models.CharField(max_length=8, choices=Decision.choices, default=Decision.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["posyandu", "decision"])]
