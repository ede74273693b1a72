"""One measurement of one child at a posyandu, with the z-scores computed when it was saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person


class Position(models.TextChoices):
    LYING = "l", _("Lying (length)")
    STANDING = "h", _("Standing (height)")


class Gain(models.TextChoices):
    """SKDN weight-gain status by the KBM rule (``tumbuh.growth.kbm``; the same codes)."""

    NAIK = "N", _("N: gained at least the minimum for the age (KBM)")
    TIDAK_NAIK = "T", _("T: gained less than the minimum for the age (KBM)")
    NOT_WEIGHED_LAST = "O", _("O: not weighed last month")
    NEW = "B", _("B: first visit")


class Measurement(models.Model):
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="measurements")
    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(_("date measured"))
    age_days = models.PositiveIntegerField()
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lenhei_cm = models.DecimalField(
        _("length/height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    position = models.CharField(_("measured"), max_length=1, choices=Position.choices, blank=True)
    muac_cm = models.DecimalField(
        _("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    head_cm = models.DecimalField(
        _("head circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    oedema = models.BooleanField(_("oedema"), default=False)
    zlen = models.FloatField(null=True, blank=True)
    zwei = models.FloatField(null=True, blank=True)
    zwfl = models.FloatField(null=True, blank=True)
    zbmi = models.FloatField(null=True, blank=True)
    zhc = models.FloatField(null=True, blank=True)
    zac = models.FloatField(null=True, blank=True)
    flags = models.CharField(max_length=40, blank=True)  # WHO flags raised, e.g. "zlen zwfl"
    gain = models.CharField(max_length=1, choices=Gain.choices, default=Gain.NEW)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("imported from"),
        db_index=False,  # kept lean for million-row imports; looked up by batch rarely
    )
    # The client's own id for this record (offline app, API): a repeated write is recognised
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["child", "measured_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "measured_on"], name="one_measurement_a_day"),
            models.CheckConstraint(
                name="weight_plausible_kg",
                condition=models.Q(weight_kg__isnull=True)
                | models.Q(weight_kg__gte=0.5, weight_kg__lte=60),
            ),
            models.CheckConstraint(
                name="lenhei_plausible_cm",
                condition=models.Q(lenhei_cm__isnull=True)
                | models.Q(lenhei_cm__gte=35, lenhei_cm__lte=140),
            ),
        ]
        indexes = [
            models.Index(fields=["posyandu", "measured_on"]),
            models.Index(fields=["measured_on"]),
        ]


class MaternalMeasurement(models.Model):
    """A woman's LiLA (KEK below 23.5 cm) and haemoglobin (anaemia below 11 g/dL)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="maternal_measurements"
    )
    measured_on = models.DateField(_("date measured"))
    lila_cm = models.DecimalField(
        _("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    hb_g_dl = models.DecimalField(
        _("Hb (g/dL)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="maternal_lila_plausible",
                condition=models.Q(lila_cm__isnull=True)
                | models.Q(lila_cm__gte=10, lila_cm__lte=50),
            ),
            models.CheckConstraint(
                name="maternal_hb_plausible",
                condition=models.Q(hb_g_dl__isnull=True)
                | models.Q(hb_g_dl__gte=3, hb_g_dl__lte=20),
            ),
            models.CheckConstraint(
                name="maternal_something_measured",
                condition=models.Q(lila_cm__isnull=False) | models.Q(hb_g_dl__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["person", "measured_on"])]
