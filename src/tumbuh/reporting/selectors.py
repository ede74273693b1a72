"""Reads of the reporting calendar: which deadlines apply to a region, each occurrence with its
status (done when something was submitted, late when past due without), and the reminders a
user's home page shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet

from tumbuh.accounts.models import Role
from tumbuh.accounts.permissions import Permission, has_permission, in_scope, require_any
from tumbuh.accounts.scope import AnyUser, acting_user, profile_of
from tumbuh.accounts.selectors import home_region
from tumbuh.convergence import calendar
from tumbuh.env import data_dir
from tumbuh.regions.models import Region
from tumbuh.reporting.models import Deadline, Submission

#: Who may read a region's calendar (the secretariat plans; offices submit).
READERS = (Permission.VIEW_PLANNING, Permission.SUBMIT_REPORTS)


def ancestor_codes(region: Region) -> list[str]:
    """The region's code and the codes above it (``71.72.01`` -> ``71``, ``71.72``, ...)."""
    parts = region.code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def deadlines_for(region: Region, *, retired: bool = False) -> QuerySet[Deadline]:
    """The national deadlines and those of the region and the regions above it; the retired
    ones when ``retired``."""
    applies = Q(region__isnull=True) | Q(region__in=ancestor_codes(region))
    return Deadline.objects.filter(applies, retired_on__isnull=not retired).select_related(
        "owner", "region"
    )


def deadline_get_for_user(*, user: AnyUser, pk: int) -> Deadline:
    """A deadline the user may read: national, or of a region in their scope or above it."""
    require_any(user, *READERS)
    deadline = Deadline.objects.select_related("region", "owner").filter(pk=pk).first()
    if deadline is None:
        raise PermissionDenied
    if deadline.region is not None and not _region_reaches(user, deadline.region):
        raise PermissionDenied
    return deadline


def _region_reaches(user: AnyUser, region: Region) -> bool:
    """The region is in the user's scope or is one above their home region."""
    if in_scope(user, region):
        return True
    home = home_region(user=user)
    return home is not None and region.code in ancestor_codes(home)


def reporting_region(deadline: Deadline, region: Region) -> Region:
    """Where an occurrence's submissions are kept: a region's own deadline at that region; a
    national one at the region the calendar is shown for."""
    return deadline.region if deadline.region is not None else region


@dataclass
class Item:
    """One occurrence of a deadline for a region, its status and what was submitted."""

    deadline: Deadline
    occurrence: calendar.Deadline
    status: calendar.Status
    region: Region
    submissions: list[Submission] = field(default_factory=list)
    #: whether the user may open the occurrence's page (its region is in their scope: not so
    #: a deadline of a region above theirs, whose submissions are kept at that region)
    opens: bool = True

    @property
    def rule(self) -> calendar.Rule:
        return self.occurrence.rule

    @property
    def due_on(self) -> date:
        return self.occurrence.due_on

    @property
    def period(self) -> str:
        return self.occurrence.period

    @property
    def key(self) -> str:
        return self.occurrence.key

    def days_left(self, today: date) -> int:
        return (self.occurrence.due_on - today).days


def calendar_items(
    *,
    user: AnyUser,
    region: Region,
    today: date,
    years: range | None = None,
    deadlines: list[Deadline] | None = None,
) -> list[Item]:
    """Every occurrence of the region's deadlines in ``years`` (last year to next year by
    default), in date order, each with its status on ``today``."""
    require_any(user, *READERS)
    if not in_scope(user, region):
        raise PermissionDenied
    rows = deadlines if deadlines is not None else list(deadlines_for(region))
    years = years or range(today.year - 1, today.year + 2)
    by_code = {d.code: d for d in rows}
    submitted: dict[tuple[int, str, str], list[Submission]] = defaultdict(list)
    where = Q(deadline__region__isnull=True, region=region) | Q(
        deadline__region__isnull=False, region=F("deadline__region")
    )
    for submission in (
        Submission.objects.filter(deadline__in=rows)
        .filter(where)
        .select_related("deadline", "submitted_by")
    ):
        submitted[(submission.deadline_id, submission.region_id, submission.period)].append(
            submission
        )
    opens = {d.pk: d.region is None or in_scope(user, d.region) for d in rows}
    items = []
    for occurrence in calendar.deadlines(years, [d.rule() for d in rows]):
        deadline = by_code[occurrence.rule.code]
        if deadline.applies_from is not None and occurrence.due_on < deadline.applies_from:
            continue
        place = reporting_region(deadline, region)
        done = submitted.get((deadline.pk, place.pk, occurrence.period), [])
        status = occurrence.status(today, bool(done))
        items.append(Item(deadline, occurrence, status, place, list(done), opens[deadline.pk]))
    return items


def done_keys(items: list[Item]) -> dict[str, bool]:
    return {item.key: True for item in items if item.status == calendar.Status.DONE}


def _owns(user: AnyUser, deadline: Deadline) -> bool:
    """The user is the deadline's owner, an account of its office, or the TPPS secretariat."""
    profile = profile_of(user)
    if deadline.owner_id is not None and deadline.owner_id == getattr(acting_user(user), "pk", 0):
        return True
    if profile.role == Role.TPPS:
        return True
    return bool(
        profile.role == Role.OFFICE and deadline.office and deadline.office == profile.office
    )


def reminders(*, user: AnyUser, today: date) -> list[Item]:
    """What the user's home page reminds them of: deadlines they own (as owner, as the
    responsible office's account, or as the TPPS secretariat) that are late or fall due within
    their reminder days. Empty for users without a home region or the right to read it."""
    if not any(has_permission(user, p) for p in READERS):
        return []
    region = home_region(user=user)
    if region is None:
        return []
    rows = [d for d in deadlines_for(region) if _owns(user, d)]
    if not rows:
        return []
    items = calendar_items(user=user, region=region, today=today, deadlines=rows)
    return [
        item
        for item in items
        if item.status == calendar.Status.LATE
        or (
            item.status in (calendar.Status.DUE, calendar.Status.UPCOMING)
            and 0 <= item.days_left(today) <= item.deadline.remind_days
        )
    ]


def submission_folder() -> Path:
    folder = data_dir() / "reporting"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def submission_path(submission: Submission) -> Path:
    return submission_folder() / f"{submission.pk}.bin"


def submission_get_for_user(*, user: AnyUser, pk: int) -> Submission:
    """A submission of a region in the user's scope."""
    require_any(user, *READERS)
    submission = (
        Submission.objects.select_related("deadline", "region", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None or not in_scope(user, submission.region):
        raise PermissionDenied
    return submission
