"""What the phone keeps for its user (that user's scope only), and the conflicts to review."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, require
from tumbuh.accounts.scope import AnyUser, person_filter, posyandu_filter
from tumbuh.accounts.services import audit_record
from tumbuh.field.models import Decision, MeasurementConflict
from tumbuh.field.payload import measurement_payload, visit_payload
from tumbuh.field.tables import growth_tables_version
from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import children_under_five
from tumbuh.teams.models import Visit
from tumbuh.teams.selectors import assigned_families

#: Visits of a family the phone keeps (the latest ones).
VISITS_KEPT = 5


def _children(user: AnyUser) -> list[dict[str, Any]]:
    children = list(children_under_five(user=user, on=timezone.localdate()))
    measured: dict[int, list[dict[str, Any]]] = defaultdict(list)
    measurements = Measurement.objects.filter(child__in=[c.pk for c in children]).order_by(
        "child_id", "measured_on"
    )
    for m in measurements:
        measured[m.child_id].append(measurement_payload(m))
    return [
        {
            "id": child.pk,
            "name": child.name,
            "sex": child.sex,
            "birth_date": child.birth_date.isoformat(),
            "posyandu": child.posyandu_id,
            "measurements": measured[child.pk],
        }
        for child in children
    ]


def _families(user: AnyUser) -> list[dict[str, Any]]:
    rows = assigned_families(user=user, today=timezone.localdate())
    visits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for visit in Visit.objects.filter(family_id__in=[r.family.pk for r in rows]).order_by(
        "family_id", "-visited_on"
    ):
        if len(visits[visit.family_id]) < VISITS_KEPT:
            visits[visit.family_id].append(visit_payload(visit))
    return [
        {
            "id": row.family.pk,
            "head_name": row.family.head_name,
            "address": row.family.address,
            "rt": row.family.rt,
            "rw": row.family.rw,
            "last_visit": None if row.last_visit is None else row.last_visit.isoformat(),
            "next_visit": None if row.next_visit is None else row.next_visit.isoformat(),
            "overdue": row.overdue,
            "visits": visits[row.family.pk],
        }
        for row in rows
    ]


def field_data(*, user: AnyUser) -> dict[str, Any]:
    """Everything the phone keeps, limited to the user's scope. Audited (a by-name list)."""
    measures = has_permission(user, Permission.RECORD_MEASUREMENT)
    visits = has_permission(user, Permission.VISIT_FAMILIES)
    if not (measures or visits):
        raise PermissionDenied
    merged = Person.objects.filter(person_filter(user), merged_into__isnull=False)
    reviews = MeasurementConflict.objects.filter(recorded_by_id=user.pk).order_by("-created_at")
    data = {
        "user": user.pk,
        "synced_at": timezone.now().isoformat(),
        "today": timezone.localdate().isoformat(),
        "expiry_days": settings.TUMBUH_FIELD_EXPIRY_DAYS,
        "tables": growth_tables_version(),
        "posyandu": [
            {"id": p.pk, "name": p.name}
            for p in Posyandu.objects.filter(posyandu_filter(user)).order_by("name")
        ]
        if measures
        else [],
        "children": _children(user) if measures else [],
        "families": _families(user) if visits else [],
        "merged": {str(old): new for old, new in merged.values_list("pk", "merged_into_id")},
        "reviews": [
            {
                "uuid": str(c.client_uuid),
                "child": c.child_id,
                "measured_on": c.measured_on.isoformat(),
                "decision": c.decision,
            }
            for c in reviews[:50]
        ],
    }
    audit_record(user=user, action=Action.VIEW_LIST, object_type="field:data")
    return data


def conflict_list(*, user: AnyUser) -> QuerySet[MeasurementConflict]:
    """Open conflicts of the posyandu in the user's scope, oldest first."""
    require(user, Permission.REVIEW_FIELD_CONFLICTS)
    return MeasurementConflict.objects.filter(
        posyandu__in=Posyandu.objects.filter(posyandu_filter(user)), decision=Decision.OPEN
    ).select_related("child", "posyandu", "stored")


def conflict_get_for_user(*, user: AnyUser, pk: int) -> MeasurementConflict:
    conflict = MeasurementConflict.objects.select_related("child", "stored").filter(pk=pk).first()
    if conflict is None:
        raise PermissionDenied
    require(user, Permission.REVIEW_FIELD_CONFLICTS, conflict.child)
    return conflict
