"""Posyandu session queue, the measurement form, and the child's page with growth charts."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required, shown_nik
from tumbuh.accounts.selectors import posyandu_get_for_user
from tumbuh.accounts.services import audit_record
from tumbuh.db_busy import database_busy
from tumbuh.entry.plausibility import Values, jumps
from tumbuh.facts.selectors import child_statuses
from tumbuh.growth.rules import HEIGHT_FROM_AGE_DAYS, is_under_five
from tumbuh.measurements import services
from tumbuh.measurements.chart_views import charts_for
from tumbuh.measurements.forms import MeasurementForm, jump_message
from tumbuh.measurements.models import Measurement, Position
from tumbuh.measurements.scoring import verdicts, warnings
from tumbuh.measurements.selectors import (
    child_history,
    measured_child_ids,
    measurement_before,
    measurement_get_for_user,
    measurement_on,
)
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import children_under_five, person_get_for_user


def _under_five(child: Person) -> bool:
    return is_under_five((timezone.localdate() - child.birth_date).days)


def _ask_to_remeasure(form: MeasurementForm, child: Person, other_than: int | None = None) -> bool:
    """Whether a value jumps implausibly from the child's previous measurement and was not
    confirmed as re-measured: the form then says so and offers the confirmation."""
    if form.cleaned_data.get("remeasured"):
        return False
    values = form.values()
    earlier = measurement_before(child=child, on=values.measured_on, other_than=other_than)
    previous = (
        Values(earlier.measured_on, earlier.weight_kg, earlier.lenhei_cm) if earlier else None
    )
    found = jumps(values, previous)
    for jump in found:
        assert earlier is not None
        form.add_error(None, jump_message(jump, values, earlier))
    return bool(found)


def _service_errors(form: MeasurementForm, error: ValidationError) -> None:
    """The service's refusal on the form's fields, with its codes (``already_measured``)."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


def _context(
    form: MeasurementForm, child: Person, correcting: Measurement | None = None
) -> dict[str, object]:
    """The form's page: with the measurement already recorded that day, to correct it."""
    already = None
    if form.is_bound and form.has_error("measured_on", "already_measured"):
        day = form.fields["measured_on"].to_python(form.data.get("measured_on"))
        other_than = correcting.pk if correcting else None
        if isinstance(day, date):
            already = measurement_on(child=child, on=day, other_than=other_than)
    remeasure = form.is_bound and form.has_error(NON_FIELD_ERRORS, "implausible")
    return {
        "child": child,
        "form": form,
        "correcting": correcting,
        "already": already,
        "remeasure": remeasure or bool(form.data.get("remeasured")),
    }


def _next_in_queue(request: HttpRequest, measurement: Measurement) -> Person | None:
    """The next child of the posyandu not yet measured that day (the kader's queue)."""
    done = measured_child_ids(posyandu_id=measurement.posyandu_id, on=measurement.measured_on)
    queue = children_under_five(user=request.user, on=measurement.measured_on)
    return (
        queue.filter(posyandu=measurement.posyandu_id).exclude(pk__in=done).order_by("name").first()
    )


@permission_required(Permission.VIEW_POSYANDU)
def session(request: HttpRequest, posyandu_id: int) -> HttpResponse:
    """Today's queue: the posyandu's children under five, measured today or not."""
    posyandu = posyandu_get_for_user(user=request.user, pk=posyandu_id)
    today = timezone.localdate()
    children = children_under_five(user=request.user, on=today).filter(posyandu=posyandu)
    done = set(measured_child_ids(posyandu_id=posyandu.pk, on=today))
    audit_record(
        user=request.user,
        action=Action.VIEW_LIST,
        object_type="posyandu_session",
        object_id=posyandu.pk,
    )
    ordered = list(children.order_by("name"))
    latest = child_statuses().filter(child__in=children.values("pk"), measurement__isnull=False)
    last = {status.child_id: status for status in latest}
    queue = [(child, child.pk in done, last.get(child.pk)) for child in ordered]
    return render(
        request,
        "measurements/session.html",
        {
            "posyandu": posyandu,
            "queue": queue,
            "today": today,
            "can_write": has_permission(request.user, Permission.RECORD_MEASUREMENT),
        },
    )


