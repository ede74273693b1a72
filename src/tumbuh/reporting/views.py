"""The reporting calendar pages: a region's deadlines with their status, a region's own deadline
added, edited or retired, one deadline with what was submitted (and the form to record it), and
a submitted file for those in scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import (
    Permission,
    has_permission,
    in_scope,
    permission_required,
    require,
)
from tumbuh.accounts.scope import subtree
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.regions.models import Region
from tumbuh.reporting.forms import DeadlineForm, SubmissionForm
from tumbuh.reporting.selectors import (
    READERS,
    calendar_items,
    deadline_get_for_user,
    deadlines_for,
    submission_get_for_user,
    submission_path,
)
from tumbuh.reporting.services import (
    deadline_create,
    deadline_retire,
    deadline_update,
    submission_record,
)


def _region(request: HttpRequest) -> Region:
    return region_for_request(user=request.user, code=request.GET.get("region", ""))


def _owners(region: Region) -> QuerySet[User]:
    return User.objects.filter(subtree("profile__region__code", region.code), is_active=True)


def _form_errors(form: DeadlineForm | SubmissionForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@permission_required(*READERS)
def index(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    items = calendar_items(user=request.user, region=region, today=today)
    own = [d for d in deadlines_for(region) if d.region_id is not None]
    can_manage = has_permission(request.user, Permission.MANAGE_PLANNING)
    # a region above the user's keeps its own deadlines: theirs to read, not to edit
    editable = {d.pk for d in own if can_manage and in_scope(request.user, d.region)}
    retired = [d for d in deadlines_for(region, retired=True) if d.region_id is not None]
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="deadlines", object_id=region.code
    )
    return render(
        request,
        "reporting/index.html",
        {
            "region": region,
            "items": items,
            "today": today,
            "own": own,
            "retired": retired,
            "editable": editable,
            "can_manage": can_manage,
        },
    )


@permission_required(Permission.MANAGE_PLANNING)
def deadline_add(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    form = DeadlineForm(request.POST or None, owners=_owners(region))
    if request.method == "POST" and form.is_valid():
        try:
            deadline_create(user=request.user, region=region, fields=form.deadline_fields())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Deadline added."))
            return redirect(f"{_index_url()}?region={region.code}")
    return render(request, "reporting/deadline_form.html", {"form": form, "region": region})


def _index_url() -> str:
    from django.urls import reverse

    return reverse("reporting:index")


@permission_required(Permission.MANAGE_PLANNING)
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = deadline_get_for_user(user=request.user, pk=pk)
    if deadline.region is None:
        raise Http404  # national deadlines are seeded data
    region = deadline.region
    require(request.user, Permission.MANAGE_PLANNING, region)  # not a region above the user's
    if request.method == "POST" and "retire" in request.POST:
        deadline_retire(user=request.user, deadline=deadline, today=timezone.localdate())
        messages.success(request, _("Deadline retired."))
        return redirect(f"{_index_url()}?region={region.code}")
    form = DeadlineForm(
        request.POST or None, owners=_owners(region), initial=DeadlineForm.initial_of(deadline)
    )
    if request.method == "POST" and form.is_valid():
        try:
            deadline_update(user=request.user, deadline=deadline, fields=form.deadline_fields())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Deadline saved."))
            return redirect(f"{_index_url()}?region={region.code}")
    return render(
        request,
        "reporting/deadline_form.html",
        {"form": form, "region": region, "deadline": deadline},
    )


@permission_required(*READERS)
def deadline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One deadline for a region: its occurrences, what was submitted, the form to record it."""
    deadline = deadline_get_for_user(user=request.user, pk=pk)
    region = deadline.region or _region(request)
    today = timezone.localdate()
    items = calendar_items(user=request.user, region=region, today=today, deadlines=[deadline])
    periods = [(i.period, f"{i.period} ({i.due_on:%d-%m-%Y})") for i in items]
    open_period = next((i.period for i in items if i.status in ("late", "due")), None)
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        periods=periods,
        initial={"period": open_period},
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission_record(
                user=request.user,
                deadline=deadline,
                region=region,
                period=form.cleaned_data["period"],
                today=today,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Submission recorded."))
            return redirect(f"{request.path}?region={region.code}")
    return render(
        request,
        "reporting/deadline.html",
        {
            "deadline": deadline,
            "region": region,
            "items": items,
            "form": form,
            "can_submit": has_permission(request.user, Permission.SUBMIT_REPORTS),
        },
    )


@permission_required(*READERS)
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    submission = submission_get_for_user(user=request.user, pk=pk)
    path = submission_path(submission)
    if not submission.file_name or not path.exists():
        raise Http404
    audit_record(
        user=request.user, action=Action.EXPORT, object_type="submission", object_id=submission.pk
    )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=submission.file_name,
        content_type=submission.content_type or "application/octet-stream",
    )
