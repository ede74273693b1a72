"""Teams set up by decree, their members, and the TPK's families and visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    TPPS = "tpps", _("TPPS / TP3S (stunting reduction team)")
    TKPK = "tkpk", _("TKPK (poverty reduction team)")
    TPK = "tpk", _("TPK (family assistance team)")


class WorkArea(models.TextChoices):
    SERVICES = "pelayanan_intervensi", _("Service intervention")
    BEHAVIOUR = "perubahan_perilaku", _("Behaviour change")
    PLANNING = "konvergensi_perencanaan", _("Planning convergence")
    MONITORING = "monitoring_evaluasi", _("Monitoring and evaluation")


class Position(models.TextChoices):
    CHAIR = "ketua", _("Chair")
    VICE_CHAIR = "wakil_ketua", _("Vice-chair")
    SECRETARY = "sekretaris", _("Secretary")
    AREA_COORDINATOR = "koordinator", _("Work-area coordinator")
    MEMBER = "anggota", _("Member")
    BIDAN = "bidan", _("Midwife (bidan)")
    KADER_PKK = "kader_pkk", _("PKK cadre")
    KADER_KB = "kader_kb", _("Family-planning cadre")


class Team(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=TeamKind.choices)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="teams")
    decree_number = models.CharField(_("decree (SK) number"), max_length=80, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period until (year)"), null=True, blank=True)
    # A new decree makes a new team record; the old one (and its members) is kept, pointing here.
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced",
        verbose_name=_("replaced by"),
    )
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        indexes = [models.Index(fields=["kind", "region"])]
        constraints = [
            models.CheckConstraint(
                name="team_period_in_order",
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    work_area = models.CharField(
        _("work area"), max_length=32, choices=WorkArea.choices, blank=True
    )
    institution = models.CharField(_("office or institution"), max_length=120, blank=True)
    # the position as the decree words it (a region's own titles: kader posyandu, nakes, ...)
    title = models.CharField(_("title in the decree"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
    )

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A family accompanied by a TPK team, from ``since`` (until ``until``)."""

    family = models.ForeignKey("registry.Family", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="assignments")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(until__isnull=True),
                name="one_open_assignment_per_family",
            )
        ]


class Visit(models.Model):
    """A TPK visit to a family: what was checked, given or referred, and when to come back."""

    family = models.ForeignKey("registry.Family", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    checked = models.CharField(_("checked"), max_length=300, blank=True)
    given = models.CharField(_("given or done"), max_length=300, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=120, blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The client's own id for this record (offline app, API): a repeated write is recognised
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["team", "family", "visited_on"])]
        constraints = [
            models.CheckConstraint(
                name="next_visit_after_visit",
                condition=models.Q(next_visit_on__isnull=True)
                | models.Q(next_visit_on__gt=models.F("visited_on")),
            )
        ]


class TeamArea(models.Model):
    """A TPPS/TP3S work area's tasks and indicators, as its decree sets them."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="areas")
    work_area = models.CharField(_("work area"), max_length=32, choices=WorkArea.choices)
    tasks = models.TextField(_("tasks"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "work_area"], name="one_area_per_team")
        ]


#: The TPK positions of a region that has not set its own.
DEFAULT_TPK_POSITIONS = ("Bidan", "Kader PKK", "Kader KB")


class RegionPosition(models.Model):
    """A TPK position as a kab/kota's decrees word it (Batam: kader posyandu, kader PKK, nakes)."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="tpk_positions"
    )
    title = models.CharField(_("title"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="one_title_per_region")
        ]
