"""The work plan and budget of an office for a year (Aksi 2 / SIPD), and the figures the
targets page sets beside routine data: survey prevalence (SSGI/SKI) and the region's own targets.

A plan holds sub-activities (sub kegiatan) by SIPD code; their programme and activity are the
code's first parts (``tumbuh.workplan.sipd``), named on each row. Each sub-activity has its
budget (pagu), output indicator, targets and realisation per quarter, the catalogue
interventions it serves and its lokus desa/kelurahan (none: the whole kab/kota).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.regions.models import Region
from tumbuh.workplan.sipd import QUARTERS, SUB_ACTIVITY_CODE, Quarter

OFFICE_CHOICES = [(office.value, name) for office, name in OFFICE_NAMES.items()]


class WorkPlan(models.Model):
    """One office's plan for one year in a kab/kota."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="work_plans", verbose_name=_("region")
    )
    office = models.CharField(_("office"), max_length=16, choices=OFFICE_CHOICES)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2018), MaxValueValidator(2045)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id", "-year", "office"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "office", "year"], name="one_work_plan_per_office_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_name} {self.year}"

    @property
    def office_name(self) -> str:
        return OFFICE_NAMES.get(Office(self.office), self.office)


def _quarter_fields() -> dict[str, models.Field[object, object]]:
    fields: dict[str, models.Field[object, object]] = {}
    for q in QUARTERS:
        fields[f"target_volume_{q}"] = models.DecimalField(
            max_digits=14, decimal_places=2, default=Decimal(0)
        )
        fields[f"target_rp_{q}"] = models.BigIntegerField(default=0)
        fields[f"realised_volume_{q}"] = models.DecimalField(
            max_digits=14, decimal_places=2, default=Decimal(0)
        )
        fields[f"realised_rp_{q}"] = models.BigIntegerField(default=0)
    return fields


class SubActivity(models.Model):
    """A sub kegiatan of a plan: budget, output, quarters, interventions and lokus."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sub_activities")
    code = models.CharField(
        _("sub-activity code"),
        max_length=24,
        validators=[RegexValidator(SUB_ACTIVITY_CODE.pattern)],
    )
    name = models.CharField(_("sub-activity"), max_length=255)
    programme_name = models.CharField(_("programme"), max_length=255, blank=True)
    activity_name = models.CharField(_("activity"), max_length=255, blank=True)
    budget_rp = models.BigIntegerField(_("budget (Rp)"), default=0)
    indicator = models.CharField(_("output indicator"), max_length=255, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target_volume = models.DecimalField(
        _("target volume"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    #: Catalogue codes (``tumbuh.convergence.catalogue``) this sub-activity delivers.
    interventions = models.JSONField(_("interventions"), default=list, blank=True)
    lokus = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("lokus desa/kelurahan")
    )
    for _name, _field in _quarter_fields().items():
        locals()[_name] = _field
    del _name, _field

    class Meta:
        ordering = ["plan_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="one_row_per_sub_activity"),
            models.CheckConstraint(
                name="sub_activity_budget_not_negative", condition=models.Q(budget_rp__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def quarters(self) -> list[Quarter]:
        return [
            Quarter(
                q,
                getattr(self, f"target_volume_{q}"),
                getattr(self, f"target_rp_{q}"),
                getattr(self, f"realised_volume_{q}"),
                getattr(self, f"realised_rp_{q}"),
            )
            for q in QUARTERS
        ]

    @property
    def realised_rp(self) -> int:
        return sum(q.realised_rp for q in self.quarters)


class SurveySource(models.TextChoices):
    SSGI = "ssgi", "SSGI"
    SKI = "ski", "SKI"
    RISKESDAS = "riskesdas", "Riskesdas"
    OTHER = "other", _("Other survey")


class SurveyFigure(models.Model):
    """Stunting prevalence of a region from a national survey, for one year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2007), MaxValueValidator(2045)]
    )
    source = models.CharField(_("survey"), max_length=12, choices=SurveySource.choices)
    percent = models.DecimalField(
        _("stunting (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    low = models.DecimalField(
        _("95 % CI, low"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    high = models.DecimalField(
        _("95 % CI, high"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    #: Figures made up for the demo, shown as such.
    demo = models.BooleanField(_("demo data"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["region_id", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "source"], name="one_survey_figure_per_year"
            )
        ]


class TargetKind(models.TextChoices):
    RPJMD = "rpjmd", "RPJMD"
    RKPD = "rkpd", "RKPD"


class RegionalTarget(models.Model):
    """The region's own stunting target for a year, from its RPJMD or RKPD."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2018), MaxValueValidator(2045)]
    )
    kind = models.CharField(_("document"), max_length=8, choices=TargetKind.choices)
    percent = models.DecimalField(
        _("target (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["region_id", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "kind"], name="one_regional_target_per_year"
            )
        ]
