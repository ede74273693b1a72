"""Writes of the reporting calendar: a region adds, edits and retires its own deadlines; whoever
is responsible records what was submitted (a file kept in the private data directory, readable
by this account only). Every write checks the permission table and is audited."""

from __future__ import annotations

import calendar as month_calendar
import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, in_scope, require
from tumbuh.accounts.scope import AnyUser, acting_user, profile_of
from tumbuh.accounts.services import audit_record
from tumbuh.convergence import calendar
from tumbuh.files.write import owner_only
from tumbuh.regions.models import Region
from tumbuh.reporting.models import Deadline, Recurrence, Submission
from tumbuh.reporting.selectors import deadlines_for, reporting_region, submission_path

#: What a submission may be: documents, spreadsheets, archives, scans.
ALLOWED_SUFFIXES = (
    *(".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".csv", ".zip"),
    *(".jpg", ".jpeg", ".png"),
)
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class DeadlineFields:
    """What a region says about one of its deadlines."""

    title: str
    opens: tuple[int, int]
    due: tuple[int, int]
    due_next_year: bool = False
    recurrence: str = Recurrence.YEARLY
    reporter: str = ""
    recipient: str = ""
    office: str = ""
    owner: User | None = None
    remind_days: int = 30
    code: str = ""
    applies_from: date | None = None


def _check_day(month: int, day: int, field: str) -> None:
    if not 1 <= month <= 12 or not 1 <= day <= month_calendar.monthrange(2024, month)[1]:
        raise ValidationError({field: _("Not a day of the year.")})


def _validate(fields: DeadlineFields) -> None:
    _check_day(*fields.opens, "opens_day")
    _check_day(*fields.due, "due_day")
    if not fields.title.strip():
        raise ValidationError({"title": _("Give the deadline a title.")})
    if not fields.due_next_year and fields.opens > fields.due:
        raise ValidationError(
            {"due_day": _("It opens after it is due: tick 'due in the following year'.")}
        )
    if fields.recurrence == Recurrence.SEMESTER and (
        fields.due_next_year or fields.due[0] > 6 or fields.opens[0] > 6
    ):
        raise ValidationError(
            {
                "recurrence": _(
                    "A semester deadline gives its first semester's dates (January-June)."
                )
            }
        )
    if fields.remind_days > 366:
        raise ValidationError({"remind_days": _("At most 366 days.")})


def _code_for(region: Region, fields: DeadlineFields, own: Deadline | None) -> str:
    """The deadline's code: the one given or one made from its title; unique among the
    deadlines that apply to the region (national ones included)."""
    base = slugify(fields.code or fields.title)[:32] or "tenggat"
    taken = set(deadlines_for(region).values_list("code", flat=True))
    taken |= set(deadlines_for(region, retired=True).values_list("code", flat=True))
    if own is not None:
        taken.discard(own.code)
    if fields.code and slugify(fields.code) in taken:
        raise ValidationError({"code": _("Another deadline of this region has this code.")})
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _apply(deadline: Deadline, fields: DeadlineFields) -> None:
    deadline.title = fields.title.strip()
    deadline.reporter, deadline.recipient = fields.reporter, fields.recipient
    deadline.office, deadline.owner = fields.office, fields.owner
    deadline.recurrence = fields.recurrence
    deadline.opens_month, deadline.opens_day = fields.opens
    deadline.due_month, deadline.due_day = fields.due
    deadline.due_next_year, deadline.remind_days = fields.due_next_year, fields.remind_days
    deadline.applies_from = fields.applies_from


def _check_owner(user: AnyUser, region: Region, owner: User | None) -> None:
    if owner is None:
        return
    owner_profile = profile_of(owner)
    if owner_profile.region is None or not in_scope(user, owner_profile.region):
        raise ValidationError({"owner": _("The owner must be an account of this region.")})
    if not owner_profile.region.code.startswith(region.code):
        raise ValidationError({"owner": _("The owner must be an account of this region.")})


def deadline_create(*, user: AnyUser, region: Region, fields: DeadlineFields) -> Deadline:
    """Add one of the region's own deadlines."""
    require(user, Permission.MANAGE_PLANNING, region)
    _validate(fields)
    _check_owner(user, region, fields.owner)
    deadline = Deadline(region=region, created_by=acting_user(user))
    _apply(deadline, fields)
    deadline.code = _code_for(region, fields, None)
    deadline.save()
    audit_record(user=user, action=Action.CREATE, object_type="deadline", object_id=deadline.pk)
    return deadline


def _require_manage(user: AnyUser, deadline: Deadline) -> Region:
    """A region's own deadline is managed by its secretariat; the national ones are seeded
    data that no region edits or retires."""
    if deadline.region is None:
        raise PermissionDenied
    require(user, Permission.MANAGE_PLANNING, deadline.region)
    return deadline.region


def deadline_update(*, user: AnyUser, deadline: Deadline, fields: DeadlineFields) -> Deadline:
    region = _require_manage(user, deadline)
    _validate(fields)
    _check_owner(user, region, fields.owner)
    _apply(deadline, fields)
    deadline.code = _code_for(region, fields, deadline) if fields.code else deadline.code
    deadline.save()
    audit_record(user=user, action=Action.UPDATE, object_type="deadline", object_id=deadline.pk)
    return deadline


def deadline_retire(*, user: AnyUser, deadline: Deadline, today: date) -> Deadline:
    """Retire a deadline: it leaves the calendar; what was submitted for it stays."""
    _require_manage(user, deadline)
    deadline.retired_on = today
    deadline.save(update_fields=["retired_on"])
    audit_record(user=user, action=Action.UPDATE, object_type="deadline", object_id=deadline.pk)
    return deadline


def _occurrence(deadline: Deadline, period: str) -> calendar.Deadline:
    year = period.split("/", 1)[0]
    if not year.isdigit():
        raise ValidationError({"period": _("Unknown period.")})
    for occurrence in calendar.deadlines([int(year)], [deadline.rule()]):
        if occurrence.period == period:
            return occurrence
    raise ValidationError({"period": _("Unknown period.")})


def _require_submit(user: AnyUser, deadline: Deadline, region: Region) -> None:
    """The secretariat of the region, or the responsible office's accounts."""
    if has_permission(user, Permission.MANAGE_PLANNING):
        require(user, Permission.MANAGE_PLANNING, region)
        return
    require(user, Permission.SUBMIT_REPORTS, region)
    own_office = profile_of(user).office
    me = acting_user(user)
    if own_office and deadline.office != own_office and deadline.owner_id != getattr(me, "pk", 0):
        raise PermissionDenied


def submission_record(
    *,
    user: AnyUser,
    deadline: Deadline,
    region: Region,
    period: str,
    today: date,
    upload: UploadedFile | None = None,
    note: str = "",
) -> Submission:
    """Record what was submitted for one occurrence (``period``: ``2026`` or ``2026/2``) of a
    deadline for ``region``; the occurrence is done from then on. The file is stored in the
    private data directory (0600); nothing is kept if any step fails."""
    place = reporting_region(deadline, region)
    _require_submit(user, deadline, place)
    _occurrence(deadline, period)
    name = ""
    if upload is not None:
        name = Path(upload.name or "").name
        if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise ValidationError(
                {"file": _("Upload a document: %(kinds)s.") % {"kinds": " ".join(ALLOWED_SUFFIXES)}}
            )
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": _("The file is larger than 25 MB.")})
    elif not note.strip():
        raise ValidationError({"file": _("Attach the file submitted, or say what was submitted.")})
    with transaction.atomic():
        submission = Submission.objects.create(
            deadline=deadline,
            region=place,
            period=period,
            submitted_on=today,
            submitted_by=acting_user(user),
            file_name=name[:200],
            content_type=(upload.content_type or "application/octet-stream")[:120]
            if upload is not None
            else "",
            note=note.strip()[:300],
        )
        if upload is not None:
            path = submission_path(submission)
            try:
                with owner_only(path).open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
            except BaseException:
                with contextlib.suppress(OSError):
                    path.unlink()
                raise
        audit_record(
            user=user, action=Action.CREATE, object_type="submission", object_id=submission.pk
        )
    return submission
