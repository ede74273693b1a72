"""Deadlines as data: the national ones (seeded from ``tumbuh.convergence.calendar.RULES``) and a
region's own; and what was submitted for each occurrence (file, date, by whom)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import OFFICE_CHOICES
from tumbuh.convergence.calendar import Rule
from tumbuh.regions.models import Region


class Recurrence(models.TextChoices):
    YEARLY = "yearly", _("every year")
    SEMESTER = "semester", _("every semester")


class Deadline(models.Model):
    """A recurring obligation. ``region`` empty: a national deadline that applies to every
    region; else the region's own (and the regions under it)."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    reporter = models.CharField(_("who reports"), max_length=120, blank=True)
    recipient = models.CharField(_("to whom"), max_length=120, blank=True)
    office = models.CharField(
        _("responsible office"), max_length=16, choices=OFFICE_CHOICES, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.YEARLY
    )
    opens_month = models.PositiveSmallIntegerField(_("opens: month"))
    opens_day = models.PositiveSmallIntegerField(_("opens: day"))
    due_month = models.PositiveSmallIntegerField(_("due: month"))
    due_day = models.PositiveSmallIntegerField(_("due: day"))
    due_next_year = models.BooleanField(_("due in the following year"), default=False)
    remind_days = models.PositiveSmallIntegerField(_("remind this many days ahead"), default=30)
    #: Occurrences due before this day are not the region's (it did not report this way yet).
    applies_from = models.DateField(_("applies from"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_month", "due_day", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(region__isnull=True),
                name="one_national_deadline_per_code",
            ),
            models.UniqueConstraint(fields=["region", "code"], name="one_deadline_per_code"),
            models.CheckConstraint(
                name="deadline_days_of_the_year",
                condition=models.Q(opens_month__gte=1, opens_month__lte=12)
                & models.Q(due_month__gte=1, due_month__lte=12)
                & models.Q(opens_day__gte=1, opens_day__lte=31)
                & models.Q(due_day__gte=1, due_day__lte=31),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def national(self) -> bool:
        return self.region_id is None

    def rule(self) -> Rule:
        """The deadline as the calendar's pure rule."""
        return Rule(
            code=self.code,
            title_id=self.title,
            title_en=self.title,
            reporter=self.reporter,
            recipient=self.recipient,
            opens=(self.opens_month, self.opens_day),
            closes=(self.due_month, self.due_day),
            closes_next_year=self.due_next_year,
            semester=self.recurrence == Recurrence.SEMESTER,
        )


class Submission(models.Model):
    """What was submitted for one occurrence of a deadline (``period``: ``2026`` or ``2026/2``)
    by a region: a file kept in the private data directory, or a note alone."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="submissions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["region", "deadline", "period"])]

    @property
    def key(self) -> str:
        return f"{self.deadline.code}:{self.period}"
