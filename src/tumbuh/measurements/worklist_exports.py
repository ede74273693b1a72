"""The work lists as a file (CSV or XLSX) for the puskesmas: NIK masked unless the role needs
it, the page's search and filters applied, written a chunk of rows at a time so that a whole
kabupaten's lists never sit in memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import Any

import polars as pl
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tumbuh.accounts.lists import list_filters
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, permission_required
from tumbuh.accounts.scope import mask_nik
from tumbuh.accounts.services import audit_record
from tumbuh.files import csv_stream, xlsx_stream
from tumbuh.measurements.labels import flag_labels
from tumbuh.measurements.worklists import CHILD_LISTS, WorkLists, worklists_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The file's columns: (header in the user's language, type). Places by name, not by id.
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

#: Each list's short name in the file's first column.
EXPORT_LIST_NAMES = {
    "two_t": _("2T: re-weigh and refer"),
    "refer": _("refer to the puskesmas"),
    "flagged": _("measure again"),
    "due": _("due this month"),
}

#: Rows fetched and written at a time.
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


def export_chunks(lists: WorkLists, *, full_nik: bool) -> Iterator[list[tuple[Any, ...]]]:
    """One row per child per list: 2T, refer, flagged (with the measurement), then due; a
    chunk of rows at a time."""
    for key in CHILD_LISTS:
        label, due = str(EXPORT_LIST_NAMES[key]), key == "due"
        values = lists.of(key).values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK)
        while chunk := list(islice(values, EXPORT_CHUNK)):
            yield [_export_row(label, v, due=due, full_nik=full_nik) for v in chunk]


def _csv_frames(lists: WorkLists, *, full_nik: bool, language: str) -> Iterator[pl.DataFrame]:
    """The header (an empty frame), then the rows a chunk at a time, in the request's language
    (the body is written after the view has returned)."""
    with translation.override(language):
        schema = {str(header): kind for header, kind in EXPORT_COLUMNS}
        yield pl.DataFrame([], schema=schema, orient="row")
        for rows in export_chunks(lists, full_nik=full_nik):
            yield pl.DataFrame(rows, schema=schema, orient="row")


def _lists(request: HttpRequest) -> tuple[WorkLists, bool]:
    """The user's lists with the page's filters, the export audited; whether NIK shows whole."""
    filters = list_filters(request, user=request.user)
    lists = worklists_for(user=request.user, today=timezone.localdate(), filters=filters)
    audit_record(user=request.user, action=Action.EXPORT, object_type="worklists")
    return lists, has_permission(request.user, Permission.VIEW_FULL_NIK)


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export(request: HttpRequest) -> StreamingHttpResponse:
    """The work lists as CSV, sent as it is read."""
    lists, full_nik = _lists(request)
    frames = _csv_frames(lists, full_nik=full_nik, language=translation.get_language())
    response = StreamingHttpResponse(csv_stream(frames), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-kerja.csv"'
    return response


@permission_required(Permission.VIEW_WORKLISTS)
def worklists_export_xlsx(request: HttpRequest) -> FileResponse:
    """The work lists as an Excel workbook, its rows written to a temporary file as they are
    read (Excel's format is a zip: it is sent once complete)."""
    lists, full_nik = _lists(request)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    headers = [str(header) for header, _kind in EXPORT_COLUMNS]
    xlsx_stream(headers, export_chunks(lists, full_nik=full_nik), out, worksheet="daftar-kerja")
    out.seek(0)
    return FileResponse(out, content_type=XLSX, as_attachment=True, filename="daftar-kerja.xlsx")
