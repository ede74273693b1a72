"""A region's puskesmas, the desa/kelurahan each serves and their posyandu, from a set-up file.

One row per desa/kelurahan a puskesmas serves (``Puskesmas``, ``Kecamatan``, ``Desa/Kelurahan``),
with an optional ``Posyandu`` (a row per posyandu, in that desa/kelurahan) and an optional
``Kode`` (the desa's Kemendagri code, which settles a name several desa share).

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.places import Places
from tumbuh.ingest.reasons import Reason, ReasonError
from tumbuh.scoring.columns import normalise_header

#: Field -> spellings of its header (the first is the template's).
HEADERS: Final = {
    "puskesmas": ("Puskesmas", "Nama Puskesmas"),
    "kecamatan": ("Kecamatan", "Kec"),
    "kelurahan": ("Desa/Kelurahan", "Desa", "Kelurahan", "Desa/Kel"),
    "posyandu": ("Posyandu", "Nama Posyandu"),
    "code": ("Kode", "Kode Desa", "Kode Wilayah"),
}
REQUIRED: Final = ("puskesmas", "kecamatan", "kelurahan")
#: Template header -> what to write in it.
COLUMNS: Final = {
    "Puskesmas": "name of the puskesmas (required)",
    "Kecamatan": "kecamatan of the desa/kelurahan, as Kemendagri names it (required)",
    "Desa/Kelurahan": "a desa/kelurahan the puskesmas serves, one row each (required)",
    "Posyandu": "a posyandu in that desa/kelurahan, one row each (optional)",
    "Kode": "the desa/kelurahan's Kemendagri code, e.g. 64.02.02.2014 (optional)",
}
EXAMPLE: Final = {
    "Puskesmas": "Puskesmas Loa Kulu",
    "Kecamatan": "Loa Kulu",
    "Desa/Kelurahan": "Sumber Sari",
    "Posyandu": "Melati 1",
    "Kode": "",
}


class FacilityFileError(ReasonError):
    """The file lacks the columns of a facilities file."""


@dataclass(frozen=True)
class FacilityRecord:
    row: int
    puskesmas: str
    kecamatan: str  # code of the desa's kecamatan
    kelurahan: str  # code
    posyandu: str  # empty: the row only says the puskesmas serves the desa


def resolve(columns: list[str], headers: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Field -> the file's own header, for the fields the file has."""
    by_name = {normalise_header(c): c for c in columns}
    found: dict[str, str] = {}
    for field, spellings in headers.items():
        for spelling in spellings:
            if normalise_header(spelling) in by_name:
                found[field] = by_name[normalise_header(spelling)]
                break
    return found


def validate_facilities(
    frame: pl.DataFrame, *, places: Places
) -> tuple[list[FacilityRecord], list[Rejected]]:
    columns = resolve(frame.columns, HEADERS)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise FacilityFileError(Reason("not_facilities", params={"columns": ", ".join(missing)}))
    records: list[FacilityRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2

        def cell(field: str, raw: dict[str, str | None] = raw) -> str:
            column = columns.get(field)
            return " ".join((raw.get(column) or "").split()) if column else ""

        reasons: list[Reason] = []
        if not cell("puskesmas"):
            reasons.append(Reason("missing", columns["puskesmas"]))
        kecamatan, why = places.kecamatan(cell("kecamatan"), columns["kecamatan"])
        if why:
            reasons.append(why)
        place = None
        if kecamatan is not None:
            place, why = places.kelurahan(
                cell("kelurahan"), columns["kelurahan"], kecamatan=kecamatan, code=cell("code")
            )
            if why:
                reasons.append(why)
        if reasons or place is None or kecamatan is None:
            rejected.append(Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons)))
            continue
        records.append(
            FacilityRecord(row, cell("puskesmas"), kecamatan, place.code, cell("posyandu"))
        )
    return records, rejected
