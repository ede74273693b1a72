"""Families (Kartu Keluarga), people and their sasaran roles."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry import rules


class PersonQuerySet(models.QuerySet["Person"]):
    def under_five(self, *, on: date) -> Self:
        """Children under five (0-59 months) on that day."""
        return self.filter(birth_date__gte=rules.earliest_birth_under_five(on), birth_date__lte=on)

    def baduta(self, *, on: date) -> Self:
        """Children under two (0-23 months) on that day."""
        return self.filter(birth_date__gte=rules.earliest_birth_baduta(on), birth_date__lte=on)


class FamilyQuerySet(models.QuerySet["Family"]):
    def at_risk(self, *, on: date) -> Self:
        """Keluarga berisiko stunting on that day: a risk factor at home or a 4T mother."""
        return self.filter(at_risk_where(on))


def at_risk_where(on: date) -> Q:
    """A family is at risk of stunting on that day (``FamilyQuerySet.at_risk``), as a filter."""
    home = Q()
    for name in rules.HOME_RISK_FIELDS:
        home |= Q(**{name: True})
    return home | Q(Exists(_four_t_mothers(on).filter(family=OuterRef("pk"))))


def _four_t_mothers(on: date) -> PersonQuerySet:
    """Women who are the mother of a child under five on ``on`` and meet a 4T criterion."""
    children = Person.objects.filter(mother=OuterRef("pk"))
    sibling_soon_after = Person.objects.filter(
        mother=OuterRef(OuterRef("pk")),
        birth_date__gte=OuterRef("birth_date"),
        birth_date__lt=OuterRef("birth_date") + rules.FOUR_T_BIRTHS_TOO_CLOSE,
    ).exclude(pk=OuterRef("pk"))
    many = (
        Person.objects.filter(mother__isnull=False)
        .values("mother")
        .annotate(n=Count("pk"))
        .filter(n__gt=rules.FOUR_T_MOST_CHILDREN)
        .values("mother")
    )
    criteria = (
        Q(birth_date__gt=rules.years_before(on, rules.FOUR_T_YOUNGEST_YEARS))
        | Q(birth_date__lte=rules.years_before(on, rules.FOUR_T_OLDEST_YEARS))
        | Q(Exists(children.filter(Exists(sibling_soon_after))))
        | Q(pk__in=many)
    )
    return Person.objects.filter(Exists(children.under_five(on=on))).filter(criteria)


class Family(models.Model):
    kk_number = models.CharField(_("No. KK"), max_length=16, blank=True)
    head_name = models.CharField(_("head of family"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    kelurahan = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="families", verbose_name=_("kelurahan")
    )
    no_clean_water = models.BooleanField(_("no clean drinking water"), default=False)
    no_latrine = models.BooleanField(_("no proper latrine"), default=False)
    smoker_in_house = models.BooleanField(_("smoker in the house"), default=False)
    welfare_decile = models.PositiveSmallIntegerField(
        _("welfare decile (DTSEN)"), null=True, blank=True
    )

    objects = FamilyQuerySet.as_manager()

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return self.head_name


class Sex(models.IntegerChoices):
    MALE = 1, _("Male")
    FEMALE = 2, _("Female")


class NoNikReason(models.TextChoices):
    NOT_YET = "not_yet", _("Not registered yet (newborn)")
    UNKNOWN = "unknown", _("Family does not know it")
    NO_DOCUMENT = "no_document", _("No civil registration document")


class Person(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="members", verbose_name=_("family")
    )
    name = models.CharField(_("name"), max_length=100)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    no_nik_reason = models.CharField(
        _("reason there is no NIK"), max_length=16, choices=NoNikReason.choices, blank=True
    )
    mother = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("mother"),
    )
    posyandu = models.ForeignKey(
        Posyandu,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("posyandu"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="person_nik_unique"),
            models.CheckConstraint(
                name="person_nik_or_reason",
                condition=models.Q(nik__isnull=False) | ~models.Q(no_nik_reason=""),
            ),
        ]
        indexes = [models.Index(fields=["posyandu", "birth_date"])]

    def __str__(self) -> str:
        return self.name


class Sasaran(models.TextChoices):
    IBU_HAMIL = "ibu_hamil", _("Pregnant woman")
    IBU_NIFAS = "ibu_nifas", _("Postpartum mother")
    BADUTA = "baduta", _("Child under two")
    BALITA = "balita", _("Child under five")
    CATIN = "catin", _("Bride/groom to be")
    REMAJA_PUTRI = "remaja_putri", _("Adolescent girl")


class SasaranRole(models.Model):
    """A sasaran role a person holds from ``start`` until ``end`` (open while null)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("sasaran"), max_length=16, choices=Sasaran.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    hpht = models.DateField(_("first day of last menstrual period (HPHT)"), null=True, blank=True)
    hpl = models.DateField(_("estimated delivery date (HPL)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="sasaran_end_after_start",
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
            )
        ]
