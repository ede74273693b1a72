"""The work-list page."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, shown_nik
from tumbuh.accounts.services import audit_record
from tumbuh.measurements.worklists import worklists_for
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


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export(request: HttpRequest) -> HttpResponse:
    """The work lists as CSV for the puskesmas (NIK masked unless the role needs it)."""
    lists = worklists_for(user=request.user, today=timezone.localdate())
    audit_record(user=request.user, action=Action.EXPORT, object_type="worklists")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-kerja.csv"'
    writer = csv.writer(response)
    writer.writerow(["list", "child_id", "name", "nik", "birth_date", "posyandu", "date", "flags"])
    for name, rows in (("2T", lists.two_t), ("refer", lists.refer), ("flagged", lists.flagged)):
        for m in rows:
            nik = shown_nik(request.user, m.child.nik)
            writer.writerow(
                [
                    name,
                    m.child_id,
                    m.child.name,
                    nik or "",
                    m.child.birth_date,
                    m.posyandu_id,
                    m.measured_on,
                    m.flags,
                ]
            )
    for child in lists.due:
        nik = shown_nik(request.user, child.nik)
        writer.writerow(
            ["due", child.pk, child.name, nik or "", child.birth_date, child.posyandu_id, "", ""]
        )
    return response
