"""Reads of measurements, limited to the user's scope."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumbuh.accounts.scope import AnyUser, person_filter
from tumbuh.measurements.models import Measurement
from tumbuh.registry.models import Person


def measurement_list(*, user: AnyUser) -> QuerySet[Measurement]:
    """Measurements of the children the user may see."""
    visible = Person.objects.filter(person_filter(user)).values("pk")
    return Measurement.objects.filter(child__in=visible)


def measurement_get_for_user(*, user: AnyUser, pk: int) -> Measurement:
    measurement = (
        measurement_list(user=user).select_related("child", "posyandu").filter(pk=pk).first()
    )
    if measurement is None:
        raise PermissionDenied
    return measurement


def child_history(*, child: Person) -> QuerySet[Measurement]:
    """A child's measurements in date order (the caller has fetched the child through scope)."""
    return Measurement.objects.filter(child=child).order_by("measured_on")


def latest_by_child(*, child_ids: list[int]) -> dict[int, Measurement]:
    """Each child's latest measurement (children already fetched through scope)."""
    latest: dict[int, Measurement] = {}
    rows = Measurement.objects.filter(child_id__in=child_ids).order_by("child_id", "measured_on")
    for m in rows.only("child_id", "measured_on", "zlen", "zwfl", "gain", "flags"):
        latest[m.child_id] = m
    return latest


def measured_child_ids(*, posyandu_id: int, on: date) -> QuerySet[Measurement, int]:
    """Children of a posyandu already measured on a day (the queue's ticks)."""
    return Measurement.objects.filter(posyandu_id=posyandu_id, measured_on=on).values_list(
        "child_id", flat=True
    )