@permission_required(Permission.RECORD_MEASUREMENT)
def measure(request: HttpRequest, child_id: int) -> HttpResponse:
    child = person_get_for_user(user=request.user, pk=child_id)
    if child.posyandu is None:
        return redirect("measurements:child", child.pk)
    today = timezone.localdate()
    lying = (today - child.birth_date).days < HEIGHT_FROM_AGE_DAYS
    initial = {"measured_on": today, "position": Position.LYING if lying else Position.STANDING}
    form = MeasurementForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid() and not _ask_to_remeasure(form, child):
        try:
            recorded = services.measurement_record(
                user=request.user,
                child=child,
                posyandu=child.posyandu,
                measured_on=form.cleaned_data["measured_on"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _service_errors(form, error)
        except OperationalError as error:
            database_busy(form, error)
        else:
            request.session["warnings"] = [recorded.measurement.pk, recorded.warnings]
            return redirect("measurements:result", recorded.measurement.pk)
    return render(request, "measurements/measure.html", _context(form, child))


@permission_required(Permission.RECORD_MEASUREMENT)
def correct(request: HttpRequest, measurement_id: int) -> HttpResponse:
    """Correct a measurement; the service recomputes its z-scores and the next visit's gain."""
    measurement = measurement_get_for_user(user=request.user, pk=measurement_id)
    initial = {field: getattr(measurement, field) for field in MeasurementForm.stored_fields}
    form = MeasurementForm(request.POST or None, initial=initial, today=timezone.localdate())
    child = measurement.child
    if (
        request.method == "POST"
        and form.is_valid()
        and not _ask_to_remeasure(form, child, measurement.pk)
    ):
        try:
            recorded = services.measurement_correct(
                user=request.user,
                measurement=measurement,
                measured_on=form.cleaned_data["measured_on"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _service_errors(form, error)
        except OperationalError as error:
            database_busy(form, error)
        else:
            request.session["warnings"] = [measurement.pk, recorded.warnings]
            return redirect("measurements:result", measurement.pk)
    return render(request, "measurements/measure.html", _context(form, child, measurement))


@permission_required(Permission.VIEW_PEOPLE)
def result(request: HttpRequest, measurement_id: int) -> HttpResponse:
    measurement = measurement_get_for_user(user=request.user, pk=measurement_id)
    audit_record(
        user=request.user, action=Action.VIEW, object_type="measurement", object_id=measurement.pk
    )
    saved = request.session.pop("warnings", None)
    messages = saved[1] if saved and saved[0] == measurement.pk else warnings(measurement, None)
    child = measurement.child
    context = {
        "m": measurement,
        "child": child,
        "verdicts": verdicts(measurement),
        "warnings": messages,
        "charts": charts_for(child, child_history(child=child)),
        "next_child": _next_in_queue(request, measurement),
    }
    return render(request, "measurements/result.html", context)


@permission_required(Permission.VIEW_PEOPLE)
def child_page(request: HttpRequest, child_id: int) -> HttpResponse:
    child = person_get_for_user(user=request.user, pk=child_id)
    history = list(child_history(child=child))
    audit_record(user=request.user, action=Action.VIEW, object_type="person", object_id=child.pk)
    nik = shown_nik(request.user, child.nik)
    context = {
        "child": child,
        "nik": nik,
        "history": history,
        "roles": child.roles.order_by("start"),
        "charts": charts_for(child, history) if history or _under_five(child) else [],
        "latest": verdicts(history[-1]) if history else [],
        "can_write": has_permission(request.user, Permission.RECORD_MEASUREMENT),
        "title": _("Growth of %(name)s") % {"name": child.name},
    }
    return render(request, "measurements/child.html", context)
