"""The delivery import template an office fills in: the columns ``tumbuh import deliveries``
reads (``NIK``, ``No KK``, ``Intervensi``, ``Tanggal``, ``Keterangan``) and example rows."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from tumbuh.convergence.catalogue import Intervention, Unit
from tumbuh.files.write import csv_bytes
from tumbuh.files.xlsx import xlsx_bytes

COLUMNS: Final = ("NIK", "No KK", "Intervensi", "Tanggal", "Keterangan")
#: Made-up identifiers of the example rows (16 digits, no real person).
EXAMPLE_NIK: Final = "7172010101900001"
EXAMPLE_KK: Final = "7172010101000001"


def example_rows(items: list[Intervention], today: date) -> pl.DataFrame:
    """One example row for a person-level and one for a family-level intervention of ``items``
    (the office's own), each as the import reads it; strings only, so NIKs stay text."""
    rows = []
    for unit in (Unit.PERSON, Unit.FAMILY):
        item = next((i for i in items if i.unit is unit), None)
        if item is None:
            continue
        person = unit is Unit.PERSON
        rows.append(
            {
                "NIK": EXAMPLE_NIK if person else "",
                "No KK": "" if person else EXAMPLE_KK,
                "Intervensi": item.code,
                "Tanggal": today.isoformat(),
                "Keterangan": "contoh: hapus baris ini",
            }
        )
    return pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String))


def template_csv(items: list[Intervention], today: date) -> bytes:
    return csv_bytes(example_rows(items, today))


def template_xlsx(items: list[Intervention], today: date) -> bytes:
    return xlsx_bytes(example_rows(items, today), worksheet="pemberian")
