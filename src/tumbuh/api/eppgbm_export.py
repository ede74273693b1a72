"""Measurements in the shape of the e-PPGBM export (DOMAIN.md 3.1), so that a region recording in
Tumbuh can still upload to the national chain. The column names are the ones Tumbuh's own
importer reads: exporting and importing the file again changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import polars as pl

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.growth import Indicator, classify
from tumbuh.measurements.models import Measurement, Position
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


def _status(indicator: Indicator, z: float | None) -> str:
    category = classify(indicator, z)
    return "" if category is None else category.label_id


def _row(number: int, m: Measurement, names: dict[str, str]) -> dict[str, Any]:
    child, family = m.child, m.child.family
    kelurahan = m.posyandu.kelurahan
    code = kelurahan.code
    return {
        "No": str(number),
        "NIK": child.nik or "",
        "Nama": child.name,
        "JK": SEX_CODES[child.sex],
        "Tgl Lahir": child.birth_date.strftime("%d/%m/%Y"),
        "BB Lahir": "",
        "TB Lahir": "",
        "Nama Ortu": child.mother.name if child.mother else family.head_name,
        "Prov": names.get(code[:2], ""),
        "Kab/Kota": names.get(code[:5], ""),
        "Kec": names.get(code[:8], ""),
        "Pukesmas": m.posyandu.puskesmas.name if m.posyandu.puskesmas else "",
        "Desa/Kel": kelurahan.name,
        "Posyandu": m.posyandu.name,
        "RT": family.rt,
        "RW": family.rw,
        "Alamat": family.address,
        "Usia Saat Ukur": age_text(child.birth_date, m.measured_on),
        "Tanggal Pengukuran": m.measured_on.strftime("%d/%m/%Y"),
        "Berat": _number(m.weight_kg, 2),
        "Tinggi": _number(m.lenhei_cm, 1),
        "Cara Ukur": POSITION_WORDS.get(Position(m.position), "") if m.position else "",
        "LiLA": _number(m.muac_cm, 1),
        "BB/U": _status(Indicator.WEIGHT_FOR_AGE, m.zwei),
        "ZS BB/U": _number(m.zwei, 2),
        "TB/U": _status(Indicator.LENGTH_HEIGHT_FOR_AGE, m.zlen),
        "ZS TB/U": _number(m.zlen, 2),
        "BB/TB": _status(Indicator.WEIGHT_FOR_LENGTH_HEIGHT, m.zwfl),
        "ZS BB/TB": _number(m.zwfl, 2),
        "Naik Berat Badan": m.gain,
        "PMT Diterima (kg)": "",
        "Jml Vit A": "",
        "KPSP": "",
        "KIA": "",
        "Detail": "",
    }


def eppgbm_frame(*, user: AnyUser, region: Region, start: date, end: date) -> pl.DataFrame:
    """The measurements of ``start``..``end`` at posyandu under ``region`` the user may see."""
    measurements = (
        measurement_list(user=user)
        .filter(subtree("posyandu__kelurahan__code", region.code))
        .filter(measured_on__gte=start, measured_on__lte=end)
        .select_related(
            "child__family", "child__mother", "posyandu__kelurahan", "posyandu__puskesmas"
        )
        .order_by("posyandu__kelurahan_id", "posyandu__name", "child__name", "measured_on")
    )
    names = dict(
        Region.objects.filter(code__in=_ancestors(region)).values_list("code", "name")
    ) | dict(Region.objects.filter(subtree("code", region.code)).values_list("code", "name"))
    rows = [_row(i, m, names) for i, m in enumerate(measurements, start=1)]
    return pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))


def _ancestors(region: Region) -> list[str]:
    parts = region.code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
