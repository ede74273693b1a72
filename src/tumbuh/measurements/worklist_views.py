"""The work-list page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.lists import ListFilters, list_filters, page_of
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, permission_required, shown_nik
from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.services import audit_record
from tumbuh.files import csv_bytes
from tumbuh.measurements.labels import flag_labels
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.worklists import WorkLists, worklists_for
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person
from tumbuh.registry.selectors import families_at_risk


@dataclass(frozen=True)
class Row:
    """One line of a work list: a child (with the measurement that put it there) or a family."""

    child: Person | None = None
    measurement: Measurement | None = None
    family: Family | None = None

    @property
    def posyandu(self) -> Posyandu | None:
        return self.child.posyandu if self.child is not None else None

    @property
    def kelurahan(self) -> Region | None:
        if self.family is not None:
            return self.family.kelurahan
        if self.child is not None and self.child.posyandu is not None:
            return self.child.posyandu.kelurahan
        return self.child.family.kelurahan if self.child and self.child.family else None

    @property
    def flags(self) -> str:
        return flag_labels(self.measurement.flags) if self.measurement else ""


#: The lists, in the order the page shows them, with their headings.
LISTS = {
    "two_t": _("Weight not rising twice (2T): re-weigh and refer"),
    "refer": _("Newly stunted or wasted: refer to the puskesmas"),
    "flagged": _("Last measurement flagged: measure again"),
    "due": _("Due this month, not yet measured"),
    "families": _("Families of children under two with a risk at home (for the TPK)"),
}


def _child_matches(child: Person, filters: ListFilters) -> bool:
    kelurahan = child.posyandu.kelurahan_id if child.posyandu else None
    if not filters.keeps(posyandu_id=child.posyandu_id, kelurahan_code=kelurahan):
        return False
    q = filters.q.lower()
    return not q or q in child.name.lower() or filters.q == child.nik


def _families(user: AnyUser, today: date, filters: ListFilters) -> list[Row]:
    families = families_at_risk(user=user, on=today)
    if filters.kelurahan is not None:
        families = families.filter(kelurahan=filters.kelurahan)
    if filters.posyandu is not None:
        families = families.filter(members__posyandu=filters.posyandu).distinct()
    if filters.q:
        families = families.filter(head_name__icontains=filters.q)
    return [Row(family=f) for f in families]


def _rows(user: AnyUser, today: date, filters: ListFilters) -> dict[str, list[Row]]:
    lists = worklists_for(user=user, today=today)
    measured = {"two_t": lists.two_t, "refer": lists.refer, "flagged": lists.flagged}
    rows = {
        name: [Row(child=m.child, measurement=m) for m in found if _child_matches(m.child, filters)]
        for name, found in measured.items()
    }
    rows["due"] = [Row(child=c) for c in lists.due if _child_matches(c, filters)]
    rows["families"] = _families(user, today, filters)
    return rows


@permission_required(Permission.VIEW_WORKLISTS)
def worklists(request: HttpRequest) -> HttpResponse:
    """The work lists: one card per list with its true count, the chosen list paged below."""
    filters = list_filters(request, user=request.user)
    rows = _rows(request.user, timezone.localdate(), filters)
    chosen = request.GET.get("list", "")
    if chosen not in LISTS:
        chosen = next((name for name in LISTS if rows[name]), "two_t")
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="worklists")
    page = page_of(request, rows[chosen])
    context = {
        "cards": [(name, label, len(rows[name])) for name, label in LISTS.items()],
        "chosen": chosen,
        "heading": LISTS[chosen],
        "page": page,
        "filters": filters,
        "keep": [("list", chosen)],
        "query": filters.query(list=chosen),
        "card_query": filters.query(),
    }
    return render(request, "measurements/worklists.html", context)


#: The CSV's columns: (header in the user's language, type). Places by name, not by id.
EXPORT_COLUMNS = (
    (_("List"), pl.String),
    (_("Child ID"), pl.Int64),
    (_("Name"), pl.String),
    (_("NIK"), pl.String),
    (_("Birth date"), pl.Date),
    (_("Posyandu"), pl.String),
    (_("Kelurahan"), pl.String),
    (_("Measured on"), pl.Date),
    (_("Implausible"), pl.String),
)

#: Each list's short name in the CSV's first column.
EXPORT_LIST_NAMES = {
    "two_t": _("2T: re-weigh and refer"),
    "refer": _("refer to the puskesmas"),
    "flagged": _("measure again"),
    "due": _("due this month"),
}


def _export_frame(lists: WorkLists, *, user: AnyUser) -> pl.DataFrame:
    """One row per child per list: 2T, refer, flagged (with the measurement), then due."""

    def row(name: str, child: Person, measurement: Measurement | None) -> tuple[object, ...]:
        nik = shown_nik(user, child.nik) or ""
        line = Row(child=child, measurement=measurement)
        place = line.posyandu.name if line.posyandu else ""
        kelurahan = line.kelurahan.name if line.kelurahan else ""
        on = measurement.measured_on if measurement else None
        label = str(EXPORT_LIST_NAMES[name])
        return (
            label,
            child.pk,
            child.name,
            nik,
            child.birth_date,
            place,
            kelurahan,
            on,
            line.flags,
        )

    measured = (("two_t", lists.two_t), ("refer", lists.refer), ("flagged", lists.flagged))
    rows = [row(name, m.child, m) for name, found in measured for m in found]
    rows += [row("due", child, None) for child in lists.due]
    schema = {str(header): kind for header, kind in EXPORT_COLUMNS}
    return pl.DataFrame(rows, schema=schema, orient="row")


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export(request: HttpRequest) -> HttpResponse:
    """The work lists as CSV for the puskesmas (NIK masked unless the role needs it)."""
    lists = worklists_for(user=request.user, today=timezone.localdate())
    audit_record(user=request.user, action=Action.EXPORT, object_type="worklists")
    frame = _export_frame(lists, user=request.user)
    response = HttpResponse(csv_bytes(frame), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-kerja.csv"'
    return response
