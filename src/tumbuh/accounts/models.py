"""A user's role and scope, and the audit log (failed logins are counted by django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tumbuh.convergence.catalogue import OFFICE_NAMES
from tumbuh.regions.models import Posyandu, Puskesmas, Region


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    TPPS = "tpps", _("TPPS secretariat")
    KECAMATAN = "kecamatan", _("Kecamatan operator")
    PUSKESMAS = "puskesmas", _("Puskesmas officer")
    KADER = "kader", _("Posyandu kader")
    TPK = "tpk", _("TPK member")
    OFFICE = "office", _("Office (perangkat daerah)")
    PKH = "pkh", _("PKH facilitator")
    TKSK = "tksk", _("TKSK")
    LURAH = "lurah", _("Lurah / kepala desa")
    PARTNER = "partner", _("Partner")


#: Roles whose scope is a region subtree (the rest: everything, a puskesmas, a posyandu).
REGION_ROLES = ("tpps", "kecamatan", "tpk", "office", "pkh", "tksk", "lurah", "partner")
OFFICE_CHOICES = [(office.value, name) for office, name in OFFICE_NAMES.items()]


class Profile(models.Model):
    """Role and scope: a region subtree, one puskesmas, or one posyandu (by role)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    puskesmas = models.ForeignKey(Puskesmas, on_delete=models.PROTECT, null=True, blank=True)
    posyandu = models.ForeignKey(Posyandu, on_delete=models.PROTECT, null=True, blank=True)
    office = models.CharField(_("office"), max_length=16, choices=OFFICE_CHOICES, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="profile_scope_matches_role",
                condition=models.Q(role="admin")
                | models.Q(role__in=REGION_ROLES, region__isnull=False)
                | models.Q(role="puskesmas", puskesmas__isnull=False)
                | models.Q(role="kader", posyandu__isnull=False),
            ),
            models.CheckConstraint(
                name="profile_office_only_for_office_role",
                condition=(models.Q(role="office") & ~models.Q(office=""))
                | (~models.Q(role="office") & models.Q(office="")),
            ),
        ]


class Action(models.TextChoices):
    VIEW_LIST = "view_list", _("Viewed a list")
    VIEW = "view", _("Viewed a record")
    CREATE = "create", _("Created a record")
    UPDATE = "update", _("Changed a record")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Logged in")
    CHECK_DUPLICATE = "check_duplicate", _("Checked for a duplicate")
    DELETE = "delete", _("Undid a record")


class AuditEvent(models.Model):
    """Who did what to which object, and when; never the personal data itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
