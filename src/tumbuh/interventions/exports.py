"""The scorecard's files (PDF for briefings, each office's gap list as CSV or XLSX), built the
same way whether a page sends them at once or a background job prepares them; a saved lokus
list as CSV or XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import AnyUser
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.files.write import csv_bytes
from tumbuh.files.xlsx import xlsx_bytes
from tumbuh.interventions.coverage import coverage_for
from tumbuh.interventions.lokus_selectors import lokus_list_get_for_user
from tumbuh.interventions.models import LokusList
from tumbuh.interventions.pdf import gaps_pdf, scorecard_pdf
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.tables import (
    by_intervention,
    by_kelurahan,
    by_office,
    gap_list,
    sheet_name,
)
from tumbuh.partners.selectors import partner_contributions
from tumbuh.regions.models import Region
from tumbuh.regions.selectors import kelurahan_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str
    rows: int = 0  # the rows of a list (the exchange log counts them)


def scorecard_context(*, user: AnyUser, region: Region, today: date) -> dict[str, object]:
    """What the scorecard page and its PDF show."""
    require(user, Permission.VIEW_SCORECARD, region)
    card = coverage_for(user=user, region=region, today=today)
    return {
        "today": today,
        "region": region,
        "place_label": kelurahan_label(region),
        "kelurahan": by_kelurahan(card, region).to_dicts(),
        "offices": by_office(card),
        "interventions": by_intervention(card),
        "partner_contributions": partner_contributions(region),
        "computed_at": card.computed_at,
    }


def scorecard_pdf_file(*, user: AnyUser, region: Region, today: date) -> ExportFile:
    """The scorecard as a PDF (raises ``PdfUnavailableError`` without Pango)."""
    pdf = scorecard_pdf(scorecard_context(user=user, region=region, today=today))
    return ExportFile(pdf, f"skor-konvergensi-{region.code}.pdf", "application/pdf")


def gaps_file(
    *, user: AnyUser, region: Region, office: Office, xlsx: bool, today: date, pdf: bool = False
) -> ExportFile:
    """An office's by-name gap list of the area, as CSV, XLSX or PDF (``pdf``; raises
    ``PdfUnavailableError`` without Pango)."""
    require(user, Permission.VIEW_GAPS, office.value)
    require(user, Permission.VIEW_GAPS, region)
    # only the office's interventions are scored: the others' deliveries are not read
    card = scorecard_for(user=user, region=region, today=today, office=office.value)
    table = gap_list(card, office=office.value, user=user)
    stem = f"kesenjangan-{office.value}-{region.code}"
    if pdf:
        context = {
            "region": region,
            "office_name": OFFICE_NAMES[office],
            "today": today,
            "rows": table.to_dicts(),
        }
        return ExportFile(gaps_pdf(context), f"{stem}.pdf", "application/pdf", table.height)
    if xlsx:
        content = xlsx_bytes(table, worksheet=sheet_name(OFFICE_NAMES[office]))
        return ExportFile(content, f"{stem}.xlsx", XLSX, table.height)
    return ExportFile(csv_bytes(table), f"{stem}.csv", "text/csv; charset=utf-8", table.height)


#: The percent columns (0-100) of a saved lokus list's file.
LOKUS_PERCENT = ("prevalensi_stunting", "kesenjangan_cakupan")


def lokus_list_frame(lokus_list: LokusList) -> pl.DataFrame:
    """A saved lokus list as a table with Indonesian column names, in rank order."""
    rows = [
        {
            "peringkat": entry.rank,
            "kode_wilayah": entry.kelurahan_id,
            "desa_kelurahan": entry.kelurahan.name,
            "skor": entry.score,
            "prevalensi_stunting": entry.figures.get("stunting_prevalence"),
            "balita_stunting": entry.figures.get("stunted_children"),
            "keluarga_berisiko_stunting": entry.figures.get("at_risk_families"),
            "keluarga_desil_1_4": entry.figures.get("poor_families"),
            "kesenjangan_cakupan": entry.figures.get("coverage_gap"),
            "alasan": entry.reasons,
            "lokus": "ya" if entry.chosen else "tidak",
        }
        for entry in lokus_list.entries.select_related("kelurahan").order_by("rank")
    ]
    schema = {
        "peringkat": pl.Int64,
        "kode_wilayah": pl.String,
        "desa_kelurahan": pl.String,
        "skor": pl.Float64,
        "prevalensi_stunting": pl.Float64,
        "balita_stunting": pl.Int64,
        "keluarga_berisiko_stunting": pl.Int64,
        "keluarga_desil_1_4": pl.Int64,
        "kesenjangan_cakupan": pl.Float64,
        "alasan": pl.String,
        "lokus": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def lokus_list_file(*, user: AnyUser, pk: int, xlsx: bool) -> ExportFile:
    """A saved lokus list as CSV or XLSX (whoever may see the lokus page of its region)."""
    lokus_list = lokus_list_get_for_user(user=user, pk=pk)
    table = lokus_list_frame(lokus_list)
    stem = f"lokus-{lokus_list.region_id}-{lokus_list.year}"
    if xlsx:
        content = xlsx_bytes(table, worksheet=f"lokus {lokus_list.year}", percent=LOKUS_PERCENT)
        return ExportFile(content, f"{stem}.xlsx", XLSX, table.height)
    return ExportFile(csv_bytes(table), f"{stem}.csv", "text/csv; charset=utf-8", table.height)
