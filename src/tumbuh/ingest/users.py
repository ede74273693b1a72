"""Accounts from a set-up file: one row per user, with role and scope.

Columns ``Username``, ``Nama``, ``Peran`` (the role, by code or Indonesian name), ``Wilayah``
(kecamatan or desa/kelurahan, by name or Kemendagri code), ``Puskesmas``, ``Posyandu``,
``Instansi`` (an office code) as the role needs, optional ``Kecamatan`` (tells desa of one name
apart), ``Email`` and ``No HP``. The facilities (puskesmas, posyandu) are found by the caller.

No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import polars as pl

from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.facilities import resolve
from tumbuh.ingest.names import normalise_name
from tumbuh.ingest.places import Places
from tumbuh.ingest.reasons import Reason, ReasonError

HEADERS: Final = {
    "username": ("Username", "Nama Pengguna", "Akun"),
    "name": ("Nama", "Nama Lengkap"),
    "role": ("Peran", "Role"),
    "place": ("Wilayah", "Desa/Kelurahan", "Desa", "Kelurahan"),
    "kecamatan": ("Kecamatan", "Kec"),
    "puskesmas": ("Puskesmas",),
    "posyandu": ("Posyandu",),
    "office": ("Instansi", "Kode Instansi"),
    "email": ("Email", "E-mail", "Surel"),
    "phone": ("No HP", "No. HP", "HP", "Telepon"),
}
REQUIRED: Final = ("username", "name", "role")
REQUIRED_HEADERS: Final = ("Username", "Nama", "Peran")
#: Template header -> what to write in it.
COLUMNS: Final = {
    "Username": "login name: letters, digits, . _ - (required)",
    "Nama": "the person's name (required)",
    "Peran": (
        "role: Admin, TPPS, Kecamatan, Puskesmas, Kader, TPK, Instansi (OPD), PKH, TKSK, "
        "Lurah / Kepala Desa, Mitra (required)"
    ),
    "Wilayah": (
        "kecamatan (Kecamatan, TKSK) or desa/kelurahan (TPK, PKH, Lurah, Kader) by name or code; "
        "TPPS, Instansi, Mitra: empty for the whole kab/kota"
    ),
    "Kecamatan": "the desa's kecamatan, where several desa share a name (optional)",
    "Puskesmas": "the puskesmas of a Puskesmas account",
    "Posyandu": "the posyandu of a Kader account (with its desa/kelurahan in Wilayah)",
    "Instansi": "office code of an Instansi account, e.g. dinkes, dinsos, dp2kb, pupr",
    "Email": "email address (optional)",
    "No HP": "mobile number (optional)",
}
EXAMPLE: Final = {
    "Username": "lurah.sumbersari",
    "Nama": "Sri Wahyuni",
    "Peran": "Lurah / Kepala Desa",
    "Wilayah": "Sumber Sari",
    "Kecamatan": "Loa Kulu",
    "Puskesmas": "",
    "Posyandu": "",
    "Instansi": "",
    "Email": "",
    "No HP": "",
}
#: Folded ``Peran`` -> role code (codes themselves are accepted too).
ROLE_NAMES: Final = {
    "administrator": "admin",
    "admin": "admin",
    "sekretariat tpps": "tpps",
    "tpps": "tpps",
    "tp3s": "tpps",
    "operator kecamatan": "kecamatan",
    "kecamatan": "kecamatan",
    "petugas puskesmas": "puskesmas",
    "puskesmas": "puskesmas",
    "kader posyandu": "kader",
    "kader": "kader",
    "anggota tpk": "tpk",
    "tpk": "tpk",
    "instansi": "office",
    "instansi opd": "office",
    "opd": "office",
    "perangkat daerah": "office",
    "office": "office",
    "pendamping pkh": "pkh",
    "pkh": "pkh",
    "tksk": "tksk",
    "lurah": "lurah",
    "kepala desa": "lurah",
    "lurah kepala desa": "lurah",
    "mitra": "partner",
    "partner": "partner",
}
#: What scope each role needs from the row.
KECAMATAN_ROLES: Final = frozenset({"kecamatan", "tksk"})
DESA_ROLES: Final = frozenset({"tpk", "pkh", "lurah"})
AREA_ROLES: Final = frozenset({"tpps", "office", "partner"})  # the kab/kota, or a part of it
USERNAME: Final = re.compile(r"^[\w.@+-]{1,150}$")
EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")


class UserFileError(ReasonError):
    """The file lacks the columns of a users file."""


@dataclass(frozen=True)
class UserRecord:
    row: int
    username: str  # lower case
    name: str
    role: str  # a Role value
    region: str  # code of the scope region ("" for the kab/kota, or none)
    puskesmas: str  # name, for a puskesmas account
    posyandu: str  # name, for a kader account (in ``region``)
    office: str
    email: str
    phone: str


def role_of(text: str) -> str | None:
    return ROLE_NAMES.get(
        normalise_name(text.replace("/", " ").replace("(", " ").replace(")", " "))
    )


def _area(
    role: str, text: str, kecamatan_text: str, columns: dict[str, str], places: Places
) -> tuple[str | None, Reason | None]:
    """The code of the region the row scopes the account to ("" for the whole kab/kota)."""
    field = columns.get("place", "Wilayah")
    kecamatan_codes = set(places.kecamatan_by_name.values())
    if not text:
        if role in AREA_ROLES or role in {"admin", "puskesmas", "kader"}:
            return "", None
        return None, Reason("missing", field)
    if _CODE.match(text):
        if text in kecamatan_codes and role not in DESA_ROLES and role != "kader":
            return text, None
        if text in places.by_code_dotted and role not in KECAMATAN_ROLES:
            return text, None
        return None, Reason("unknown_kelurahan_code", field, {"text": text})
    if role in KECAMATAN_ROLES or (role in AREA_ROLES and not kecamatan_text):
        code, why = places.kecamatan(text, field)
        if code is not None or role in KECAMATAN_ROLES:
            return code, why
    kecamatan = None
    if kecamatan_text:
        kecamatan, why = places.kecamatan(kecamatan_text, columns.get("kecamatan", "Kecamatan"))
        if why:
            return None, why
    place, why = places.kelurahan(text, field, kecamatan=kecamatan)
    return (place.code, None) if place else (None, why)


def validate_users(
    frame: pl.DataFrame, *, places: Places, offices: frozenset[str]
) -> tuple[list[UserRecord], list[Rejected]]:
    columns = resolve(frame.columns, HEADERS)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise UserFileError(Reason("not_users", params={"columns": ", ".join(missing)}))
    records: list[UserRecord] = []
    rejected: list[Rejected] = []
    first: dict[str, int] = {}
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2

        def cell(field: str, raw: dict[str, str | None] = raw) -> str:
            column = columns.get(field)
            return " ".join((raw.get(column) or "").split()) if column else ""

        reasons: list[Reason] = []
        username = cell("username").lower()
        if not username:
            reasons.append(Reason("missing", columns["username"]))
        elif not USERNAME.match(username):
            reasons.append(Reason("bad_username", columns["username"], {"text": username}))
        elif username in first:
            reasons.append(Reason("same_username", params={"row": first[username]}))
        if not cell("name"):
            reasons.append(Reason("missing", columns["name"]))
        role = role_of(cell("role"))
        if role is None:
            reasons.append(Reason("unknown_value", columns["role"], {"text": cell("role")}))
        email = cell("email")
        if email and not EMAIL.match(email):
            reasons.append(Reason("unknown_value", columns["email"], {"text": email}))
        office = cell("office").lower()
        region: str | None = ""
        if role is not None:
            region, why = _area(role, cell("place"), cell("kecamatan"), columns, places)
            if why:
                reasons.append(why)
            if role == "office" and office not in offices:
                field = columns.get("office", "Instansi")
                reasons.append(Reason("unknown_value", field, {"text": office}))
            if role == "puskesmas" and not cell("puskesmas"):
                reasons.append(Reason("missing", columns.get("puskesmas", "Puskesmas")))
            if role == "kader" and not cell("posyandu"):
                reasons.append(Reason("missing", columns.get("posyandu", "Posyandu")))
        if reasons or role is None or region is None:
            rejected.append(Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons)))
            continue
        first[username] = row
        records.append(
            UserRecord(
                row=row,
                username=username,
                name=cell("name"),
                role=role,
                region=region,
                puskesmas=cell("puskesmas") if role == "puskesmas" else "",
                posyandu=cell("posyandu") if role == "kader" else "",
                office=office if role == "office" else "",
                email=email,
                phone=cell("phone"),
            )
        )
    return records, rejected
