"""DHIS2 aggregate exchange: monthly counts per desa/kelurahan as ``dataValueSets`` JSON and ADX.

The counts follow the project's own rules: each child's latest measurement of the month
(measured at a posyandu of the kelurahan), under five by completed months, and the Permenkes
2/2020 categories of ``tumbuh.growth`` (stunted = severely stunted or stunted; wasted = severely
wasted or wasted; underweight = severely underweight or underweight); a z-score WHO flags as
implausible counts as not classified. Codes come from a mapping file (``data/dhis2_mapping.json``
by default): data elements per indicator, category option combos per sex x age group, and org
units (the Kemendagri code without dots unless mapped).
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from tumbuh.accounts.scope import AnyUser, subtree
from tumbuh.growth import Indicator, Tone, classify
from tumbuh.growth.rules import DAYS_PER_MONTH
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Level, Region

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "dhis2_mapping.json"
ADX_NAMESPACE = "urn:ihe:qrph:adx:2015"
PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
INDICATORS = {
    "stunted": Indicator.LENGTH_HEIGHT_FOR_AGE,
    "wasted": Indicator.WEIGHT_FOR_LENGTH_HEIGHT,
    "underweight": Indicator.WEIGHT_FOR_AGE,
}
BELOW_MINUS_TWO = frozenset({Tone.SEVERE, Tone.MODERATE})


@dataclass(frozen=True)
class Mapping:
    data_set: str
    data_elements: dict[str, str]  # indicator -> code
    sex_category: str
    sex_options: dict[str, str]  # "1"/"2" -> option code
    age_category: str
    age_options: dict[str, str]  # group -> option code
    age_groups: dict[str, tuple[int, int]]  # group -> [from, to) completed months
    combos: dict[str, str]  # "sex option|age option" -> category option combo code
    org_units: dict[str, str]  # Kemendagri code -> DHIS2 org unit code

    def org_unit(self, code: str) -> str:
        return self.org_units.get(code, code.replace(".", ""))

    def age_group(self, months: int) -> str | None:
        return next((g for g, (lo, hi) in self.age_groups.items() if lo <= months < hi), None)


def mapping_load(path: Path = MAPPING_FILE) -> Mapping:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    sex, age = raw["categories"]["sex"], raw["categories"]["age"]
    return Mapping(
        data_set=raw["dataSet"],
        data_elements=dict(raw["dataElements"]),
        sex_category=sex["code"],
        sex_options=dict(sex["options"]),
        age_category=age["code"],
        age_options=dict(age["options"]),
        age_groups={g: (int(lo), int(hi)) for g, (lo, hi) in raw["ageGroupsMonths"].items()},
        combos=dict(raw["categoryOptionCombos"]),
        org_units=dict(raw.get("orgUnits", {})),
    )


@dataclass(frozen=True)
class Cell:
    kelurahan: str  # Kemendagri code
    indicator: str  # weighed, stunted, wasted, underweight
    sex: str  # "1" or "2"
    age_group: str
    value: int


def month_of(period: str) -> tuple[date, date]:
    """First and last day of a ``YYYYMM`` period."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError(f"period '{period}' is not YYYYMM")
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _classified(indicator: Indicator, z: float | None, flags: str) -> bool:
    if indicator.value in flags.split():
        return False
    category = classify(indicator, z)
    return category is not None and category.tone in BELOW_MINUS_TWO


def monthly_cells(*, user: AnyUser, region: Region, period: str, mapping: Mapping) -> list[Cell]:
    """Every kelurahan under ``region`` x indicator x sex x age group, zeros included."""
    first, last = month_of(period)
    rows = (
        measurement_list(user=user)
        .filter(subtree("posyandu__kelurahan__code", region.code))
        .filter(measured_on__gte=first, measured_on__lte=last)
        .order_by("child_id", "measured_on")
        .values_list(
            "child_id",
            "posyandu__kelurahan_id",
            "child__sex",
            "age_days",
            "weight_kg",
            "zlen",
            "zwfl",
            "zwei",
            "flags",
        )
    )
    latest = {row[0]: row for row in rows}  # the month's last measurement of each child
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for _, kelurahan, sex, age_days, weight, zlen, zwfl, zwei, flags in latest.values():
        group = mapping.age_group(int(age_days // DAYS_PER_MONTH))
        if group is None or weight is None:
            continue
        key = (str(kelurahan), str(sex), group)
        counts[("weighed", *key)] += 1
        z = {"stunted": zlen, "wasted": zwfl, "underweight": zwei}
        for name, indicator in INDICATORS.items():
            counts[(name, *key)] += _classified(indicator, z[name], flags)
    kelurahan_codes = (
        Region.objects.filter(subtree("code", region.code), level=Level.KELURAHAN)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return [
        Cell(code, indicator, sex, group, counts[(indicator, code, sex, group)])
        for code in kelurahan_codes
        for indicator in mapping.data_elements
        for sex in mapping.sex_options
        for group in mapping.age_options
    ]


def _combo(mapping: Mapping, cell: Cell) -> str:
    return mapping.combos[f"{mapping.sex_options[cell.sex]}|{mapping.age_options[cell.age_group]}"]


def data_value_set(cells: list[Cell], *, period: str, mapping: Mapping) -> dict[str, Any]:
    """DHIS2 ``dataValueSets`` JSON, every identifier a code (import with ``idScheme=CODE``)."""
    return {
        "dataSet": mapping.data_set,
        "period": period,
        "dataValues": [
            {
                "dataElement": mapping.data_elements[cell.indicator],
                "period": period,
                "orgUnit": mapping.org_unit(cell.kelurahan),
                "categoryOptionCombo": _combo(mapping, cell),
                "value": str(cell.value),
            }
            for cell in cells
        ],
    }


def adx(cells: list[Cell], *, period: str, mapping: Mapping, exported: datetime) -> bytes:
    """ADX XML: one group per org unit, disaggregations as category attributes."""
    first, _ = month_of(period)
    root = ET.Element("adx", {"xmlns": ADX_NAMESPACE, "exported": exported.isoformat()})
    groups: dict[str, ET.Element] = {}
    for cell in cells:
        group = groups.get(cell.kelurahan)
        if group is None:
            group = ET.SubElement(
                root,
                "group",
                {
                    "dataSet": mapping.data_set,
                    "orgUnit": mapping.org_unit(cell.kelurahan),
                    "period": f"{first.isoformat()}/P1M",
                },
            )
            groups[cell.kelurahan] = group
        ET.SubElement(
            group,
            "dataValue",
            {
                "dataElement": mapping.data_elements[cell.indicator],
                mapping.sex_category: mapping.sex_options[cell.sex],
                mapping.age_category: mapping.age_options[cell.age_group],
                "value": str(cell.value),
            },
        )
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
