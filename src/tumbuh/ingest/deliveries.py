"""A delivery file from an office, validated row by row: who (``NIK`` or ``No KK``), which
intervention (``Intervensi``: catalogue code or its Indonesian name), when (``Tanggal``), and an
optional ``Keterangan``. Rows become ``DeliveryRecord`` or ``Rejected``; matching the NIK or No. KK
to the registry and the uploader's rights are the import service's part. No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

import polars as pl

from tumbuh.convergence.catalogue import CATALOGUE, Intervention, Unit, lookup
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring.columns import normalise_header
from tumbuh.scoring.values import DATE_FORMATS, EXCEL_EPOCH

HEADERS: Final = {
    "nik": ("NIK", "NIK Sasaran"),
    "kk_number": ("No KK", "No. KK", "Nomor KK"),
    "intervention": ("Intervensi", "Kode Intervensi"),
    "delivered_on": ("Tanggal", "Tanggal Diberikan", "Tanggal Pemberian"),
    "note": ("Keterangan", "Catatan"),
}
#: The longest note kept (``Delivery.note``).
NOTE_LENGTH: Final = 200
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


class DeliveryFileError(ReasonError):
    """The file lacks the columns of a delivery file."""


@dataclass(frozen=True)
class DeliveryRecord:
    row: int
    intervention: str  # catalogue code
    unit: Unit
    nik: str  # 16 digits, or "" for a family-level row
    kk_number: str  # 16 digits, or "" for a person-level row
    delivered_on: date
    note: str


def _resolve(columns: list[str]) -> dict[str, str]:
    by_name = {normalise_header(c): c for c in columns}
    found = {}
    for field, spellings in HEADERS.items():
        for spelling in spellings:
            if normalise_header(spelling) in by_name:
                found[field] = by_name[normalise_header(spelling)]
                break
    return found


def read_date(text: str) -> date | None:
    """A date as an export writes it (ISO, d/m/Y and friends, an Excel serial); None if it is
    not a real calendar day."""
    day = _TIME_OF_DAY.sub("", text.strip())
    if day.isdigit() and len(day) <= 5:
        return EXCEL_EPOCH + timedelta(days=int(day))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    return None


def _digits(text: str) -> str:
    return re.sub(r"[\s.\-']", "", text)


def _identity(cell: Mapping[str, str], unit: Unit, columns: Mapping[str, str]) -> list[Reason]:
    """Why the NIK or No. KK the intervention's unit needs cannot be used (empty: it can)."""
    field, header = ("nik", "NIK") if unit is Unit.PERSON else ("kk_number", "No KK")
    header = columns.get(field, header)
    value = _digits(cell[field])
    if not cell[field]:
        code = "needs_nik" if unit is Unit.PERSON else "needs_kk"
        return [Reason(code, header)]
    if not value.isdigit():
        return [Reason("nik_not_digits", header, {"text": cell[field]})]
    if len(value) != 16:
        return [Reason("nik_length", header, {"count": len(value), "text": cell[field]})]
    return []


def _row(
    row: int,
    cell: Mapping[str, str],
    columns: Mapping[str, str],
    today: date,
    catalogue: Sequence[Intervention],
) -> tuple[DeliveryRecord | None, list[Reason]]:
    reasons: list[Reason] = []
    if not cell["nik"] and not cell["kk_number"]:
        reasons.append(Reason("no_nik_or_kk"))
    item = lookup(cell["intervention"], catalogue)
    intervention_header = columns["intervention"]
    if not cell["intervention"]:
        reasons.append(Reason("missing", intervention_header))
    elif item is None:
        reasons.append(
            Reason("unknown_intervention", intervention_header, {"text": cell["intervention"]})
        )
    date_header = columns["delivered_on"]
    delivered_on = read_date(cell["delivered_on"]) if cell["delivered_on"] else None
    if not cell["delivered_on"]:
        reasons.append(Reason("missing", date_header))
    elif delivered_on is None:
        reasons.append(Reason("not_a_date", date_header, {"text": cell["delivered_on"]}))
    elif delivered_on > today:
        reasons.append(Reason("future_date", date_header, {"text": cell["delivered_on"]}))
    if item is not None and (cell["nik"] or cell["kk_number"]):
        reasons.extend(_identity(cell, item.unit, columns))
    if reasons or item is None or delivered_on is None:
        return None, reasons
    person = item.unit is Unit.PERSON
    record = DeliveryRecord(
        row,
        item.code,
        item.unit,
        _digits(cell["nik"]) if person else "",
        "" if person else _digits(cell["kk_number"]),
        delivered_on,
        cell["note"][:NOTE_LENGTH],
    )
    return record, []


def validate_deliveries(
    frame: pl.DataFrame, *, today: date, catalogue: Sequence[Intervention] = CATALOGUE
) -> tuple[list[DeliveryRecord], list[Rejected]]:
    """Every row a delivery record or a rejection with its reasons; ``today`` bounds the dates,
    ``catalogue`` (the region's, in force today) names the interventions a row may give.
    Raises ``DeliveryFileError`` when the file lacks the columns of a delivery file."""
    columns = _resolve(frame.columns)
    missing = [HEADERS[f][0] for f in ("intervention", "delivered_on") if f not in columns]
    if "nik" not in columns and "kk_number" not in columns:
        missing.append("NIK or No KK")
    if missing:
        raise DeliveryFileError(Reason("not_deliveries", params={"columns": ", ".join(missing)}))
    records: list[DeliveryRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        cell = {
            field: (raw.get(columns[field]) or "").strip() if field in columns else ""
            for field in HEADERS
        }
        record, reasons = _row(index + 2, cell, columns, today, catalogue)
        if record is None:
            rejected.append(
                Rejected(index + 2, {k: v or "" for k, v in raw.items()}, tuple(reasons))
            )
        else:
            records.append(record)
    return records, rejected
