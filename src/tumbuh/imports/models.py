"""One record per imported file: what it held and what became of its rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    EPPGBM = "eppgbm", _("e-PPGBM measurements")
    KELUARGA = "keluarga", _("BKKBN family data")
    DTSEN = "dtsen", _("DTSEN welfare data")


class ImportBatch(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    rows = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="import_rows_add_up",
                condition=models.Q(
                    rows=models.F("new")
                    + models.F("updated")
                    + models.F("unchanged")
                    + models.F("rejected")
                ),
            )
        ]
