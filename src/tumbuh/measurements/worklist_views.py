"""The work-list page."""

from __future__ import annotations

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, shown_nik
from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.services import audit_record
from tumbuh.files import csv_bytes
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.worklists import WorkLists, worklists_for
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import families_at_risk

SHOWN = 200


@permission_required(Permission.VIEW_WORKLISTS)
def worklists(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    lists = worklists_for(user=request.user, today=today)
    families = families_at_risk(user=request.user, on=today)
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="worklists")
    context = {
        "due": lists.due[:SHOWN],
        "due_count": len(lists.due),
        "two_t": lists.two_t[:SHOWN],
        "refer": lists.refer[:SHOWN],
        "flagged": lists.flagged[:SHOWN],
        "families": families[:SHOWN],
        "families_count": families.count(),
    }
    return render(request, "measurements/worklists.html", context)


EXPORT_SCHEMA = {
    "list": pl.String,
    "child_id": pl.Int64,
    "name": pl.String,
    "nik": pl.String,
    "birth_date": pl.Date,
    "posyandu": pl.Int64,
    "date": pl.Date,
    "flags": pl.String,
}


def _export_frame(lists: WorkLists, *, user: AnyUser) -> pl.DataFrame:
    """One row per child per list: 2T, refer, flagged (with the measurement), then due."""

    def row(name: str, child: Person, measurement: Measurement | None) -> tuple[object, ...]:
        nik = shown_nik(user, child.nik) or ""
        if measurement is None:
            return (name, child.pk, child.name, nik, child.birth_date, child.posyandu_id, None, "")
        place, on, flags = measurement.posyandu_id, measurement.measured_on, measurement.flags
        return (name, child.pk, child.name, nik, child.birth_date, place, on, flags)

    measured = (("2T", lists.two_t), ("refer", lists.refer), ("flagged", lists.flagged))
    rows = [row(name, m.child, m) for name, found in measured for m in found]
    rows += [row("due", child, None) for child in lists.due]
    return pl.DataFrame(rows, schema=EXPORT_SCHEMA, orient="row")


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export(request: HttpRequest) -> HttpResponse:
    """The work lists as CSV for the puskesmas (NIK masked unless the role needs it)."""
    lists = worklists_for(user=request.user, today=timezone.localdate())
    audit_record(user=request.user, action=Action.EXPORT, object_type="worklists")
    frame = _export_frame(lists, user=request.user)
    response = HttpResponse(csv_bytes(frame), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-kerja.csv"'
    return response
