"""What an exported NIK cell holds: a usable NIK, or why it cannot be used (masked, mangled)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tumbuh.ingest.reasons import Reason

NIK_LENGTH = 16
#: The header a NIK cell's warning names (a mother's NIK names its own).
NIK_FIELD = "NIK"


@dataclass(frozen=True)
class NikCell:
    nik: str | None  # 16 digits, usable for exact matching
    warning: Reason | None


def read_nik(raw: str | None) -> NikCell:
    """A NIK cell as exports carry it: plain, masked with '*', or damaged by a spreadsheet."""
    text = (raw or "").strip().strip("'").replace(" ", "")
    if not text or text in {"-", "0"}:
        return NikCell(None, None)
    if "*" in text:
        return NikCell(None, Reason("nik_masked", NIK_FIELD, {"text": text}))
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text) or re.fullmatch(r"\d{16,}\.0+", text):
        return NikCell(None, Reason("nik_as_number", NIK_FIELD, {"text": text}))
    if not text.isdigit():
        return NikCell(None, Reason("nik_not_digits", NIK_FIELD, {"text": text}))
    if len(text) != NIK_LENGTH:
        return NikCell(None, Reason("nik_length", NIK_FIELD, {"count": len(text), "text": text}))
    if text.endswith("000") and text[12:] == "0000":
        return NikCell(None, Reason("nik_zeros", NIK_FIELD, {"text": text}))
    return NikCell(text, None)


#: Women's NIK carry the birth day plus 40.
WOMEN_DAY_OFFSET = 40


def birth_from_nik(nik: str, *, near: date, within_days: int = 62) -> date | None:
    """The birth date a NIK encodes (DDMMYY, day + 40 for women), in the century that puts it
    nearest ``near``; None if it is not a date or lies more than ``within_days`` away."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > WOMEN_DAY_OFFSET:
        day -= WOMEN_DAY_OFFSET
    candidates = []
    for century in (near.year // 100 * 100 - 100, near.year // 100 * 100):
        try:
            candidates.append(date(century + year, month, day))
        except ValueError:
            return None
    best = min(candidates, key=lambda d: abs((d - near).days))
    return best if abs((best - near).days) <= within_days else None
