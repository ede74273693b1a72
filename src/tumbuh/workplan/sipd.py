"""SIPD nomenclature and the numbers of a work plan: codes, amounts, quarters.

A sub-activity (sub kegiatan) code has six parts, e.g. ``1.02.02.2.02.0033``: urusan (1),
bidang (02), programme (02), then the activity (2.02) and the sub-activity (0033). Its programme
is the first three parts (``1.02.02``), its activity the first five (``1.02.02.2.02``).

No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

SUB_ACTIVITY_CODE: Final = re.compile(r"^\d{1,2}\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$")
PROGRAMME_PARTS: Final = 3
ACTIVITY_PARTS: Final = 5
QUARTERS: Final = (1, 2, 3, 4)
#: How the plan names its quarters (triwulan).
QUARTER_NAMES: Final = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


def is_sub_activity_code(code: str) -> bool:
    return bool(SUB_ACTIVITY_CODE.match(code.strip()))


def programme_code(code: str) -> str:
    """``1.02.02`` of ``1.02.02.2.02.0033``."""
    return ".".join(code.split(".")[:PROGRAMME_PARTS])


def activity_code(code: str) -> str:
    """``1.02.02.2.02`` of ``1.02.02.2.02.0033``."""
    return ".".join(code.split(".")[:ACTIVITY_PARTS])


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_amount(text: str) -> Decimal | None:
    """A number as Indonesian files write it: ``1.250.000``, ``1.250.000,50``, ``Rp 1250000``,
    ``12,5`` or ``12.5``; None when the text is not a number."""
    cleaned = re.sub(r"(?i)^rp\.?", "", text.strip()).replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def percent(
    part: Decimal | int | float | None, whole: Decimal | int | float | None
) -> float | None:
    """``part`` of ``whole`` in percent (1 decimal); None when the whole is zero or unknown."""
    if part is None or whole is None or not whole:
        return None
    return round(100.0 * float(part) / float(whole), 1)


@dataclass(frozen=True)
class Quarter:
    """One quarter of a sub-activity: target and realisation, in volume and in rupiah."""

    number: int
    target_volume: Decimal
    target_rp: int
    realised_volume: Decimal
    realised_rp: int

    @property
    def name(self) -> str:
        return QUARTER_NAMES[self.number]

    @property
    def physical_percent(self) -> float | None:
        """Realised volume of the quarter's target volume, percent."""
        return percent(self.realised_volume, self.target_volume)

    @property
    def financial_percent(self) -> float | None:
        """Realised rupiah of the quarter's target rupiah, percent."""
        return percent(self.realised_rp, self.target_rp)
