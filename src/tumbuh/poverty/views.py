"""The TKPK dashboard, a programme's targeting errors by name, and a household's page (scoped,
permission-checked, audited)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tumbuh.accounts.lists import ListFilters, page_of
from tumbuh.accounts.models import Action
from tumbuh.accounts.permissions import Permission, has_permission, in_scope, permission_required
from tumbuh.accounts.scope import subtree
from tumbuh.accounts.selectors import region_for_request
from tumbuh.accounts.services import audit_record
from tumbuh.files import csv_bytes
from tumbuh.files.xlsx import xlsx_bytes
from tumbuh.partners.selectors import partner_contributions
from tumbuh.poverty.charts import INDICATORS, poverty_map, shares
from tumbuh.poverty.selectors import (
    EXCLUSION,
    INCLUSION,
    POOR_AT_MOST,
    by_desil,
    families_in_order,
    household_get_for_user,
    household_page,
    households,
    indicators,
    programme_get_for_user,
    programmes,
    stunting_overlap,
    targeting,
    targeting_errors,
    targeting_search,
)
from tumbuh.poverty.tables import errors_frame, indicators_frame, percent_columns
from tumbuh.regions.models import Level, Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(row: Mapping[str, object], key: str) -> int:
    """A count of an indicators row (0 where the row has none)."""
    value = row.get(key, 0)
    return value if isinstance(value, int) else 0


def _region(request: HttpRequest) -> Region:
    return region_for_request(user=request.user, code=request.GET.get("region", ""))


def _file(table_bytes: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(table_bytes, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(request: HttpRequest, frame: pl.DataFrame, stem: str, sheet: str) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        content = xlsx_bytes(frame, worksheet=sheet, percent=percent_columns(frame))
        return _file(content, f"{stem}.xlsx", XLSX)
    return _file(csv_bytes(frame), f"{stem}.csv", "text/csv; charset=utf-8")


def map_titles() -> dict[str, str]:
    return {
        "desil_1_4": _("Households in desil 1-4, %"),
        "desil_1": _("Households in desil 1 (extreme poverty), %"),
        "tanpa_pkh": _("Desil 1-4 households without PKH, %"),
    }


@permission_required(Permission.VIEW_POVERTY)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Households by decile, extreme poverty, programme coverage and targeting errors per
    kelurahan, the stunting overlap, and a map."""
    region = _region(request)
    today = timezone.localdate()
    data = households(user=request.user, region=region, today=today)
    rows = indicators(data)
    if request.GET.get("format") in {"csv", "xlsx"}:
        audit_record(
            user=request.user, action=Action.EXPORT, object_type="poverty", object_id=region.code
        )
        return _download(request, indicators_frame(rows), f"kemiskinan-{region.code}", "kemiskinan")
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type="poverty", object_id=region.code
    )
    active = programmes()
    indicator = request.GET.get("peta", "desil_1_4")
    if indicator not in INDICATORS:
        indicator = "desil_1_4"
    titles = map_titles()
    totals = {
        key: sum(_count(r, key) for r in rows)
        for key in ("keluarga", "desil_1", "desil_1_4", "desil_1_4_tanpa_pkh")
    }
    coverage = [
        {
            "programme": p,
            "receiving": sum(_count(r, p.code) for r in rows),
            "exclusion": sum(_count(r, f"{p.code}_eksklusi") for r in rows),
            "inclusion": sum(_count(r, f"{p.code}_inklusi") for r in rows),
            "names": p.has_rule
            and has_permission(request.user, Permission.VIEW_TARGETING)
            and in_scope(request.user, p.office),
        }
        for p in active
    ]
    context = {
        "region": region,
        "rows": [{**r, "percents": [r[f"{p.code}_persen"] for p in active]} for r in rows],
        "programmes": active,
        "coverage": coverage,
        "totals": totals,
        "by_desil": by_desil(data),
        "overlap": stunting_overlap(data),
        "poor_at_most": POOR_AT_MOST,
        "map_svg": poverty_map(
            region, indicator, shares(rows, indicator), titles[indicator], _("no households")
        ),
        "maps": [(key, title, key == indicator) for key, title in titles.items()],
        # TKPK partners (CSR) and what they committed and delivered, per desa/kelurahan.
        "partner_contributions": partner_contributions(region),
    }
    return render(request, "poverty/dashboard.html", context)


@permission_required(Permission.VIEW_TARGETING)
def errors(request: HttpRequest, code: str) -> HttpResponse:
    """A programme's exclusion and inclusion errors in the area, by name (page, CSV, XLSX): one
    list at a time (``jenis``), searched, filtered by desa/kelurahan and paged."""
    programme = programme_get_for_user(user=request.user, code=code)
    region = _region(request)
    today = timezone.localdate()
    kind = f"targeting:{programme.code}"
    if request.GET.get("format") in {"csv", "xlsx"}:
        found = targeting_errors(user=request.user, region=region, programme=programme, today=today)
        audit_record(
            user=request.user, action=Action.EXPORT, object_type=kind, object_id=region.code
        )
        return _download(
            request,
            errors_frame(found),
            f"salah-sasaran-{programme.code}-{region.code}",
            programme.code,
        )
    audit_record(
        user=request.user, action=Action.VIEW_LIST, object_type=kind, object_id=region.code
    )
    lists = targeting(user=request.user, region=region, programme=programme, today=today)
    shown = INCLUSION if request.GET.get("jenis") == INCLUSION else EXCLUSION
    filters = _household_filters(request, region)
    ids = targeting_search(
        user=request.user,
        ids=lists.of(shown),
        q=filters.q,
        kelurahan=filters.kelurahan.code if filters.kelurahan else "",
    )
    page = page_of(request, ids)
    keep = [("region", region.code), ("jenis", shown)]
    return render(
        request,
        "poverty/errors.html",
        {
            "region": region,
            "programme": programme,
            "shown": shown,
            "counts": {EXCLUSION: len(lists.exclusion), INCLUSION: len(lists.inclusion)},
            "page": page,
            "families": families_in_order(list(page.object_list)),
            "filters": filters,
            "keep": keep,
            "query": filters.query(**dict(keep)),
        },
    )


def _household_filters(request: HttpRequest, region: Region) -> ListFilters:
    """A name/No. KK search and a desa/kelurahan of ``region`` (the user's own: the region was
    checked), no posyandu."""
    options = list(
        Region.objects.filter(subtree("code", region.code), level=Level.KELURAHAN).order_by("name")
    )
    chosen = request.GET.get("kelurahan", "")
    return ListFilters(
        q=request.GET.get("q", "").strip()[:100],
        kelurahan=next((k for k in options if k.code == chosen), None),
        kelurahan_options=options,
    )


@permission_required(Permission.VIEW_TARGETING)
def household(request: HttpRequest, pk: int) -> HttpResponse:
    """A household's decile (and its history), programmes received, and what it lacks."""
    family = household_get_for_user(user=request.user, pk=pk)
    audit_record(user=request.user, action=Action.VIEW, object_type="family", object_id=family.pk)
    page = household_page(user=request.user, family=family, today=timezone.localdate())
    return render(request, "poverty/household.html", {"page": page})
