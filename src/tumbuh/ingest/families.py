"""Family-level exports, validated row by row: BKKBN family data (risk factors) and DTSEN
(welfare decile and social-assistance receipt). Rows become ``FamilyRecord`` or ``Rejected``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from tumbuh.ingest.eppgbm import Rejected, unknown_kelurahan
from tumbuh.ingest.names import match_name
from tumbuh.ingest.nik import WOMEN_DAY_OFFSET, read_nik
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring.columns import normalise_header

YES: Final = frozenset({"ya", "y", "1", "yes", "true", "penerima", "terima"})
NO: Final = frozenset({"tidak", "t", "0", "no", "false", "bukan", "bukan penerima", ""})
#: DTSEN text for "no decile assigned".
NO_DECILE: Final = frozenset({"belum ada desil", "tidak ada desil", "-"})

COMMON_HEADERS: Final = {
    "kk_number": ("No KK", "Nomor KK", "No. KK"),
    "head_name": ("Nama Kepala Keluarga", "Kepala Keluarga", "Nama KK", "Nama"),
    "kelurahan": ("Desa/Kel", "Desa/Kelurahan", "Kelurahan", "Desa"),
    "address": ("Alamat",),
    "rt": ("RT",),
    "rw": ("RW",),
}
KELUARGA_HEADERS: Final = {
    "safe_water": ("Air Minum Layak", "Sumber Air Minum Layak"),
    "proper_latrine": ("Jamban Layak", "Jamban Sehat"),
    "smoker": ("Ada Perokok", "Anggota Merokok", "Perokok"),
}
DTSEN_HEADERS: Final = {
    "desil": ("Desil", "Desil Kesejahteraan", "Peringkat Desil"),
    "pkh": ("PKH", "Penerima PKH"),
    "bpnt": ("BPNT", "Sembako", "BPNT/Sembako", "Penerima BPNT"),
    "pbi_jkn": ("PBI JKN", "PBI-JKN", "PBI", "Penerima PBI"),
}
#: Optional in a DTSEN file: the head of family's NIK (the head becomes a member of the family).
HEAD_NIK_HEADERS: Final = {"head_nik": ("NIK Kepala Keluarga", "NIK KK", "NIK Kepala")}


class FamilyFileError(ReasonError):
    """The file lacks the columns of its kind."""


@dataclass(frozen=True)
class FamilyRecord:
    row: int
    kk_number: str
    head_name: str
    kelurahan: str
    address: str
    rt: str
    rw: str
    facts: Mapping[str, object]  # no_clean_water, no_latrine, smoker_in_house, welfare_decile
    received: tuple[str, ...]  # interventions received (pkh, bpnt, pbi_jkn)
    warnings: tuple[Reason, ...]
    head_nik: str = ""  # DTSEN: the head's NIK, 16 digits with a birth date in it, or ""
    head_born: date | None = None  # and the birth date and sex it encodes
    head_sex: int = 0


def _resolve(columns: list[str], headers: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    by_name = {normalise_header(c): c for c in columns}
    found = {}
    for field, spellings in headers.items():
        for spelling in spellings:
            if normalise_header(spelling) in by_name:
                found[field] = by_name[normalise_header(spelling)]
                break
    return found


def read_decile(text: str) -> tuple[int | None, Reason | None]:
    """'3' -> 3; '6-10' -> None with a note (a range, not a decile); 'Belum Ada Desil' -> None."""
    value = text.strip().casefold()
    if value in NO_DECILE or not value:
        return None, None
    if value.isdigit() and 1 <= int(value) <= 10:
        return int(value), None
    if re.fullmatch(r"\d+\s*-\s*\d+", value):
        low = int(value.split("-")[0])
        if low > 4:
            return None, Reason("decile_range_above_4", "Desil", {"text": text})
        return None, Reason("decile_range", "Desil", {"text": text})
    return None, Reason("not_a_decile", "Desil", {"text": text})


def _flag(text: str, header: str) -> tuple[bool | None, Reason | None]:
    value = text.strip().casefold()
    if value in YES:
        return True, None
    if value in NO:
        return (False, None) if value else (None, None)
    return None, Reason("not_yes_no", header, {"text": text})


def read_head_nik(text: str, *, today: date) -> tuple[str, date | None, int, Reason | None]:
    """A head of family's NIK: its digits, the birth date and sex it encodes (an adult: the
    century that makes them at least 15 on ``today``), or why it cannot be used."""
    header = HEAD_NIK_HEADERS["head_nik"][0]
    cell = read_nik(text)
    if cell.warning is not None:
        return "", None, 0, Reason(cell.warning.code, header, cell.warning.params)
    if cell.nik is None:
        return "", None, 0, None
    day, month, year = int(cell.nik[6:8]), int(cell.nik[8:10]), int(cell.nik[10:12])
    sex = 2 if day > WOMEN_DAY_OFFSET else 1
    century = 2000 if 2000 + year <= today.year - 15 else 1900
    try:
        born = date(century + year, month, day - WOMEN_DAY_OFFSET if sex == 2 else day)
    except ValueError:
        return "", None, 0, Reason("nik_no_birth_date", header, {"text": text})
    return cell.nik, born, sex, None


Cell = Callable[[str], str]
Parsed = tuple[dict[str, object], list[str], list[Reason]]


def _keluarga(cell: Cell, columns: Mapping[str, str]) -> Parsed:
    """Risk factors: no safe water, no proper latrine, a smoker at home."""
    facts: dict[str, object] = {}
    notes: list[Reason] = []
    for field, fact, invert in (
        ("safe_water", "no_clean_water", True),
        ("proper_latrine", "no_latrine", True),
        ("smoker", "smoker_in_house", False),
    ):
        if field in columns:
            value, note = _flag(cell(field), KELUARGA_HEADERS[field][0])
            if note:
                notes.append(note)
            if value is not None:
                facts[fact] = (not value) if invert else value
    return facts, [], notes


def _dtsen(cell: Cell, columns: Mapping[str, str]) -> Parsed:
    """The welfare decile and the assistance received (PKH, BPNT/Sembako, PBI-JKN)."""
    facts: dict[str, object] = {}
    received: list[str] = []
    notes: list[Reason] = []
    if "desil" in columns:
        decile, note = read_decile(cell("desil"))
        if note:
            notes.append(note)
        facts["welfare_decile"] = decile
    for field in ("pkh", "bpnt", "pbi_jkn"):
        if field in columns:
            value, note = _flag(cell(field), DTSEN_HEADERS[field][0])
            if note:
                notes.append(note)
            if value:
                received.append(field)
    return facts, received, notes


def validate_families(
    frame: pl.DataFrame, *, kind: str, kelurahan: Mapping[str, str], today: date | None = None
) -> tuple[list[FamilyRecord], list[Rejected]]:
    """``kind``: ``keluarga`` (BKKBN) or ``dtsen``; ``today`` dates a head of family's NIK."""
    specific = KELUARGA_HEADERS if kind == "keluarga" else DTSEN_HEADERS
    optional = HEAD_NIK_HEADERS if kind == "dtsen" else {}
    columns = _resolve(frame.columns, {**COMMON_HEADERS, **specific, **optional})
    missing = [
        h[0]
        for f, h in COMMON_HEADERS.items()
        if f in ("head_name", "kelurahan") and f not in columns
    ]
    if not (set(specific) & columns.keys()):
        missing.append(" or ".join(h[0] for h in specific.values()))
    if missing:
        not_this = "not_keluarga" if kind == "keluarga" else "not_dtsen"
        raise FamilyFileError(Reason(not_this, params={"columns": ", ".join(missing)}))
    records: list[FamilyRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2

        def cell(field: str, raw: dict[str, str | None] = raw) -> str:
            column = columns.get(field)
            return (raw.get(column) or "").strip() if column else ""

        reasons: list[Reason] = []
        warnings: list[Reason] = []
        head = cell("head_name")
        if not head:
            reasons.append(Reason("missing", COMMON_HEADERS["head_name"][0]))
        code, suggestion = match_name(cell("kelurahan"), kelurahan)
        if code is None:
            reasons.append(unknown_kelurahan("Desa/Kel", cell("kelurahan"), suggestion))
        kk = re.sub(r"\D", "", cell("kk_number"))
        if cell("kk_number") and len(kk) != 16:
            warnings.append(
                Reason("kk_not_16_digits_by_name", "No KK", {"text": cell("kk_number")})
            )
            kk = ""
        facts, received, notes = (_keluarga if kind == "keluarga" else _dtsen)(cell, columns)
        warnings.extend(notes)
        head_nik, head_born, head_sex = "", None, 0
        if "head_nik" in columns:
            head_nik, head_born, head_sex, note = read_head_nik(
                cell("head_nik"), today=today or date.today()
            )
            if note:
                warnings.append(note)
        if reasons or code is None:
            rejected.append(
                Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons + warnings))
            )
            continue
        records.append(
            FamilyRecord(
                row,
                kk,
                head,
                code,
                cell("address"),
                cell("rt")[:3],
                cell("rw")[:3],
                facts,
                tuple(received),
                tuple(warnings),
                head_nik,
                head_born,
                head_sex,
            )
        )
    return records, rejected
