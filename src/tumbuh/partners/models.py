"""Partners (CSR and others), what they committed and what they delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COMPANY = "perusahaan", _("Company (CSR)")
    GOVERNMENT = "pemerintah", _("Government programme")
    UNIVERSITY = "perguruan_tinggi", _("University")
    COMMUNITY = "masyarakat", _("Community organisation")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    # the kab/kota (or smaller area) the partner works in
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    contact = models.CharField(_("contact person"), max_length=120, blank=True)
    # the partner role's accounts that act for this partner (see only its own commitments)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partners", verbose_name=_("accounts")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="one_partner_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name


class CommitmentKind(models.TextChoices):
    MONEY = "uang", _("Money")
    GOODS = "barang", _("Goods")
    PROGRAMME = "program", _("A programme")
    KELURAHAN = "kelurahan", _("A kelurahan (adopted)")
    FAMILIES = "keluarga", _("Families (adopted)")


class Commitment(models.Model):
    """What a partner promised: money, goods, a programme, a kelurahan or families adopted."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount_rp = models.PositiveBigIntegerField(_("value (Rp)"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    kelurahan = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    families = models.ManyToManyField(
        "registry.Family", blank=True, related_name="+", verbose_name=_("families adopted")
    )

    def __str__(self) -> str:
        return self.description


class Contribution(models.Model):
    """What a partner delivered: on a day, what, its value, to a kelurahan or families."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contributions")
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("commitment"),
    )
    delivered_on = models.DateField(_("date"))
    what = models.CharField(_("what"), max_length=200)
    value_rp = models.PositiveBigIntegerField(_("value (Rp)"), null=True, blank=True)
    kelurahan = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    families = models.ManyToManyField(
        "registry.Family", blank=True, related_name="+", verbose_name=_("families reached")
    )

    class Meta:
        indexes = [models.Index(fields=["partner", "delivered_on"])]

    def __str__(self) -> str:
        return self.what
