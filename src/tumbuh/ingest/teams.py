"""Teams and their members from a decree (SK) annex: one row per member.

Columns ``Tim``, ``Jenis`` (TPPS, TP3S, TKPK, TPK), ``Kelurahan`` (or ``Desa``), ``Nama``,
``Jabatan``, optional ``Kecamatan``, ``NIK``, ``No HP``, ``Instansi``, ``SK`` and ``Akun`` (a
username to create for the member). A TPK sits in its desa/kelurahan; a TPPS/TP3S/TKPK in the
desa/kelurahan the row names, else the kecamatan it names, else the kab/kota.

No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import polars as pl

from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.facilities import resolve
from tumbuh.ingest.places import Places
from tumbuh.ingest.reasons import Reason, ReasonError

HEADERS: Final = {
    "team": ("Tim", "Nama Tim"),
    "kind": ("Jenis", "Jenis Tim"),
    "kelurahan": ("Kelurahan", "Desa", "Desa/Kelurahan", "Desa/Kel"),
    "kecamatan": ("Kecamatan", "Kec"),
    "name": ("Nama", "Nama Anggota"),
    "title": ("Jabatan", "Jabatan dalam Tim"),
    "phone": ("No HP", "No. HP", "HP", "Telepon"),
    "institution": ("Instansi", "Unsur", "Lembaga"),
    "decree": ("SK", "No SK", "Nomor SK"),
    "account": ("Akun", "Username"),
    "code": ("Kode", "Kode Desa"),
}
REQUIRED: Final = ("team", "kind", "name", "title")
#: What ``Jenis`` may say -> the team kind stored (TP3S is the TPPS of a desa).
KINDS: Final = {"tpps": "tpps", "tp3s": "tpps", "tkpk": "tkpk", "tpk": "tpk"}


class TeamFileError(ReasonError):
    """The file lacks the columns of a decree annex."""


@dataclass(frozen=True)
class MemberRecord:
    row: int
    team: str  # the team's name as the file writes it
    kind: str  # a TeamKind value
    region: str  # code of the desa/kelurahan or kecamatan; empty: the kab/kota
    name: str
    title: str  # Jabatan, as the region words it
    phone: str
    institution: str
    decree: str
    account: str  # a username to create and link; empty: none


def _place(
    cell: dict[str, str], columns: dict[str, str], places: Places
) -> tuple[str | None, list[Reason]]:
    """Code of the region the row names ("" for the kab/kota), or None with the reasons."""
    kecamatan = None
    if cell["kecamatan"]:
        kecamatan, why = places.kecamatan(cell["kecamatan"], columns["kecamatan"])
        if why:
            return None, [why]
    if cell["kelurahan"] or cell["code"]:
        field = columns.get("kelurahan", "Kelurahan")
        found, why = places.kelurahan(
            cell["kelurahan"], field, kecamatan=kecamatan, code=cell["code"]
        )
        return (found.code, []) if found else (None, [why] if why else [])
    return kecamatan or "", []


def validate_teams(
    frame: pl.DataFrame, *, places: Places
) -> tuple[list[MemberRecord], list[Rejected]]:
    columns = resolve(frame.columns, HEADERS)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise TeamFileError(Reason("not_teams", params={"columns": ", ".join(missing)}))
    records: list[MemberRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2
        cell = {
            field: " ".join((raw.get(columns[field]) or "").split()) if field in columns else ""
            for field in HEADERS
        }
        reasons = [Reason("missing", columns[f]) for f in ("team", "name") if not cell[f]]
        kind = KINDS.get(re.sub(r"\W", "", cell["kind"].casefold()))
        if kind is None:
            reasons.append(Reason("unknown_team_kind", columns["kind"], {"text": cell["kind"]}))
        region, why = _place(cell, columns, places)
        reasons.extend(why)
        if kind == "tpk" and region is not None and region not in places.by_code_dotted:
            reasons.append(Reason("missing", columns.get("kelurahan", "Kelurahan")))
        if reasons or kind is None or region is None:
            rejected.append(Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons)))
            continue
        records.append(
            MemberRecord(
                row,
                cell["team"],
                kind,
                region,
                cell["name"],
                cell["title"],
                cell["phone"],
                cell["institution"],
                cell["decree"],
                cell["account"],
            )
        )
    return records, rejected


#: Template header -> what to write in it.
COLUMNS: Final = {
    "Tim": "the team's name as the decree writes it (required)",
    "Jenis": "TPPS, TP3S, TKPK or TPK (required)",
    "Kecamatan": "kecamatan of the desa/kelurahan; alone, the team is a kecamatan team",
    "Kelurahan": "desa/kelurahan of the team (required for a TPK)",
    "Nama": "the member's name, one row per member (required)",
    "Jabatan": "the member's position as the decree words it (required)",
    "NIK": "the member's NIK (optional, not stored)",
    "No HP": "the member's phone (optional)",
    "Instansi": "office or institution (optional)",
    "SK": "decree number (optional)",
    "Akun": "a username to create for a TPK member (optional; administrators only)",
}
EXAMPLE: Final = {
    "Tim": "TPK 001",
    "Jenis": "TPK",
    "Kecamatan": "Batam Kota",
    "Kelurahan": "Belian",
    "Nama": "Sri Wahyuni",
    "Jabatan": "Kader PKK",
    "NIK": "",
    "No HP": "081200000000",
    "Instansi": "PKK",
    "SK": "",
    "Akun": "",
}
REQUIRED_HEADERS: Final = ("Tim", "Jenis", "Nama", "Jabatan")
