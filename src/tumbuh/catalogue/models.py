"""A version of one intervention of a region's catalogue (or of the national defaults).

Versions of one code in one region never overlap: ``valid_from`` (inclusive) to ``valid_to``
(exclusive, null: still in force). A change closes the version in force and opens the next one
on the day it takes effect, so a scorecard of a past month reads the rule valid then. A region
row shadows the national default of the same code while it is valid; a ``retired`` version says
the intervention is not part of the region's package from that day.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import OFFICE_NAMES, TARGET_GROUPS, Kind, Office, Source

OFFICE_CHOICES = [(office.value, OFFICE_NAMES[office]) for office in Office]
KIND_CHOICES = [(Kind.SPECIFIC.value, _("specific")), (Kind.SENSITIVE.value, _("sensitive"))]
TARGET_GROUP_CHOICES = [(code, group.label) for code, group in TARGET_GROUPS.items()]
SOURCE_CHOICES = [
    (Source.DELIVERY.value, _("a recorded or imported delivery")),
    (Source.MEASUREMENT.value, _("any measurement of the child (entered or imported)")),
    (Source.VISIT.value, _("a TPK visit to the family")),
]


class CatalogueEntry(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # null: the national default (RAN-PASTI)
    code = models.SlugField(_("code"), max_length=32)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    office = models.CharField(_("responsible office"), max_length=16, choices=OFFICE_CHOICES)
    target_group = models.CharField(_("target group"), max_length=32, choices=TARGET_GROUP_CHOICES)
    satisfied_by = models.CharField(
        _("counts as received"),
        max_length=16,
        choices=SOURCE_CHOICES,
        default=Source.DELIVERY.value,
    )
    window_days = models.PositiveIntegerField(
        _("window (days)"),
        null=True,
        blank=True,
        help_text=_("How long a delivery counts; empty: twelve months."),
    )
    retired = models.BooleanField(_("retired"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("reason for the change"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "catalogue entries"
        ordering = ["code", "valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                condition=models.Q(region__isnull=True),
                name="one_national_version_a_day",
            ),
        ]
        indexes = [models.Index(fields=["region", "code"])]

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)
