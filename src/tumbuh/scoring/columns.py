"""Which input column holds which field: WHO anthro names, e-PPGBM export headers, ``--map``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

#: The fields a scoring input can carry.
FIELDS: Final = (
    "sex",
    "age_days",
    "age_months",
    "birth_date",
    "measure_date",
    "weight",
    "lenhei",
    "measure",
    "oedema",
    "headc",
    "armc",
    "triskin",
    "subskin",
)

#: Recognised header spellings (compared after ``normalise_header``), per field.
ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "sex": ("sex", "gender", "jk", "jenis kelamin", "csex"),
    "age_days": ("age days", "agedays", "age in days", "umur hari", "usia hari"),
    "age_months": ("age months", "agemons", "age in months", "umur bulan", "usia bulan"),
    "birth_date": ("birth date", "dob", "tgl lahir", "tanggal lahir", "date of birth"),
    "measure_date": (
        "measure date",
        "dov",
        "tanggal pengukuran",
        "tgl pengukuran",
        "tanggal ukur",
        "tgl ukur",
        "date of visit",
    ),
    "weight": ("weight", "berat", "bb", "berat badan", "weight kg"),
    "lenhei": ("lenhei", "height", "length", "tinggi", "tinggi badan", "panjang badan", "tb", "pb"),
    "measure": ("measure", "cara ukur", "position"),
    "oedema": ("oedema", "edema"),
    "headc": ("headc", "head", "lingkar kepala", "lk"),
    "armc": ("armc", "muac", "lila", "lingkar lengan atas"),
    "triskin": ("triskin", "tri", "triceps"),
    "subskin": ("subskin", "sub", "subscapular"),
}


class ColumnError(ValueError):
    """The file's columns cannot be used (missing required column, bad ``--map``)."""


def normalise_header(header: str) -> str:
    """Lower case, punctuation and underscores as single spaces: 'Tgl_Lahir ' -> 'tgl lahir'."""
    return re.sub(r"[\s_\-./()]+", " ", header.strip().lower()).strip()


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """``--map COLUMN=field`` options as {field: column}."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        field = field.strip().lower()
        if not sep or not column:
            raise ColumnError(f"--map {item!r}: expected COLUMN=field")
        if field not in FIELDS:
            raise ColumnError(
                f"--map {item!r}: unknown field '{field}' (one of: {', '.join(FIELDS)})"
            )
        mapping[field] = column
    return mapping


def resolve_columns(columns: Sequence[str], explicit: Mapping[str, str]) -> dict[str, str]:
    """{field: column} for the file: explicit ``--map`` first, then recognised names.

    Raises ``ColumnError`` when a mapped column does not exist or a required field is missing.
    """
    for field, column in explicit.items():
        if column not in columns:
            raise ColumnError(f"--map {column}={field}: the file has no column '{column}'")
    resolved = dict(explicit)
    taken = set(explicit.values())
    by_name = {normalise_header(c): c for c in reversed(columns)}
    for field in FIELDS:
        if field in resolved:
            continue
        for alias in ALIASES[field]:
            found = by_name.get(alias)
            if found is not None and found not in taken:
                resolved[field] = found
                taken.add(found)
                break
    missing = [f for f in ("sex",) if f not in resolved]
    if "weight" not in resolved and "lenhei" not in resolved:
        missing.append("weight or lenhei")
    if missing:
        raise ColumnError(
            f"missing required column: {', '.join(missing)} "
            f"(columns found: {', '.join(columns)}; use --map COLUMN=field)"
        )
    if ("birth_date" in resolved) != ("measure_date" in resolved) and not (
        {"age_days", "age_months"} & resolved.keys()
    ):
        have, need = (
            ("birth_date", "measure_date")
            if "birth_date" in resolved
            else ("measure_date", "birth_date")
        )
        raise ColumnError(f"{have} is given but {need} is missing: age cannot be computed")
    return resolved
