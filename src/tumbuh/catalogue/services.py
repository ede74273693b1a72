"""Changing a region's catalogue (TPPS, admin): add an intervention, change one (its office,
target group, window...) or retire it, from a day on; every change a new version (audited),
never an edit of the past."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.catalogue.models import CatalogueEntry
from tumbuh.catalogue.selectors import catalogue_region_code, national_seed
from tumbuh.convergence.catalogue import TARGET_GROUPS, Source, Unit
from tumbuh.regions.models import Region


@dataclass(frozen=True)
class Rule:
    """What a version says about an intervention."""

    name_id: str
    name_en: str
    kind: str
    office: str
    target_group: str
    satisfied_by: str = Source.DELIVERY.value
    window_days: int | None = None


def _kabkota(user: AnyUser, region: Region) -> Region:
    require(user, Permission.MANAGE_CATALOGUE, region)
    code = catalogue_region_code(region)
    if code is None:
        raise ValidationError(_("A catalogue belongs to a regency or city."))
    return Region.objects.get(code=code)


def _check(rule: Rule, valid_from: date, today: date) -> None:
    if valid_from < today:
        raise ValidationError(
            {"valid_from": _("A change takes effect today or later: past scorecards keep theirs.")}
        )
    unit = TARGET_GROUPS[rule.target_group].unit
    if rule.satisfied_by == Source.MEASUREMENT and unit is not Unit.PERSON:
        raise ValidationError(
            {"satisfied_by": _("A measurement counts for a person, not for a family.")}
        )
    if rule.satisfied_by == Source.VISIT and unit is not Unit.FAMILY:
        raise ValidationError({"satisfied_by": _("A TPK visit counts for a family.")})


def _audit(user: AnyUser, action: Action, region: Region, code: str) -> None:
    audit_record(
        user=user, action=action, object_type="catalogue", object_id=f"{region.code}:{code}"
    )


@transaction.atomic
def entry_add(
    *,
    user: AnyUser,
    region: Region,
    code: str,
    rule: Rule,
    valid_from: date,
    today: date,
    note: str = "",
) -> CatalogueEntry:
    """A new intervention of the region's own (e.g. school uniforms for children of desil 1-4
    families), in force from ``valid_from``."""
    kabkota = _kabkota(user, region)
    _check(rule, valid_from, today)
    national_seed()
    taken = CatalogueEntry.objects.filter(code=code).filter(region__isnull=True).exists() or (
        CatalogueEntry.objects.filter(code=code, region=kabkota).exists()
    )
    if taken:
        raise ValidationError({"code": _("This code is in the catalogue already.")})
    entry = CatalogueEntry(
        region=kabkota,
        code=code,
        valid_from=valid_from,
        note=note,
        changed_by=acting_user(user),
        **rule.__dict__,
    )
    entry.full_clean()
    entry.save()
    _audit(user, Action.CREATE, kabkota, code)
    return entry


def _in_force(kabkota: Region, code: str, on: date) -> CatalogueEntry:
    """The version in force on ``on`` (the region's own, else the national default); refuses
    when the region already has a version starting later (one change at a time)."""
    national_seed()
    own = CatalogueEntry.objects.select_for_update().filter(region=kabkota, code=code)
    if own.filter(valid_from__gt=on).exists():
        raise ValidationError(
            {"valid_from": _("A later change of this intervention is already scheduled.")}
        )
    for rows in (own, CatalogueEntry.objects.filter(region__isnull=True, code=code)):
        for row in rows.order_by("-valid_from", "-pk"):
            if row.in_force(on):
                return row
    raise ValidationError(_("This intervention is not in the catalogue on that day."))


@transaction.atomic
def entry_change(
    *,
    user: AnyUser,
    region: Region,
    code: str,
    rule: Rule,
    valid_from: date,
    today: date,
    note: str = "",
    retired: bool = False,
) -> CatalogueEntry:
    """A new version of an intervention of the region's catalogue from ``valid_from`` on (the
    version in force ends the day before); ``retired``: the intervention leaves the package."""
    kabkota = _kabkota(user, region)
    _check(rule, valid_from, today)
    national_seed()
    current = _in_force(kabkota, code, valid_from)
    if current.region_id is not None:
        current.valid_to = valid_from
        current.save(update_fields=["valid_to"])
    entry = CatalogueEntry(
        region=kabkota,
        code=code,
        valid_from=valid_from,
        retired=retired,
        note=note,
        changed_by=acting_user(user),
        **rule.__dict__,
    )
    entry.full_clean()
    entry.save()
    _audit(user, Action.UPDATE, kabkota, code)
    return entry


def entry_retire(
    *, user: AnyUser, region: Region, code: str, valid_from: date, today: date, note: str = ""
) -> CatalogueEntry:
    """The intervention leaves the region's package from ``valid_from`` (its history stays)."""
    kabkota = _kabkota(user, region)
    current = _in_force(kabkota, code, valid_from)
    return entry_change(
        user=user,
        region=region,
        code=code,
        rule=rule_of(current),
        valid_from=valid_from,
        today=today,
        note=note,
        retired=True,
    )


def rule_of(entry: CatalogueEntry) -> Rule:
    return Rule(
        entry.name_id,
        entry.name_en,
        entry.kind,
        entry.office,
        entry.target_group,
        entry.satisfied_by,
        entry.window_days,
    )
