"""Social programmes as data (who runs them, whom they are for), what each household received,
and each household's DTSEN welfare decile quarter by quarter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import OFFICE_NAMES, Office


class TargetGroup(models.TextChoices):
    """Families a programme is for, beyond (or instead of) a decile bound."""

    PREGNANT = "pregnant", _("Families with a pregnant woman")
    BADUTA = "baduta", _("Families with a child under two")
    BALITA = "balita", _("Families with a child under five")
    STUNTED = "stunted", _("Families with a stunted child")


class Programme(models.Model):
    """A social programme, national or local, run by an office or a partner. Its eligibility
    rule is data: a highest decile and/or a target group (both: a family must meet both)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    office = models.CharField(
        _("office"),
        max_length=16,
        blank=True,
        choices=[(o.value, OFFICE_NAMES[o]) for o in Office],
    )
    partner = models.CharField(_("partner"), max_length=120, blank=True)
    max_desil = models.PositiveSmallIntegerField(
        _("highest eligible decile"), null=True, blank=True
    )
    target_group = models.CharField(
        _("target group"), max_length=16, choices=TargetGroup.choices, blank=True
    )
    local = models.BooleanField(_("local programme"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["local", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    @property
    def has_rule(self) -> bool:
        return self.max_desil is not None or bool(self.target_group)

    @property
    def runner(self) -> str:
        """Who runs it: the office's name, else the partner's."""
        return OFFICE_NAMES[Office(self.office)] if self.office else self.partner


class Receipt(models.Model):
    """A programme received by a household (by No. KK) or one of its members (by NIK)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="receipts")
    family = models.ForeignKey(
        "registry.Family", on_delete=models.PROTECT, related_name="programme_receipts"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField(_("date received"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme receipt")
        verbose_name_plural = _("programme receipts")
        indexes = [models.Index(fields=["family", "programme", "received_on"])]


class DesilRecord(models.Model):
    """A household's decile as one DTSEN update (a quarter) gave it; the latest is current."""

    family = models.ForeignKey(
        "registry.Family", on_delete=models.CASCADE, related_name="desil_history"
    )
    period = models.DateField(_("period"))  # the first day of the DTSEN quarter
    desil = models.PositiveSmallIntegerField(_("decile"), null=True, blank=True)

    class Meta:
        ordering = ["family", "-period"]
        verbose_name = _("decile record")
        verbose_name_plural = _("decile records")
        constraints = [
            models.UniqueConstraint(fields=["family", "period"], name="one_desil_a_quarter")
        ]
