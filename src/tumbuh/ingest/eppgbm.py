"""The e-PPGBM measurement export (DOMAIN.md 3.1), validated row by row.

Each data row becomes an ``EppgbmRecord`` (usable, perhaps with warnings) or a ``Rejected``
(with every reason). A row is rejected only when it cannot become a usable record: no name or
sex, no measurement date, no birth date and no age, a kelurahan that matches nothing, no
posyandu, or no usable weight or length. Row numbers are the spreadsheet's (header = row 1).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

import polars as pl

from tumbuh.ingest.names import match_name
from tumbuh.ingest.nik import NIK_LENGTH, WOMEN_DAY_OFFSET, birth_from_nik, read_nik
from tumbuh.ingest.places import Places
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring import values
from tumbuh.scoring.columns import normalise_header

#: Field -> the export's header (matched case- and punctuation-insensitively).
HEADERS: Final = {
    "nik": ("NIK", "NIK Anak"),
    "kk_number": ("No KK", "Nomor KK", "No. KK"),  # the "data dasar" export carries it
    "mother_nik": ("NIK Ibu", "NIK Ortu"),
    "name": ("Nama",),
    "sex": ("JK",),
    "birth_date": ("Tgl Lahir",),
    "parent": ("Nama Ortu",),
    "puskesmas": ("Pukesmas", "Puskesmas"),  # the export misspells it
    "kelurahan": ("Desa/Kel",),
    "kecamatan": ("Kec", "Kecamatan"),
    "posyandu": ("Posyandu",),
    "rt": ("RT",),
    "rw": ("RW",),
    "address": ("Alamat",),
    "age_text": ("Usia Saat Ukur",),
    "measured_on": ("Tanggal Pengukuran",),
    "weight": ("Berat",),
    "height": ("Tinggi",),
    "position": ("Cara Ukur",),
    "muac": ("LiLA",),
    "zs_wfa": ("ZS BB/U",),
    "zs_hfa": ("ZS TB/U",),
    "zs_wfh": ("ZS BB/TB",),
    "status_wfa": ("BB/U",),
    "status_hfa": ("TB/U",),
    "status_wfh": ("BB/TB",),
    # given at the weighing: they become deliveries of the catalogue (``GIVEN``)
    "pmt_kg": ("PMT Diterima (kg)", "PMT Diterima"),
    "vitamin_a": ("Jml Vit A", "Vit A"),
}
#: Columns of things given at the weighing -> the catalogue intervention each one delivers.
GIVEN: Final = {"pmt_kg": "pmt_balita", "vitamin_a": "vitamin_a"}
REQUIRED: Final = ("name", "sex", "measured_on", "kelurahan", "posyandu")
#: A weight above this is taken for grams.
MAX_WEIGHT_KG: Final = 100.0
#: Status cells that are not a category.
OUTLIER_TEXTS: Final = frozenset({"outlier"})
_AGE_TEXT = re.compile(r"(?:(\d+)\s*Tahun)?\D*(?:(\d+)\s*Bulan)?\D*(?:(\d+)\s*Hari)?", re.I)


class EppgbmFileError(ReasonError):
    """The file is not an e-PPGBM export (required headers missing)."""


@dataclass(frozen=True)
class EppgbmRecord:
    row: int
    nik: str | None
    name: str
    sex: int
    birth_date: date
    parent: str
    kelurahan: str  # Kemendagri code
    posyandu: str
    rt: str
    rw: str
    address: str
    measured_on: date
    weight_kg: float | None
    lenhei_cm: float | None
    position: str  # "l", "h" or ""
    muac_cm: float | None
    file_z: Mapping[str, float | None] = field(default_factory=dict)  # the export's own ZS
    warnings: tuple[Reason, ...] = ()
    kk_number: str = ""  # 16 digits, or empty when the file has none or it is damaged
    mother_nik: str | None = None  # a usable NIK of the mother (a woman's), if the file has it
    given: tuple[str, ...] = ()  # interventions given at the weighing (``GIVEN``)


@dataclass(frozen=True)
class Rejected:
    row: int
    values: Mapping[str, str]
    reasons: tuple[Reason, ...]


def unknown_kelurahan(header: str, text: str, suggestion: str | None) -> Reason:
    """A kelurahan cell that matches no kelurahan, with the closest name if one is close."""
    if suggestion:
        return Reason(
            "unknown_kelurahan_suggestion", header, {"name": text, "suggestion": suggestion}
        )
    return Reason("unknown_kelurahan", header, {"name": text})


def after_import_day(header: str, day: date, today: date) -> Reason:
    """A date after the day of the import (a typo of the year, or a wrong clock)."""
    return Reason("after_import_day", header, {"date": day.isoformat(), "today": today.isoformat()})


def resolve_headers(columns: list[str]) -> dict[str, str]:
    by_name = {normalise_header(c): c for c in columns}
    found = {}
    for name, spellings in HEADERS.items():
        for spelling in spellings:
            if normalise_header(spelling) in by_name:
                found[name] = by_name[normalise_header(spelling)]
                break
    missing = [HEADERS[f][0] for f in REQUIRED if f not in found]
    if missing:
        raise EppgbmFileError(Reason("not_eppgbm", params={"columns": ", ".join(missing)}))
    return found


def age_from_text(text: str) -> tuple[int, int, int] | None:
    """'2 Tahun - 3 Bulan - 14 Hari' -> (2, 3, 14)."""
    match = _AGE_TEXT.fullmatch(text.strip()) if text else None
    if not match or not any(match.groups()):
        return None
    years, months, days = (int(g) if g else 0 for g in match.groups())
    return years, months, days


def birth_from_age(measured_on: date, age: tuple[int, int, int]) -> date:
    """The birth date that gives this age in completed years, months and days."""
    years, months, days = age
    month_index = measured_on.year * 12 + measured_on.month - 1 - (12 * years + months)
    year, month = divmod(month_index, 12)
    day = min(measured_on.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) - timedelta(days=days)


def _refusal(field: str, code: str, text: pl.Expr) -> pl.Expr:
    """A refused cell as data (code, field and text), to become a ``Reason`` of the row."""
    return pl.struct(pl.lit(code).alias("code"), pl.lit(field).alias("field"), text.alias("text"))


def _parsed(frame: pl.DataFrame, columns: Mapping[str, str]) -> pl.DataFrame:
    schema = frame.schema
    exprs: list[pl.Expr] = []
    for name in ("weight", "height", "muac", "zs_wfa", "zs_hfa", "zs_wfh"):
        if name in columns:
            value, error = values.number(
                columns[name],
                schema[columns[name]],
                HEADERS[name][0],
                signed=name.startswith("zs"),
                explain=_refusal,
            )
            exprs += [value.alias(name), error.alias(name + "__error")]
    for name in ("birth_date", "measured_on"):
        if name in columns:
            value, error = values.calendar_date(
                columns[name], schema[columns[name]], HEADERS[name][0], explain=_refusal
            )
            exprs += [value.alias(name), error.alias(name + "__error")]
    sex, sex_error = values.code(columns["sex"], "JK", values.SEX_TEXTS, explain=_refusal)
    position, position_error = values.code(
        columns.get("position", columns["sex"]),
        "Cara Ukur",
        values.MEASURE_TEXTS,
        explain=_refusal,
    )
    exprs += [sex.alias("sex"), sex_error.alias("sex__error")]
    if "position" in columns:
        exprs += [position.alias("position"), position_error.alias("position__error")]
    return frame.select(exprs)


Placer = Callable[[str, str], tuple[str | None, Reason | None]]


def _placer(kelurahan: Mapping[str, str], places: Places | None) -> Placer:
    """(desa/kelurahan code, None) for a ``Desa/Kel`` and ``Kec`` cell, or (None, why): by name
    alone, or, given the region's ``places``, by name within the kecamatan where several desa
    share the name (a shared name without its kecamatan is refused, never guessed)."""

    def by_name(text: str, _kecamatan: str) -> tuple[str | None, Reason | None]:
        code, suggestion = match_name(text, kelurahan)
        return code, None if code else unknown_kelurahan("Desa/Kel", text, suggestion)

    def by_place(text: str, kecamatan: str) -> tuple[str | None, Reason | None]:
        assert places is not None
        within = places.kecamatan(kecamatan, "Kec")[0] if kecamatan else None
        found, why = places.kelurahan(text, "Desa/Kel", kecamatan=within)
        if found is None and within is not None and why and why.code != "ambiguous_kelurahan":
            found, why = places.kelurahan(text, "Desa/Kel")  # a Kec cell that disagrees
        return (found.code if found else None), why

    return functools.lru_cache(maxsize=4096)(by_name if places is None else by_place)


def validate_eppgbm(
    frame: pl.DataFrame,
    *,
    kelurahan: Mapping[str, str],
    today: date,
    first_row: int = 2,
    places: Places | None = None,
) -> tuple[list[EppgbmRecord], list[Rejected]]:
    """Records and rejections of an export; ``kelurahan`` maps normalised names to codes.

    ``today`` is the import day: a measurement or birth after it is refused. ``first_row`` is
    the file row of the frame's first row (2 for a whole file under its header; more for a
    later chunk of it).
    """
    columns = resolve_headers(frame.columns)
    parsed = _parsed(frame, columns).to_dicts()
    text = frame.select(pl.all().cast(pl.String)).to_dicts()
    records: list[EppgbmRecord] = []
    rejected: list[Rejected] = []
    place = _placer(kelurahan, places)
    for index, (raw, clean) in enumerate(zip(text, parsed, strict=True)):
        outcome = _one_row(index + first_row, raw, clean, columns, place, today=today)
        if isinstance(outcome, EppgbmRecord):
            records.append(outcome)
        else:
            rejected.append(outcome)
    return records, rejected


def _code(value: object) -> int:
    return value if isinstance(value, int) else 0


def _cell(raw: Mapping[str, str | None], columns: Mapping[str, str], name: str) -> str:
    column = columns.get(name)
    return (raw.get(column) or "").strip() if column else ""


def _given(raw: Mapping[str, str | None], columns: Mapping[str, str]) -> tuple[str, ...]:
    """The interventions whose column holds a positive amount (PMT kg, vitamin A capsules)."""
    given = []
    for name, intervention in GIVEN.items():
        text = _cell(raw, columns, name).replace(",", ".")
        try:
            amount = float(text) if text else 0.0
        except ValueError:
            amount = 0.0
        if amount > 0:
            given.append(intervention)
    return tuple(given)


def _birth_from_age(
    age_text: str, measured_on: date, nik: str | None, warnings: list[Reason]
) -> date | None:
    """A missing birth date: the NIK's when it agrees with the age text, else the age text's."""
    age = age_from_text(age_text)
    if age is None:
        return None
    birth = birth_from_age(measured_on, age)
    exact = birth_from_nik(nik, near=birth) if nik else None
    if exact is not None:
        warnings.append(Reason("birth_from_nik", "Tgl Lahir"))
        return exact
    warnings.append(Reason("birth_from_age", "Tgl Lahir"))
    return birth


def _mother_nik(text: str, warnings: list[Reason]) -> str | None:
    """A usable NIK of the mother: 16 digits with a woman's birth day (day + 40)."""
    cell = read_nik(text)
    if cell.warning:
        warnings.append(Reason(cell.warning.code, "NIK Ibu", cell.warning.params))
    if cell.nik is None:
        return None
    if int(cell.nik[6:8]) <= WOMEN_DAY_OFFSET:
        warnings.append(Reason("mother_nik_of_a_man", "NIK Ibu", {"nik": cell.nik}))
        return None
    return cell.nik


