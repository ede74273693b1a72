"""PKH facilitators' caseloads of KPM families, their P2K2 sessions and referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.models import OFFICE_CHOICES


class KpmAssignment(models.Model):
    """A KPM family (Keluarga Penerima Manfaat) accompanied by a PKH facilitator, from
    ``since`` until ``until`` (open while null); one open assignment per family."""

    family = models.ForeignKey("registry.Family", on_delete=models.PROTECT, related_name="+")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kpm_assignments"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(until__isnull=True),
                name="one_open_kpm_assignment_per_family",
            ),
            models.CheckConstraint(
                name="kpm_assignment_until_after_since",
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
            ),
        ]
        indexes = [models.Index(fields=["facilitator", "until"])]


class P2k2Module(models.TextChoices):
    """The P2K2 (Family Development Session) modules of the Kemensos curriculum."""

    PARENTING = "pengasuhan", _("Education and child care")
    FINANCE = "keuangan", _("Family finance and business planning")
    HEALTH = "kesehatan", _("Health and nutrition")
    PROTECTION = "perlindungan", _("Child protection")
    WELFARE = "kesejahteraan", _("Social welfare (elderly and disability)")


class P2k2Session(models.Model):
    """A P2K2 meeting (Pertemuan Peningkatan Kemampuan Keluarga) a facilitator held."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="p2k2_sessions"
    )
    kelurahan = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    held_on = models.DateField(_("date"))
    module = models.CharField(_("module"), max_length=16, choices=P2k2Module.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    families = models.ManyToManyField(
        "registry.Family", related_name="+", verbose_name=_("families attending")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kelurahan", "held_on"])]


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Referral(models.Model):
    """A KPM family referred to an office or service, and whether it was seen to."""

    family = models.ForeignKey("registry.Family", on_delete=models.PROTECT, related_name="+")
    office = models.CharField(_("to office"), max_length=16, choices=OFFICE_CHOICES)
    service = models.CharField(_("service"), max_length=120, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    referred_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    closed_on = models.DateField(_("done on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["family", "status"])]
        constraints = [
            models.CheckConstraint(
                name="referral_closed_after_referred",
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("referred_on")),
            )
        ]
