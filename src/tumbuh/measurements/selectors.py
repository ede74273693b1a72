"""Reads of measurements, limited to the user's scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery

from tumbuh.accounts.scope import AnyUser, person_filter
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person

#: A child's latest measurement counts (dashboard, scorecard, lokus) when it is this recent.
LATEST_WITHIN_DAYS: Final = 365


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


def latest_since(on: date) -> date:
    """The day before the oldest measurement that still counts as a child's latest on ``on``."""
    return on - timedelta(days=LATEST_WITHIN_DAYS)


def latest_measurements(
    *,
    measurements: QuerySet[Measurement],
    on: date,
    since: date | None,
    posyandu: QuerySet[Posyandu] | None = None,
) -> QuerySet[Measurement]:
    """The latest measurement of each child among ``measurements`` (already scoped and
    filtered): the newest measured after ``since`` (None: ever) and up to ``on``, at one of
    ``posyandu`` when given. One index seek per child on (child, measured_on), much cheaper
    than numbering every measurement with a window function."""
    window = {"measured_on__lte": on}
    if since is not None:
        window["measured_on__gt"] = since
    seek = Measurement.objects.filter(child_id=OuterRef("child_id"), **window)
    if posyandu is not None:
        seek = seek.filter(posyandu_id__in=posyandu.values("pk"))
    newest = seek.order_by("-measured_on").values("pk")[:1]
    children = measurements.filter(**window).order_by().values("child_id").distinct()
    return Measurement.objects.filter(
        pk__in=children.annotate(newest=Subquery(newest)).values("newest")
    )


def measured_child_ids(*, posyandu_id: int, on: date) -> QuerySet[Measurement, int]:
    """Children of a posyandu already measured on a day (the queue's ticks)."""
    return Measurement.objects.filter(posyandu_id=posyandu_id, measured_on=on).values_list(
        "child_id", flat=True
    )


def measurement_before(
    *, child: Person, on: date, other_than: int | None = None
) -> Measurement | None:
    """The child's latest measurement before ``on`` (leaving out ``other_than``, the one being
    corrected), to compare a new value with."""
    earlier = Measurement.objects.filter(child=child, measured_on__lt=on)
    if other_than is not None:
        earlier = earlier.exclude(pk=other_than)
    return earlier.order_by("-measured_on").first()


def measurement_on(*, child: Person, on: date, other_than: int | None = None) -> Measurement | None:
    """The child's measurement on the day ``on`` (one a day), leaving out ``other_than``."""
    same_day = Measurement.objects.filter(child=child, measured_on=on)
    if other_than is not None:
        same_day = same_day.exclude(pk=other_than)
    return same_day.first()
