"""A delivery: one intervention of the catalogue given to one person or one family."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    # a code of the region's catalogue (``tumbuh.catalogue``): national or the region's own
    intervention = models.CharField(_("intervention"), max_length=32)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivered_on = models.DateField(_("delivered on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The client's own id for this record (offline app, API): a repeated write is recognised
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervention delivery")
        verbose_name_plural = _("intervention deliveries")
        constraints = [
            models.CheckConstraint(
                name="delivery_to_a_person_or_a_family",
                condition=models.Q(person__isnull=False, family__isnull=True)
                | models.Q(person__isnull=True, family__isnull=False),
            ),
            # one intervention reaches one person or family once a day: a button pressed twice
            # records one delivery
            models.UniqueConstraint(
                fields=["intervention", "person", "delivered_on"],
                condition=models.Q(person__isnull=False),
                name="one_delivery_to_a_person_a_day",
            ),
            models.UniqueConstraint(
                fields=["intervention", "family", "delivered_on"],
                condition=models.Q(family__isnull=False),
                name="one_delivery_to_a_family_a_day",
            ),
        ]
        indexes = [models.Index(fields=["intervention", "delivered_on"])]


class ReportDone(models.Model):
    """A reporting-calendar item marked done for an area (see ``tumbuh.convergence.calendar``)."""

    code = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "year", "region"], name="one_report_done")
        ]


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ReportJob(models.Model):
    """A report a background worker prepares (the city's scorecard PDF, an office's gap list):
    the page asks for it, shows its progress and offers the file to its owner when ready."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("report"), max_length=16)  # scorecard_pdf, gaps_csv, gaps_xlsx
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    office = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8, default="id")
    status = models.CharField(
        max_length=8, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    file_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    message = models.CharField(max_length=300, blank=True)  # why it failed (never personal data)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)


class LokusList(models.Model):
    """The desa/kelurahan chosen as lokus for a year, saved by the TPPS secretariat with the
    weights that ranked them. One list per region and year: saving again replaces it (the audit
    log keeps who saved and replaced it, and when)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))  # the year the lokus is for
    weights = models.JSONField(_("weights"))  # criterion -> weight, as used for the ranking
    note = models.CharField(_("note or SK number"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("lokus list")
        verbose_name_plural = _("lokus lists")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_lokus_list_a_year")
        ]


class LokusEntry(models.Model):
    """One ranked desa/kelurahan of a saved lokus list, with the figures it was ranked on."""

    lokus_list = models.ForeignKey(LokusList, on_delete=models.CASCADE, related_name="entries")
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.CharField(_("reasons"), max_length=300, blank=True)
    figures = models.JSONField(_("figures"))  # criterion -> the kelurahan's value
    chosen = models.BooleanField(_("chosen as lokus"), default=False)

    class Meta:
        verbose_name = _("lokus entry")
        verbose_name_plural = _("lokus entries")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["lokus_list", "kelurahan"], name="one_lokus_entry_per_kelurahan"
            )
        ]
