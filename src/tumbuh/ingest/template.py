"""Tumbuh's own import template, for data that come from no national app (a posyandu's own
register, a campaign's weighing sheet): children and their measurements, one row per weighing.

Its columns say their unit and format in the header; each maps onto a column of the e-PPGBM
export, so a filled template goes through exactly the same validation, linkage and storage.
"""

from __future__ import annotations

import io
from typing import Final

import polars as pl

from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring.columns import normalise_header

#: Template header -> (e-PPGBM header it stands for, what to write in it).
COLUMNS: Final = {
    "NIK": ("NIK", "16 digits, if known; leave empty if not"),
    "Nama Anak": ("Nama", "the child's full name (required)"),
    "Jenis Kelamin (L/P)": ("JK", "L for a boy, P for a girl (required)"),
    "Tanggal Lahir (DD/MM/YYYY)": ("Tgl Lahir", "birth date (required)"),
    "Nama Ibu": ("Nama Ortu", "the mother's name"),
    "Desa/Kelurahan": ("Desa/Kel", "as Kemendagri names it (required)"),
    "Posyandu": ("Posyandu", "name of the posyandu; a new one is created (required)"),
    "RT": ("RT", "e.g. 001"),
    "RW": ("RW", "e.g. 002"),
    "Alamat": ("Alamat", "street or lingkungan"),
    "Tanggal Ukur (DD/MM/YYYY)": ("Tanggal Pengukuran", "day of the weighing (required)"),
    "Berat (kg)": ("Berat", "e.g. 12,5 (a comma or a point)"),
    "Tinggi/Panjang (cm)": ("Tinggi", "e.g. 86,4"),
    "Cara Ukur (Terlentang/Berdiri)": ("Cara Ukur", "Terlentang = lying, Berdiri = standing"),
    "LiLA (cm)": ("LiLA", "mid-upper arm circumference, if measured"),
}
EXAMPLE: Final = {
    "NIK": "",
    "Nama Anak": "Aulia Putri",
    "Jenis Kelamin (L/P)": "P",
    "Tanggal Lahir (DD/MM/YYYY)": "05/06/2024",
    "Nama Ibu": "Sinta",
    "Desa/Kelurahan": "Pasir Panjang",
    "Posyandu": "Melati 1",
    "RT": "001",
    "RW": "002",
    "Alamat": "Jl. Pantai",
    "Tanggal Ukur (DD/MM/YYYY)": "05/08/2026",
    "Berat (kg)": "10,2",
    "Tinggi/Panjang (cm)": "80,5",
    "Cara Ukur (Terlentang/Berdiri)": "Berdiri",
    "LiLA (cm)": "",
}
REQUIRED: Final = (
    "Nama Anak",
    "Jenis Kelamin (L/P)",
    "Tanggal Lahir (DD/MM/YYYY)",
    "Desa/Kelurahan",
    "Posyandu",
    "Tanggal Ukur (DD/MM/YYYY)",
)


class TemplateFileError(ReasonError):
    """The file is not a filled Tumbuh template (required headers missing)."""


def as_eppgbm(frame: pl.DataFrame) -> pl.DataFrame:
    """The template's rows under the e-PPGBM headers (other columns are kept as they are)."""
    by_name = {normalise_header(c): c for c in frame.columns}
    found = {
        by_name[normalise_header(header)]: eppgbm
        for header, (eppgbm, _help) in COLUMNS.items()
        if normalise_header(header) in by_name
    }
    missing = [h for h in REQUIRED if normalise_header(h) not in by_name]
    if missing:
        raise TemplateFileError(Reason("not_template", params={"columns": ", ".join(missing)}))
    return frame.rename(found)


def template_xlsx() -> bytes:
    """The empty template with one example row, and a sheet explaining each column."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        pl.DataFrame([EXAMPLE], schema=dict.fromkeys(COLUMNS, pl.String)).write_excel(
            workbook, worksheet="data", autofit=True
        )
        pl.DataFrame(
            {
                "Kolom": list(COLUMNS),
                "Isi": [text for _eppgbm, text in COLUMNS.values()],
                "Wajib": ["ya" if c in REQUIRED else "" for c in COLUMNS],
            }
        ).write_excel(workbook, worksheet="petunjuk", autofit=True)
    return buffer.getvalue()
