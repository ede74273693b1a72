"""The exchange log: which office's list left Tumbuh (a gap list exported) or came in (a delivery
file imported), by whom, when, by which channel, and how many rows (never the rows themselves)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    EXPORT = "export", _("gap list exported")
    IMPORT = "import", _("deliveries imported")


class Channel(models.TextChoices):
    WEB = "web", _("web")
    CLI = "cli", _("command line")
    JOB = "job", _("background report")


class ExchangeEvent(models.Model):
    office = models.CharField(_("office"), max_length=16, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("exchange"), max_length=8, choices=Direction.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    file_format = models.CharField(_("format"), max_length=8)  # csv, xlsx, pdf, page
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
