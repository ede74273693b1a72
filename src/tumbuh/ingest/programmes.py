"""A programme receipts file, validated row by row: who (``NIK`` or ``No KK``), which programme
(``Program``: a code or a name of the register), when (``Tanggal``), and an optional
``Keterangan``. Rows become ``ReceiptRecord`` or ``Rejected``; the register itself, matching the
NIK or No. KK and the uploader's rights are the import service's part. No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

import polars as pl

from tumbuh.ingest.deliveries import NOTE_LENGTH, read_date
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring.columns import normalise_header

HEADERS: Final = {
    "nik": ("NIK", "NIK Penerima"),
    "kk_number": ("No KK", "No. KK", "Nomor KK"),
    "programme": ("Program", "Kode Program", "Nama Program"),
    "received_on": ("Tanggal", "Tanggal Diterima", "Tanggal Penyaluran"),
    "note": ("Keterangan", "Catatan"),
}


class ProgrammeFileError(ReasonError):
    """The file lacks the columns of a programme receipts file."""


@dataclass(frozen=True)
class ReceiptRecord:
    row: int
    programme: str  # register code
    nik: str  # 16 digits or ""
    kk_number: str  # 16 digits or "" (a row names one of them, NIK first)
    received_on: date
    note: str


def programme_key(text: str) -> str:
    """How a programme's code or name is compared: case, spaces and punctuation aside."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _resolve(columns: list[str]) -> dict[str, str]:
    by_name = {normalise_header(c): c for c in columns}
    found = {}
    for field, spellings in HEADERS.items():
        for spelling in spellings:
            if normalise_header(spelling) in by_name:
                found[field] = by_name[normalise_header(spelling)]
                break
    return found


def _number(text: str, header: str) -> tuple[str, list[Reason]]:
    value = "".join(c for c in text if c not in " .-'")
    if not value.isdigit():
        return "", [Reason("nik_not_digits", header, {"text": text})]
    if len(value) != 16:
        return "", [Reason("nik_length", header, {"count": len(value), "text": text})]
    return value, []


def _row(
    row: int,
    cell: Mapping[str, str],
    columns: Mapping[str, str],
    programmes: Mapping[str, str],
    today: date,
) -> tuple[ReceiptRecord | None, list[Reason]]:
    reasons: list[Reason] = []
    nik = kk = ""
    if cell["nik"]:
        nik, wrong = _number(cell["nik"], columns.get("nik", "NIK"))
        reasons += wrong
    elif cell["kk_number"]:
        kk, wrong = _number(cell["kk_number"], columns.get("kk_number", "No KK"))
        reasons += wrong
    else:
        reasons.append(Reason("no_nik_or_kk"))
    header = columns["programme"]
    code = programmes.get(programme_key(cell["programme"]))
    if not cell["programme"]:
        reasons.append(Reason("missing", header))
    elif code is None:
        reasons.append(Reason("unknown_programme", header, {"text": cell["programme"]}))
    date_header = columns["received_on"]
    received_on = read_date(cell["received_on"]) if cell["received_on"] else None
    if not cell["received_on"]:
        reasons.append(Reason("missing", date_header))
    elif received_on is None:
        reasons.append(Reason("not_a_date", date_header, {"text": cell["received_on"]}))
    elif received_on > today:
        reasons.append(Reason("future_date", date_header, {"text": cell["received_on"]}))
    if reasons or code is None or received_on is None:
        return None, reasons
    return ReceiptRecord(row, code, nik, kk, received_on, cell["note"][:NOTE_LENGTH]), []


def validate_receipts(
    frame: pl.DataFrame, *, programmes: Mapping[str, str], today: date
) -> tuple[list[ReceiptRecord], list[Rejected]]:
    """Every row a receipt record or a rejection with its reasons. ``programmes`` maps
    ``programme_key`` of each code and name of the register to its code; ``today`` bounds the
    dates. Raises ``ProgrammeFileError`` when the file lacks the columns of a receipts file."""
    columns = _resolve(frame.columns)
    missing = [HEADERS[f][0] for f in ("programme", "received_on") if f not in columns]
    if "nik" not in columns and "kk_number" not in columns:
        missing.append("NIK or No KK")
    if missing:
        raise ProgrammeFileError(Reason("not_programmes", params={"columns": ", ".join(missing)}))
    records: list[ReceiptRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        cell = {
            field: (raw.get(columns[field]) or "").strip() if field in columns else ""
            for field in HEADERS
        }
        record, reasons = _row(index + 2, cell, columns, programmes, today)
        if record is None:
            rejected.append(
                Rejected(index + 2, {k: v or "" for k, v in raw.items()}, tuple(reasons))
            )
        else:
            records.append(record)
    return records, rejected
