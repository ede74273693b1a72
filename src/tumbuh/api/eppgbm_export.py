"""Measurements in the shape of the e-PPGBM export (DOMAIN.md 3.1), so that a region recording in
Tumbuh can still upload to the national chain. The column names are the ones Tumbuh's own
importer reads: exporting and importing the file again changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np
import polars as pl

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.growth import SCALES, Indicator, classify_array
from tumbuh.measurements.models import Position
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Region

#: The export's columns, in its order (DOMAIN.md 3.1).
COLUMNS: Final = (
    "No",
    "NIK",
    "Nama",
    "JK",
    "Tgl Lahir",
    "BB Lahir",
    "TB Lahir",
    "Nama Ortu",
    "Prov",
    "Kab/Kota",
    "Kec",
    "Pukesmas",
    "Desa/Kel",
    "Posyandu",
    "RT",
    "RW",
    "Alamat",
    "Usia Saat Ukur",
    "Tanggal Pengukuran",
    "Berat",
    "Tinggi",
    "Cara Ukur",
    "LiLA",
    "BB/U",
    "ZS BB/U",
    "TB/U",
    "ZS TB/U",
    "BB/TB",
    "ZS BB/TB",
    "Naik Berat Badan",
    "PMT Diterima (kg)",
    "Jml Vit A",
    "KPSP",
    "KIA",
    "Detail",
)
POSITION_WORDS: Final = {Position.LYING: "terlentang", Position.STANDING: "berdiri"}
SEX_CODES: Final = {1: "L", 2: "P"}


def age_text(born: date, on: date) -> str:
    """``2 Tahun - 3 Bulan - 14 Hari``: completed years, months and days, as e-PPGBM writes."""
    months = (on.year - born.year) * 12 + on.month - born.month
    if on.day < born.day:
        months -= 1
    anchor_year, anchor_month = divmod(born.month - 1 + months, 12)
    anchor = _clamped(born.year + anchor_year, anchor_month + 1, born.day)
    return f"{months // 12} Tahun - {months % 12} Bulan - {(on - anchor).days} Hari"


def _clamped(year: int, month: int, day: int) -> date:
    import calendar

    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _number(value: object, places: int) -> str:
    return "" if value is None else f"{float(value):.{places}f}"  # type: ignore[arg-type]


#: What each row reads: one query with its joins, no model instances (four times faster).
FIELDS: Final = (
    "child__nik",
    "child__name",
    "child__sex",
    "child__birth_date",
    "child__mother__name",
    "child__family__head_name",
    "child__family__rt",
    "child__family__rw",
    "child__family__address",
    "posyandu__kelurahan_id",
    "posyandu__kelurahan__name",
    "posyandu__name",
    "posyandu__puskesmas__name",
    "measured_on",
    "weight_kg",
    "lenhei_cm",
    "position",
    "muac_cm",
    "zwei",
    "zlen",
    "zwfl",
    "gain",
)
STATUS: Final = {"BB/U": "zwei", "TB/U": "zlen", "BB/TB": "zwfl"}
INDICATORS: Final = {
    "zwei": Indicator.WEIGHT_FOR_AGE,
    "zlen": Indicator.LENGTH_HEIGHT_FOR_AGE,
    "zwfl": Indicator.WEIGHT_FOR_LENGTH_HEIGHT,
}


def _labels(rows: list[dict[str, Any]], field: str) -> list[str]:
    """The Permenkes category (Indonesian label) of each row's z-score, vectorised."""
    z = np.array([np.nan if r[field] is None else r[field] for r in rows], dtype=np.float64)
    categories = SCALES[INDICATORS[field]].categories
    return [
        "" if code < 0 else categories[code].label_id
        for code in classify_array(INDICATORS[field], z)
    ]


def _row(number: int, r: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    code = r["posyandu__kelurahan_id"]
    return {
        "No": str(number),
        "NIK": r["child__nik"] or "",
        "Nama": r["child__name"],
        "JK": SEX_CODES[r["child__sex"]],
        "Tgl Lahir": r["child__birth_date"].strftime("%d/%m/%Y"),
        "BB Lahir": "",
        "TB Lahir": "",
        "Nama Ortu": r["child__mother__name"] or r["child__family__head_name"],
        "Prov": names.get(code[:2], ""),
        "Kab/Kota": names.get(code[:5], ""),
        "Kec": names.get(code[:8], ""),
        "Pukesmas": r["posyandu__puskesmas__name"] or "",
        "Desa/Kel": r["posyandu__kelurahan__name"],
        "Posyandu": r["posyandu__name"],
        "RT": r["child__family__rt"],
        "RW": r["child__family__rw"],
        "Alamat": r["child__family__address"],
        "Usia Saat Ukur": age_text(r["child__birth_date"], r["measured_on"]),
        "Tanggal Pengukuran": r["measured_on"].strftime("%d/%m/%Y"),
        "Berat": _number(r["weight_kg"], 2),
        "Tinggi": _number(r["lenhei_cm"], 1),
        "Cara Ukur": POSITION_WORDS.get(Position(r["position"]), "") if r["position"] else "",
        "LiLA": _number(r["muac_cm"], 1),
        "BB/U": "",
        "ZS BB/U": _number(r["zwei"], 2),
        "TB/U": "",
        "ZS TB/U": _number(r["zlen"], 2),
        "BB/TB": "",
        "ZS BB/TB": _number(r["zwfl"], 2),
        "Naik Berat Badan": r["gain"],
        "PMT Diterima (kg)": "",
        "Jml Vit A": "",
        "KPSP": "",
        "KIA": "",
        "Detail": "",
    }


def eppgbm_frame(*, user: AnyUser, region: Region, start: date, end: date) -> pl.DataFrame:
    """The measurements of ``start``..``end`` at posyandu under ``region`` the user may see."""
    rows = list(
        measurement_list(user=user)
        .filter(subtree("posyandu__kelurahan__code", region.code))
        .filter(measured_on__gte=start, measured_on__lte=end)
        .order_by("posyandu__kelurahan_id", "posyandu__name", "child__name", "measured_on")
        .values(*FIELDS)
    )
    names = dict(
        Region.objects.filter(code__in=_ancestors(region)).values_list("code", "name")
    ) | dict(Region.objects.filter(subtree("code", region.code)).values_list("code", "name"))
    table = [_row(i, r, names) for i, r in enumerate(rows, start=1)]
    for column, field in STATUS.items():
        for row, label in zip(table, _labels(rows, field), strict=True):
            row[column] = label
    return pl.DataFrame(table, schema=dict.fromkeys(COLUMNS, pl.String))


def _ancestors(region: Region) -> list[str]:
    parts = region.code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
