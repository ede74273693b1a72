"""Regions by Kemendagri code, and the health facilities that serve them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Province")
    KABKOTA = "kabupaten_kota", _("Regency/city")
    KECAMATAN = "kecamatan", _("District (kecamatan)")
    KELURAHAN = "desa_kelurahan", _("Village (desa/kelurahan)")


class Region(models.Model):
    """One Kemendagri region; ``code`` is the dotted code (``71.72.01.1001``)."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=16, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def kind_label(self) -> str:
        """What the region is called: "Desa" or "Kelurahan" as it is one, else "Desa/Kelurahan"."""
        return str(KIND_LABELS.get(self.kind, MIXED_LABEL))


#: A desa/kelurahan's own word, and the word for a list mixing both (totals, headings).
KIND_LABELS = {"desa": _("Desa"), "kelurahan": _("Kelurahan")}
MIXED_LABEL = _("Desa/Kelurahan")


class Puskesmas(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kecamatan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="puskesmas")
    kelurahan_served = models.ManyToManyField(Region, related_name="served_by", blank=True)

    class Meta:
        verbose_name = _("puskesmas")
        verbose_name_plural = _("puskesmas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Posyandu(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kelurahan = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="posyandu")
    puskesmas = models.ForeignKey(Puskesmas, on_delete=models.PROTECT, related_name="posyandu")

    class Meta:
        verbose_name = _("posyandu")
        verbose_name_plural = _("posyandu")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
