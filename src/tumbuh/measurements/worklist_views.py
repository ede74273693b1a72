"""The work-list page and its CSV export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, TypeVar

import polars as pl
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.lists import PER_PAGE, ListFilters, list_filters
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.scope import AnyUser, mask_nik
from tumbuh.accounts.services import audit_record
from tumbuh.facts.models import ChildStatus
from tumbuh.files import csv_stream
from tumbuh.measurements.labels import flag_labels
from tumbuh.measurements.worklists import CHILD_LISTS, WorkLists, statuses_shown, worklists_for
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person
from tumbuh.registry.selectors import families_at_risk

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One line of a work list: a child (with its current status) or a family."""

    status: ChildStatus | None = None
    family: Family | None = None

    @property
    def child(self) -> Person | None:
        return self.status.child if self.status is not None else None

    @property
    def posyandu(self) -> Posyandu | None:
        return self.status.posyandu if self.status is not None else None

    @property
    def kelurahan(self) -> Region | None:
        if self.family is not None:
            return self.family.kelurahan
        if self.status is None:
            return None
        if self.status.posyandu is not None:
            return self.status.posyandu.kelurahan
        family = self.status.child.family
        return family.kelurahan if family is not None else None

    @property
    def flags(self) -> str:
        return flag_labels(self.status.flags) if self.status is not None else ""


#: The lists, in the order the page shows them, with their headings.
LISTS = {
    "two_t": _("Weight not rising twice (2T): re-weigh and refer"),
    "refer": _("Newly stunted or wasted: refer to the puskesmas"),
    "flagged": _("Last measurement flagged: measure again"),
    "due": _("Due this month, not yet measured"),
    "families": _("Families of children under two with a risk at home (for the TPK)"),
}


def _families(user: AnyUser, today: date, filters: ListFilters) -> QuerySet[Family]:
    families = families_at_risk(user=user, on=today)
    if filters.kelurahan is not None:
        families = families.filter(kelurahan=filters.kelurahan)
    if filters.posyandu is not None:
        families = families.filter(members__posyandu=filters.posyandu).distinct()
    if filters.q:
        families = families.filter(head_name__icontains=filters.q)
    return families


def _page(request: HttpRequest, items: QuerySet[Any, T], count: int) -> Page[T]:
    """The requested page of ``items``, whose true count the cards already know."""
    paginator = Paginator(items, PER_PAGE)
    paginator.count = count
    return paginator.get_page(request.GET.get("page"))


@permission_required(Permission.VIEW_WORKLISTS)
def worklists(request: HttpRequest) -> HttpResponse:
    """The work lists: one card per list with its true count, the chosen list paged below."""
    filters = list_filters(request, user=request.user)
    today = timezone.localdate()
    lists = worklists_for(user=request.user, today=today, filters=filters)
    families = _families(request.user, today, filters)
    counts = lists.counts()
    counts["families"] = families.count()
    chosen = request.GET.get("list", "")
    if chosen not in LISTS:
        chosen = next((name for name in LISTS if counts[name]), "two_t")
    audit_record(user=request.user, action=Action.VIEW_LIST, object_type="worklists")
    page: Page[Family] | Page[int]
    if chosen == "families":
        family_page = page = _page(request, families, counts[chosen])
        rows = [Row(family=family) for family in family_page]
    else:
        ids = lists.of(chosen).values_list("pk", flat=True)
        id_page = page = _page(request, ids, counts[chosen])
        rows = [Row(status=status) for status in statuses_shown(list(id_page))]
    context = {
        "cards": [(name, label, counts[name]) for name, label in LISTS.items()],
        "chosen": chosen,
        "heading": LISTS[chosen],
        "page": page,
        "rows": rows,
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

#: Rows fetched and written at a time: the export never holds a whole list in memory.
EXPORT_CHUNK = 2000


#: What an export row reads of a child's status: ids, names and dates, no model objects.
EXPORT_FIELDS = (
    "child_id",
    "child__name",
    "child__nik",
    "birth_date",
    "posyandu__name",
    "posyandu__kelurahan__name",
    "child__family__kelurahan__name",
    "measured_on",
    "flags",
)


def _export_row(
    label: str, values: tuple[Any, ...], *, due: bool, full_nik: bool
) -> tuple[Any, ...]:
    pk, name, nik, born, posyandu, posyandu_kelurahan, family_kelurahan, on, flags = values
    return (
        label,
        pk,
        name,
        (nik or "") if full_nik else mask_nik(nik),
        born,
        posyandu or "",
        (posyandu_kelurahan if posyandu else family_kelurahan) or "",
        None if due else on,
        "" if due else flag_labels(flags),
    )


def _export_frames(lists: WorkLists, *, full_nik: bool) -> Iterator[pl.DataFrame]:
    """One row per child per list: 2T, refer, flagged (with the measurement), then due; the
    header first (an empty frame), then the rows a chunk at a time."""
    schema = {str(header): kind for header, kind in EXPORT_COLUMNS}
    yield pl.DataFrame([], schema=schema, orient="row")
    for key in CHILD_LISTS:
        label, due = str(EXPORT_LIST_NAMES[key]), key == "due"
        values = lists.of(key).values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK)
        while chunk := list(islice(values, EXPORT_CHUNK)):
            rows = [_export_row(label, v, due=due, full_nik=full_nik) for v in chunk]
            yield pl.DataFrame(rows, schema=schema, orient="row")


def _in_language(language: str, frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """The frames built in the request's language (the body is written after the view ends)."""
    with translation.override(language):
        yield from frames


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export(request: HttpRequest) -> StreamingHttpResponse:
    """The work lists as CSV for the puskesmas (NIK masked unless the role needs it), written
    as it is read; the page's search and filters apply."""
    filters = list_filters(request, user=request.user)
    lists = worklists_for(user=request.user, today=timezone.localdate(), filters=filters)
    audit_record(user=request.user, action=Action.EXPORT, object_type="worklists")
    full_nik = has_permission(request.user, Permission.VIEW_FULL_NIK)
    frames = _in_language(translation.get_language(), _export_frames(lists, full_nik=full_nik))
    response = StreamingHttpResponse(csv_stream(frames), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-kerja.csv"'
    return response
