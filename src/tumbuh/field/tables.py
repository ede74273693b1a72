"""The WHO tables and Permenkes scales the phone computes with, from ``tumbuh.growth`` itself.

The phone gets exactly the L, M and S values the server's engine loads (``growth.tables.load``)
and the category boundaries of ``growth.categories.SCALES``, so there is one source for both.
Only the 2006 standards (0-60 months) that the kader's screens use are sent.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cache
from typing import Any

from tumbuh.growth import SCALES, Indicator
from tumbuh.growth.tables import FloatArray, Table, load

#: Short names the phone's growth.js uses, by WHO table.
PHONE_TABLES = {
    "len": Table.LENGTH_FOR_AGE,
    "wei": Table.WEIGHT_FOR_AGE,
    "bmi": Table.BMI_FOR_AGE,
    "hc": Table.HEAD_CIRCUMFERENCE_FOR_AGE,
    "ac": Table.ARM_CIRCUMFERENCE_FOR_AGE,
    "wfl": Table.WEIGHT_FOR_LENGTH,
    "wfh": Table.WEIGHT_FOR_HEIGHT,
}
#: The indicators whose categories the phone shows (0-60 months).
PHONE_SCALES = (
    Indicator.LENGTH_HEIGHT_FOR_AGE,
    Indicator.WEIGHT_FOR_AGE,
    Indicator.WEIGHT_FOR_LENGTH_HEIGHT,
    Indicator.BMI_FOR_AGE,
)


def _values(column: FloatArray) -> list[float | None]:
    return [None if math.isnan(value) else float(value) for value in column]


def growth_tables() -> dict[str, Any]:
    """Dense tables (flat index = (sex - 1) * size + key - first) and the category scales."""
    tables = {}
    for name, table in PHONE_TABLES.items():
        lms = load(table)
        tables[name] = {
            "first": lms.first_key,
            "size": lms.size,
            "l": _values(lms.l),
            "m": _values(lms.m),
            "s": _values(lms.s),
        }
    scales = {
        indicator.value: {
            "categories": [
                {
                    "slug": c.slug,
                    "label_id": c.label_id,
                    "label_en": c.label_en,
                    "tone": c.tone.value,
                }
                for c in SCALES[indicator].categories
            ],
            "boundaries": [
                {"value": b.value, "inclusive": b.inclusive} for b in SCALES[indicator].boundaries
            ],
        }
        for indicator in PHONE_SCALES
    }
    return {"tables": tables, "scales": scales}


@cache
def growth_tables_json() -> bytes:
    return json.dumps(growth_tables(), separators=(",", ":"), allow_nan=False).encode()


@cache
def growth_tables_version() -> str:
    return hashlib.sha256(growth_tables_json()).hexdigest()[:16]