def _kk_number(text: str, warnings: list[Reason]) -> str:
    """A No. KK cell: its 16 digits, or empty (with a warning if something unusable was there)."""
    digits = re.sub(r"\D", "", text)
    if text and (len(digits) != NIK_LENGTH or "*" in text):
        warnings.append(Reason("kk_not_16_digits", "No KK", {"text": text}))
        return ""
    return digits


def _one_row(
    row: int,
    raw: Mapping[str, str | None],
    clean: Mapping[str, object],
    columns: Mapping[str, str],
    place: Placer,
    *,
    today: date,
) -> EppgbmRecord | Rejected:
    reasons: list[Reason] = []
    warnings: list[Reason] = [
        Reason(error["code"], error["field"], {"text": error["text"]})
        for name in ("weight", "height", "muac", "birth_date", "measured_on", "sex", "position")
        if isinstance(error := clean.get(name + "__error"), dict)
    ]
    name = _cell(raw, columns, "name")
    if not name:
        reasons.append(Reason("missing", "Nama"))
    sex = _code(clean.get("sex"))
    if sex not in (1, 2):
        reasons.append(Reason("missing_or_unknown", "JK"))
    measured_on = clean.get("measured_on")
    if not isinstance(measured_on, date):
        reasons.append(Reason("missing_or_not_a_date", "Tanggal Pengukuran"))
    elif measured_on > today:
        reasons.append(after_import_day("Tanggal Pengukuran", measured_on, today))
    nik = read_nik(_cell(raw, columns, "nik"))
    birth = clean.get("birth_date")
    if not isinstance(birth, date) and isinstance(measured_on, date):
        birth = _birth_from_age(_cell(raw, columns, "age_text"), measured_on, nik.nik, warnings)
    if not isinstance(birth, date):
        reasons.append(Reason("no_birth_date", "Tgl Lahir"))
    elif birth > today:
        reasons.append(after_import_day("Tgl Lahir", birth, today))
    elif isinstance(measured_on, date) and birth > measured_on:
        reasons.append(Reason("born_after_measurement", "Tgl Lahir"))
    code, why = place(_cell(raw, columns, "kelurahan"), _cell(raw, columns, "kecamatan"))
    if why is not None:
        reasons.append(why)
    posyandu = _cell(raw, columns, "posyandu")
    if not posyandu:
        reasons.append(Reason("missing", "Posyandu"))
    weight = clean.get("weight")
    if isinstance(weight, float) and weight > MAX_WEIGHT_KG:
        grams = {"grams": f"{weight:g}", "kg": f"{weight / 1000:g}"}
        warnings.append(Reason("grams", "Berat", grams))
        weight = weight / 1000
    height = clean.get("height")
    if not isinstance(weight, float) and not isinstance(height, float):
        reasons.append(Reason("no_measurement", "Berat and Tinggi"))
    if nik.warning:
        warnings.append(nik.warning)
    kk_number = _kk_number(_cell(raw, columns, "kk_number"), warnings)
    mother_nik = _mother_nik(_cell(raw, columns, "mother_nik"), warnings)
    for status in ("status_wfa", "status_hfa", "status_wfh"):
        if _cell(raw, columns, status).casefold() in OUTLIER_TEXTS:
            warnings.append(Reason("outlier_in_file", HEADERS[status][0]))
    if reasons or not isinstance(measured_on, date) or not isinstance(birth, date) or not code:
        return Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons + warnings))
    position = {1: "l", 2: "h"}.get(_code(clean.get("position")), "")
    return EppgbmRecord(
        row=row,
        nik=nik.nik,
        name=name,
        sex=sex,
        birth_date=birth,
        parent=_cell(raw, columns, "parent"),
        kelurahan=code,
        posyandu=posyandu,
        rt=_cell(raw, columns, "rt"),
        rw=_cell(raw, columns, "rw"),
        address=_cell(raw, columns, "address"),
        measured_on=measured_on,
        weight_kg=weight if isinstance(weight, float) else None,
        lenhei_cm=height if isinstance(height, float) else None,
        position=position,
        muac_cm=clean.get("muac") if isinstance(clean.get("muac"), float) else None,  # type: ignore[arg-type]
        file_z={k: clean.get(k) for k in ("zs_wfa", "zs_hfa", "zs_wfh")},  # type: ignore[misc]
        warnings=tuple(warnings),
        kk_number=kk_number,
        mother_nik=mother_nik,
        given=_given(raw, columns),
    )
