"""A caseload file: KPM families (``No KK``) and the PKH facilitator who accompanies each
(``Pendamping``, the facilitator's username), one row per family. Rows become ``KpmRecord`` or
``Rejected``; finding the family and the facilitator, and the uploader's rights, are the import
service's part. No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import polars as pl

from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.facilities import resolve
from tumbuh.ingest.reasons import Reason, ReasonError

HEADERS: Final = {
    "kk_number": ("No KK", "No. KK", "Nomor KK"),
    "facilitator": ("Pendamping", "Pendamping PKH", "Username Pendamping"),
}
REQUIRED: Final = ("kk_number", "facilitator")


class KpmFileError(ReasonError):
    """The file lacks the columns of a caseload file."""


@dataclass(frozen=True)
class KpmRecord:
    row: int
    kk_number: str  # 16 digits
    facilitator: str  # the username as the file writes it


def validate_kpm(frame: pl.DataFrame) -> tuple[list[KpmRecord], list[Rejected]]:
    columns = resolve(frame.columns, HEADERS)
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        raise KpmFileError(Reason("not_kpm", params={"columns": ", ".join(missing)}))
    records: list[KpmRecord] = []
    rejected: list[Rejected] = []
    for index, raw in enumerate(frame.select(pl.all().cast(pl.String)).to_dicts()):
        row = index + 2
        kk = " ".join((raw.get(columns["kk_number"]) or "").split())
        who = " ".join((raw.get(columns["facilitator"]) or "").split())
        digits = re.sub(r"[\s.\-']", "", kk)
        reasons: list[Reason] = []
        if not kk:
            reasons.append(Reason("missing", columns["kk_number"]))
        elif not digits.isdigit():
            reasons.append(Reason("nik_not_digits", columns["kk_number"], {"text": kk}))
        elif len(digits) != 16:
            reasons.append(
                Reason("nik_length", columns["kk_number"], {"count": len(digits), "text": kk})
            )
        if not who:
            reasons.append(Reason("missing", columns["facilitator"]))
        if reasons:
            rejected.append(Rejected(row, {k: v or "" for k, v in raw.items()}, tuple(reasons)))
            continue
        records.append(KpmRecord(row, digits, who))
    return records, rejected
