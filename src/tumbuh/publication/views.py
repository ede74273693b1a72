"""The public page ``/publik/`` and its CSV: no login, aggregates only (aksi 7, publikasi)."""

from __future__ import annotations

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from tumbuh.files.write import csv_bytes
from tumbuh.publication.charts import public_map, public_trend
from tumbuh.publication.selectors import (
    PublicArea,
    cached_drawing,
    public_figures,
    public_region,
)

CSV_COLUMNS = (
    "tingkat",
    "kode",
    "wilayah",
    "sasaran",
    "diukur",
    "cakupan",
    "stunting",
    "stunting_ll",
    "stunting_ul",
    "wasting",
    "wasting_ll",
    "wasting_ul",
    "underweight",
    "underweight_ll",
    "underweight_ul",
)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Prevalence and coverage of a region (``?region=``) by kecamatan and desa/kelurahan."""
    page = public_figures(
        region=public_region(request.GET.get("region", "")), today=timezone.localdate()
    )
    context = {
        "page": page,
        # SVG built from region names and numbers only
        "map": mark_safe(cached_drawing(page, "map", public_map)),
        "trend": mark_safe(cached_drawing(page, "trend", public_trend)),
    }
    return render(request, "publication/index.html", context)


def _cells(area: PublicArea) -> list[object]:
    def blank(value: object) -> object:
        return "" if value is None else value

    cells: list[object] = [area.level, area.code, area.name]
    cells += [blank(area.sasaran), blank(area.diukur), blank(area.cakupan)]
    for estimate in (area.stunting, area.wasting, area.underweight):
        cells += (
            ["", "", ""] if estimate is None else [estimate.percent, estimate.low, estimate.high]
        )
    return cells


@require_GET
def data_csv(request: HttpRequest) -> HttpResponse:
    """The same aggregates as the page; suppressed cells are empty."""
    page = public_figures(
        region=public_region(request.GET.get("region", "")), today=timezone.localdate()
    )
    rows = [
        [None if cell in (None, "") else str(cell) for cell in _cells(area)]
        for area in [page.total, *page.kecamatan, *page.kelurahan]
    ]
    table = pl.DataFrame(rows, schema=dict.fromkeys(CSV_COLUMNS, pl.String), orient="row")
    response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publik-{page.region.code}.csv"'
    return response
