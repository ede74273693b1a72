"""A weighing campaign (Operasi Timbang / Bulan Penimbangan): a period and an area."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.regions.models import Region


class CampaignKind(models.TextChoices):
    FEBRUARY = "february", _("Operasi Timbang, February")
    AUGUST = "august", _("Operasi Timbang, August")
    OTHER = "other", _("Other campaign")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("region")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=CampaignKind.choices, default=CampaignKind.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "region_id"]
        constraints = [
            models.CheckConstraint(
                name="campaign_ends_after_it_starts", condition=models.Q(end__gte=models.F("start"))
            )
        ]
        indexes = [models.Index(fields=["region", "start"])]

    def __str__(self) -> str:
        return self.name
