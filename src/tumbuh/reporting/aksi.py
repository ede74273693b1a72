"""The evidence tables the aksi konvergensi asks for, from the data: the situation analysis per
desa/kelurahan (aksi 1), the Web Aksi "Master Ansit" sheet (DOMAIN.md 2.1), coverage per office
per desa/kelurahan (the sector tabs), and the annual performance review (aksi 8). XLSX (one sheet
each) or CSV (the Master Ansit sheet alone, the one uploaded per desa)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from tumbuh.accounts.scope import AnyUser
from tumbuh.campaigns.selectors import campaigns_over
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.files.write import csv_bytes, workbook_bytes
from tumbuh.files.xlsx import Sheet
from tumbuh.interventions.tables import by_kelurahan_and_office
from tumbuh.regions.models import Region
from tumbuh.reporting.figures import (
    PeriodFigures,
    deadlines_in,
    met_count,
    period_figures,
)

#: Web Aksi's Master Ansit, per desa/kelurahan, in its order (DOMAIN.md 2.1), after the columns
#: that name the place.
MASTER_ANSIT = (
    "Jumlah Keluarga",
    "Jumlah Keluarga Berisiko Stunting",
    "Jumlah Balita Diukur",
    "Balita Sangat Pendek",
    "Balita Pendek",
)
PLACE_COLUMNS = ("Kode Wilayah", "Kecamatan", "Desa/Kelurahan")
#: The situation analysis per desa/kelurahan (aksi 1), in this order.
SITUATION = (
    "kode_wilayah",
    "kecamatan",
    "desa_kelurahan",
    "sasaran_balita",
    "balita_diukur",
    "cakupan_penimbangan",
    "balita_sangat_pendek",
    "balita_pendek",
    "stunting",
    "stunting_ll",
    "stunting_ul",
    "keluarga",
    "keluarga_berisiko_stunting",
    "keluarga_miskin",
    "cakupan_intervensi",
)
#: The situation analysis' percentages (0-100; XLSX writes them as percent cells).
SITUATION_PERCENT = (
    "cakupan_penimbangan",
    "stunting",
    "stunting_ll",
    "stunting_ul",
    "cakupan_intervensi",
)
REVIEW = ("indikator", "tahun_sebelumnya", "tahun_ini", "satuan")
#: The review's rows each have their unit: the values of its "%" rows are percentages.
REVIEW_PERCENT_ROWS = pl.col("satuan") == "%"
SHEETS = {
    "situation": "Analisis Situasi",
    "master": "Master Ansit",
    "offices": "Cakupan per OPD",
    "review": "Reviu Kinerja",
}


@dataclass(frozen=True)
class AksiTables:
    region: Region
    year: int
    situation: pl.DataFrame
    master: pl.DataFrame
    offices: pl.DataFrame
    review: pl.DataFrame

    def sheets(self) -> dict[str, Sheet]:
        """The sheets of the workbook, each with its percent cells."""
        offices_percent = [
            c for c in self.offices.columns if c == "cakupan_intervensi" or c.endswith("(%)")
        ]
        return {
            SHEETS["situation"]: Sheet(self.situation, SITUATION_PERCENT),
            SHEETS["master"]: Sheet(self.master),
            SHEETS["offices"]: Sheet(self.offices, tuple(offices_percent)),
            SHEETS["review"]: Sheet(
                self.review, ("tahun_sebelumnya", "tahun_ini"), REVIEW_PERCENT_ROWS
            ),
        }

    def xlsx(self) -> bytes:
        return workbook_bytes(self.sheets())

    def csv(self) -> bytes:
        """The Master Ansit sheet: the table uploaded per desa/kelurahan."""
        return csv_bytes(self.master)

    @property
    def stem(self) -> str:
        return f"aksi-konvergensi-{self.region.code}-{self.year}"


def _situation(period: PeriodFigures) -> pl.DataFrame:
    rows = []
    for place in period.places:
        area, stunting = place.area, place.area.estimates.stunting
        rows.append(
            (
                area.key,
                area.parent,
                area.name,
                area.sasaran,
                area.diukur,
                area.cakupan,
                place.severely_stunted,
                place.stunted,
                stunting.percent,
                stunting.low,
                stunting.high,
                place.families,
                place.families_at_risk,
                place.families_poor,
                place.percent_complete,
            )
        )
    schema: dict[str, Any] = dict.fromkeys(SITUATION, pl.Int64)
    schema |= dict.fromkeys(("kode_wilayah", "kecamatan", "desa_kelurahan"), pl.String)
    schema |= dict.fromkeys(
        ("cakupan_penimbangan", "stunting", "stunting_ll", "stunting_ul", "cakupan_intervensi"),
        pl.Float64,
    )
    return pl.DataFrame(rows, schema=schema, orient="row")


def _master(period: PeriodFigures) -> pl.DataFrame:
    rows = [
        (
            p.area.key,
            p.area.parent,
            p.area.name,
            p.families,
            p.families_at_risk,
            p.area.diukur,
            p.severely_stunted,
            p.stunted,
        )
        for p in period.places
    ]
    schema: dict[str, Any] = dict.fromkeys(PLACE_COLUMNS, pl.String)
    schema |= dict.fromkeys(MASTER_ANSIT, pl.Int64)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _offices(period: PeriodFigures) -> pl.DataFrame:
    """Per desa/kelurahan: interventions received among those due, percent, each office."""
    table = by_kelurahan_and_office(period.card, period.region)
    names = {f"{o.value}_percent": f"{OFFICE_NAMES[o]} (%)" for o in Office}
    kept = [c for c in table.columns if c in names]
    return table.select(
        pl.col("kelurahan").alias("kode_wilayah"),
        pl.col("name").alias("desa_kelurahan"),
        pl.col("due").alias("intervensi_seharusnya"),
        pl.col("received").alias("intervensi_diterima"),
        pl.col("percent_complete").alias("cakupan_intervensi"),
        *[pl.col(c).alias(names[c]) for c in kept],
    )


def _review(
    *,
    user: AnyUser,
    region: Region,
    this: PeriodFigures,
    before: PeriodFigures,
    year: int,
    today: date,
) -> pl.DataFrame:
    """The annual performance review: the year against the one before."""

    def deadlines(y: int) -> tuple[int, int]:
        return met_count(
            deadlines_in(
                user=user, region=region, start=date(y, 1, 1), end=date(y, 12, 31), today=today
            )
        )

    def campaigns(y: int) -> int:
        return (
            campaigns_over(region=region)
            .filter(start__lte=date(y, 12, 31), end__gte=date(y, 1, 1))
            .count()
        )

    met_now, due_now = deadlines(year)
    met_then, due_then = deadlines(year - 1)
    rows: list[tuple[str, float | None, float | None, str]] = [
        (
            "Prevalensi stunting (pengukuran terakhir tiap balita)",
            before.total.estimates.stunting.percent,
            this.total.estimates.stunting.percent,
            "%",
        ),
        ("Balita sasaran", float(before.total.sasaran), float(this.total.sasaran), "anak"),
        ("Balita diukur", float(before.total.diukur), float(this.total.diukur), "anak"),
        ("Cakupan penimbangan", before.total.cakupan, this.total.cakupan, "%"),
        (
            "Balita sangat pendek",
            float(sum(p.severely_stunted for p in before.places)),
            float(sum(p.severely_stunted for p in this.places)),
            "anak",
        ),
        (
            "Balita pendek",
            float(sum(p.stunted for p in before.places)),
            float(sum(p.stunted for p in this.places)),
            "anak",
        ),
        (
            "Cakupan intervensi (skor konvergensi)",
            before.percent_complete(),
            this.percent_complete(),
            "%",
        ),
        (
            "Operasi Timbang / kampanye penimbangan",
            float(campaigns(year - 1)),
            float(campaigns(year)),
            "kali",
        ),
        ("Laporan terkirim tepat waktu", float(met_then), float(met_now), "laporan"),
        ("Laporan jatuh tempo", float(due_then), float(due_now), "laporan"),
    ]
    previous = {str(r["intervention"]): r for r in before.interventions()}
    for row in this.interventions():
        then = previous.get(str(row["intervention"]), {})
        rows.append(
            (
                f"Cakupan intervensi: {row['name']}",
                _percent(then.get("percent_complete")),
                _percent(row["percent_complete"]),
                "%",
            )
        )
    schema = {
        "indikator": pl.String,
        "tahun_sebelumnya": pl.Float64,
        "tahun_ini": pl.Float64,
        "satuan": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _percent(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def aksi_tables(
    *, user: AnyUser, region: Region, year: int, today: date, language: str = "id"
) -> AksiTables:
    """The tables of ``year`` (up to ``today``) for ``region``; raises PermissionDenied unless
    the user may build reports for it."""
    this = period_figures(
        user=user,
        region=region,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        today=today,
        language=language,
    )
    before = period_figures(
        user=user,
        region=region,
        start=date(year - 1, 1, 1),
        end=date(year - 1, 12, 31),
        today=today,
        language=language,
    )
    return AksiTables(
        region=region,
        year=year,
        situation=_situation(this),
        master=_master(this),
        offices=_offices(this),
        review=_review(user=user, region=region, this=this, before=before, year=year, today=today),
    )
