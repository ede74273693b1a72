"""The facts tables: a row per child (its current status) and a row per posyandu and month.

Both are derived data: ``tumbuh facts rebuild`` recomputes them from measurements and the
registry, and every write marks what it touched as stale (``Stale``) for the next read to refresh.
Foreign keys are kept without database constraints so that derived rows never block a delete.
"""

from __future__ import annotations

from django.db import models

from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person


class ChildStatus(models.Model):
    """A child's latest and previous measurement, where it is registered and what it means."""

    child = models.OneToOneField(
        Person,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="status",
    )
    posyandu = models.ForeignKey(
        Posyandu, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    #: The registered posyandu's kelurahan code (the family's where there is no posyandu).
    kelurahan_code = models.CharField(max_length=13, blank=True)
    family_kelurahan_code = models.CharField(max_length=13, blank=True)
    birth_date = models.DateField()
    sex = models.PositiveSmallIntegerField()
    measurement = models.ForeignKey(
        Measurement, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    measured_on = models.DateField(null=True)
    measured_at = models.ForeignKey(
        Posyandu, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    age_days = models.PositiveIntegerField(null=True)
    zlen = models.FloatField(null=True)
    zwei = models.FloatField(null=True)
    zwfl = models.FloatField(null=True)
    zbmi = models.FloatField(null=True)
    flags = models.CharField(max_length=40, blank=True)
    gain = models.CharField(max_length=1, blank=True)
    previous_measured_on = models.DateField(null=True)
    previous_zlen = models.FloatField(null=True)
    previous_zwfl = models.FloatField(null=True)
    previous_gain = models.CharField(max_length=1, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kelurahan_code", "birth_date"]),
            models.Index(fields=["posyandu", "birth_date"]),
            models.Index(fields=["family_kelurahan_code"]),
        ]


class AreaMonth(models.Model):
    """One posyandu in one month: SKDN and the prevalence a dashboard shows.

    ``registered`` (S) are the children under five registered there at the month's end (or on
    the day it was computed, for the current month). ``weighed`` (D) children measured there in
    the month, of whom ``naik``/``tidak_naik``/``absent_before``/``new`` by the gain status of
    their last measurement in the month. The ``latest_*`` counts take each child's latest
    measurement up to the month's end within a year (``LATEST_WITHIN_DAYS``), counted at the
    posyandu where it was taken: ``latest`` children, ``latest_len`` with a length/height z-score
    of whom ``stunted`` ... The ``month_*`` counts take the measurements of the month itself
    (the trend).
    """

    posyandu = models.ForeignKey(
        Posyandu, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kelurahan_code = models.CharField(max_length=13)
    month = models.DateField()  # its first day
    registered = models.PositiveIntegerField(default=0)
    weighed = models.PositiveIntegerField(default=0)
    naik = models.PositiveIntegerField(default=0)
    tidak_naik = models.PositiveIntegerField(default=0)
    absent_before = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    latest = models.PositiveIntegerField(default=0)
    latest_len = models.PositiveIntegerField(default=0)
    latest_wfl = models.PositiveIntegerField(default=0)
    latest_wei = models.PositiveIntegerField(default=0)
    stunted = models.PositiveIntegerField(default=0)
    wasted = models.PositiveIntegerField(default=0)
    underweight = models.PositiveIntegerField(default=0)
    overweight = models.PositiveIntegerField(default=0)
    month_len = models.PositiveIntegerField(default=0)
    month_stunted = models.PositiveIntegerField(default=0)
    month_wasted = models.PositiveIntegerField(default=0)
    month_underweight = models.PositiveIntegerField(default=0)
    month_overweight = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "month"], name="area_month_once")
        ]
        indexes = [models.Index(fields=["month", "kelurahan_code"])]


class Coverage(models.Model):
    """The convergence scorecard of one desa/kelurahan on one day, summed: targets with an item
    due, items due and items received, per intervention (with its office), per office
    (``intervention`` blank) and in all (both blank). Computed by the scorecard itself the first
    time a summary page asks (``tumbuh.interventions.coverage``) and forgotten by every write
    that may change it; ``CoverageDay`` says when it was computed."""

    kelurahan_code = models.CharField(max_length=13)
    day = models.DateField()
    office = models.CharField(max_length=16, blank=True)
    intervention = models.CharField(max_length=32, blank=True)
    targets = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "kelurahan_code"])]


class CoverageDay(models.Model):
    """A desa/kelurahan whose ``Coverage`` of a day is computed (also when it has no row)."""

    kelurahan_code = models.CharField(max_length=13)
    day = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kelurahan_code"], name="coverage_day_once")
        ]


class Stale(models.Model):
    """A child or posyandu whose facts a write changed; the next read refreshes it."""

    class Kind(models.TextChoices):
        CHILD = "c"
        POSYANDU = "p"

    kind = models.CharField(max_length=1, choices=Kind.choices)
    key = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="stale_once")]


class FactsState(models.Model):
    """One row: the last month the facts were built through (a new month needs a rebuild), and
    when the facts last changed (a rebuild, or a flush of stale marks): figures derived from
    the registry and the measurements may be kept until then (``tumbuh.facts.cache``)."""

    built_through = models.DateField(null=True)
    built_at = models.DateTimeField(null=True)
    changed_at = models.DateTimeField(null=True)


class AreaGrade(models.Model):
    """The SMART data-quality grade of an area (a region code, or ``p<posyandu id>``) in a
    month, from each child's latest measurement (``tumbuh.facts.grades``): computed by a
    rebuild, and again by a job after a write (``computed_at`` tells how old it is)."""

    area = models.CharField(max_length=20)
    month = models.DateField()  # its first day
    children = models.PositiveIntegerField(default=0)
    grade = models.CharField(max_length=12, blank=True)  # blank: too few children to grade
    score = models.PositiveSmallIntegerField(null=True)
    reasons = models.CharField(max_length=200, blank=True)  # SMART criteria names, spaced
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "month"], name="area_grade_once")]


class GradeStale(models.Model):
    """A kab/kota whose grades a write changed; the grades job recomputes it."""

    kabkota = models.CharField(max_length=5, unique=True)
    marked_at = models.DateTimeField()  # the last write
    since = models.DateTimeField()  # the first write not yet graded
