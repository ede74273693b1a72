"""Caseloads (assigning KPM families to PKH facilitators), P2K2 sessions and referrals; every
change checked against the permission table and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action, AuditEvent, Role
from tumbuh.accounts.permissions import Permission, in_scope, require
from tumbuh.accounts.scope import AnyUser, acting_user, profile_of
from tumbuh.accounts.services import audit_record
from tumbuh.casework.models import KpmAssignment, P2k2Session, Referral, ReferralStatus
from tumbuh.casework.selectors import caseload
from tumbuh.entry.dates import not_in_future
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family


def is_facilitator(account: User) -> bool:
    profile = getattr(account, "profile", None)
    return profile is not None and profile.role == Role.PKH


def facilitator_serves(account: User, family: Family) -> bool:
    """The family lives in the facilitator's area (else they could not see it)."""
    return is_facilitator(account) and in_scope(account, family)


@dataclass
class AssignResult:
    new: list[int]  # family ids newly assigned
    moved: list[int]  # family ids moved from another facilitator
    unchanged: list[int]


def assignments_write(
    *, user: AnyUser, pairs: list[tuple[Family, User]], today: date
) -> AssignResult:
    """Give each family to its facilitator (closing another facilitator's open assignment);
    the caller has checked the rights. Audited; call inside a transaction."""
    current = {
        a.family_id: a
        for a in KpmAssignment.objects.filter(
            until__isnull=True, family_id__in=[f.pk for f, _a in pairs]
        )
    }
    result = AssignResult([], [], [])
    closing: list[KpmAssignment] = []
    opening: list[KpmAssignment] = []
    for family, account in pairs:
        open_one = current.get(family.pk)
        if open_one is not None and open_one.facilitator_id == account.pk:
            result.unchanged.append(family.pk)
            continue
        if open_one is not None:
            open_one.until = max(today, open_one.since)
            closing.append(open_one)
            result.moved.append(family.pk)
        else:
            result.new.append(family.pk)
        opening.append(KpmAssignment(family=family, facilitator=account, since=today))
    KpmAssignment.objects.bulk_update(closing, ["until"], batch_size=1000)
    created = KpmAssignment.objects.bulk_create(opening, batch_size=1000)
    actor = acting_user(user)
    AuditEvent.objects.bulk_create(
        [
            *(
                AuditEvent(
                    user=actor, action=Action.UPDATE, object_type="kpm_assignment", object_id=a.pk
                )
                for a in closing
            ),
            *(
                AuditEvent(
                    user=actor, action=Action.CREATE, object_type="kpm_assignment", object_id=a.pk
                )
                for a in created
                if a.pk is not None
            ),
        ],
        batch_size=2000,
    )
    return result


def manage_check(user: AnyUser, region: Region | None = None) -> None:
    """Coordinators and Dinas Sosial assign caseloads (an office account of another office is
    refused)."""
    require(user, Permission.MANAGE_CASELOAD)
    require(user, Permission.MANAGE_CASELOAD, "dinsos")
    if region is not None:
        require(user, Permission.MANAGE_CASELOAD, region)


@transaction.atomic
def families_assign_to(
    *, user: AnyUser, facilitator: User, families: list[Family], today: date
) -> AssignResult:
    """Assign KPM families to a PKH facilitator (from the app). Each family must lie in the
    user's area and in the facilitator's."""
    manage_check(user)
    if not is_facilitator(facilitator) or not in_scope(user, profile_of(facilitator).region):
        raise ValidationError({"facilitator": _("Not a PKH facilitator of your area.")})
    for family in families:
        require(user, Permission.MANAGE_CASELOAD, family)
        if not facilitator_serves(facilitator, family):
            raise ValidationError({"families": _("A family lives outside the facilitator's area.")})
    return assignments_write(user=user, pairs=[(f, facilitator) for f in families], today=today)


def _in_caseload(user: AnyUser, family: Family) -> None:
    require(user, Permission.RECORD_CASEWORK, family)
    if not caseload(user=user).filter(family=family).exists():
        raise PermissionDenied


@transaction.atomic
def p2k2_record(
    *,
    user: AnyUser,
    kelurahan: Region,
    held_on: date,
    module: str,
    topic: str,
    families: list[Family],
) -> P2k2Session:
    """Log a P2K2 session with the KPM families that attended (all of the user's caseload)."""
    require(user, Permission.RECORD_CASEWORK, kelurahan)
    not_in_future("held_on", held_on, today=timezone.localdate())
    if not families:
        raise ValidationError({"families": _("Choose the families that attended.")})
    for family in families:
        _in_caseload(user, family)
    session = P2k2Session(
        facilitator=acting_user(user),
        kelurahan=kelurahan,
        held_on=held_on,
        module=module,
        topic=topic,
    )
    session.full_clean()
    session.save()
    session.families.set(families)
    audit_record(user=user, action=Action.CREATE, object_type="p2k2_session", object_id=session.pk)
    return session


@transaction.atomic
def referral_record(
    *,
    user: AnyUser,
    family: Family,
    office: str,
    service: str,
    reason: str,
    referred_on: date,
) -> Referral:
    """Refer a family of the user's caseload to an office or service."""
    _in_caseload(user, family)
    not_in_future("referred_on", referred_on, today=timezone.localdate())
    referral = Referral(
        family=family,
        office=office,
        service=service,
        reason=reason,
        referred_on=referred_on,
        recorded_by=acting_user(user),
    )
    referral.full_clean()
    referral.save()
    audit_record(user=user, action=Action.CREATE, object_type="referral", object_id=referral.pk)
    return referral


@transaction.atomic
def referral_close(*, user: AnyUser, referral: Referral, closed_on: date) -> Referral:
    """Mark a referral of the user's caseload as done."""
    _in_caseload(user, referral.family)
    referral.status = ReferralStatus.DONE
    referral.closed_on = max(closed_on, referral.referred_on)
    referral.save(update_fields=["status", "closed_on"])
    audit_record(user=user, action=Action.UPDATE, object_type="referral", object_id=referral.pk)
    return referral
