"""The typed one-child API, a thin wrapper over the batch kernel (so both always agree)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from tumbuh.growth import rules
from tumbuh.growth.batch import zscores
from tumbuh.growth.categories import Category, Indicator, classify
from tumbuh.growth.errors import GrowthInputError
from tumbuh.growth.kernel import Z_COLUMNS_2006, Z_COLUMNS_2007


class Sex(IntEnum):
    MALE = 1
    FEMALE = 2


class Position(StrEnum):
    """How length/height was measured."""

    LYING = "l"  # recumbent length (terlentang)
    STANDING = "h"  # standing height (berdiri)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's z-score, flag and category, or the reason it has none."""

    z: float | None
    flagged: bool | None
    category: Category | None
    missing_reason: str | None


@dataclass(frozen=True)
class GrowthResult:
    """Everything WHO's software reports for one measurement of one child."""

    clenhei: float | None
    cbmi: float | None
    standing_too_young: bool
    indicators: Mapping[str, IndicatorResult]

    def __getitem__(self, name: str) -> IndicatorResult:
        return self.indicators[name]

    @property
    def any_flagged(self) -> bool:
        return any(result.flagged for result in self.indicators.values())


def age_in_days(birth: date, measured: date) -> int:
    """Completed days between birth and measurement; a measurement before birth is refused."""
    days = (measured - birth).days
    if days < 0:
        raise GrowthInputError(f"measurement date {measured} is before birth date {birth}")
    return days


_WEIGHT_BASED = frozenset({"zwei", "zwfl", "zbmi", "zwfa", "zbfa"})
_INPUT_OF = {
    "zlen": "lenhei",
    "zwei": "weight",
    "zwfl": "weight",
    "zbmi": "weight",
    "zhc": "headc",
    "zac": "armc",
    "zts": "triskin",
    "zss": "subskin",
    "zhfa": "lenhei",
    "zwfa": "weight",
    "zbfa": "weight",
}


def _missing_reason(
    name: str, inputs: Mapping[str, float | None], age_months: float, oedema: bool
) -> str:
    needs = [_INPUT_OF[name]] + (["lenhei"] if name in {"zwfl", "zbmi", "zbfa"} else [])
    if any(inputs[field] is None or inputs[field] <= 0 for field in needs):  # type: ignore[operator]
        return "not measured"
    if oedema and name in _WEIGHT_BASED:
        return "oedema: weight-based z-scores are not computed"
    if name in Z_COLUMNS_2006:
        if age_months >= rules.MAX_AGE_MONTHS_2006 and name != "zwfl":
            return "age is 60 months or more: outside the WHO 2006 standards"
        if name == "zwfl":
            return "length/height outside the table (45-110 cm lying, 65-120 cm standing)"
        if name in {"zac", "zts", "zss"}:
            return "younger than 91 days: no WHO table"
    low, high = rules.AGE_RANGE_MONTHS_2007
    if name == "zwfa":
        high = rules.MAX_AGE_MONTHS_WFA_2007
    return f"age outside {low:g}-{high:g} months"


def score_child(
    *,
    sex: Sex,
    age_days: float,
    weight_kg: float | None = None,
    lenhei_cm: float | None = None,
    position: Position | None = None,
    oedema: bool = False,
    head_cm: float | None = None,
    muac_cm: float | None = None,
    triceps_mm: float | None = None,
    subscapular_mm: float | None = None,
) -> GrowthResult:
    """Score one measurement of one child (age in days since birth)."""
    if age_days < 0:
        raise GrowthInputError(f"age: negative value {age_days:g}")
    inputs: dict[str, float | None] = {
        "weight": weight_kg,
        "lenhei": lenhei_cm,
        "headc": head_cm,
        "armc": muac_cm,
        "triskin": triceps_mm,
        "subskin": subscapular_mm,
    }

    def column(field: str) -> list[float]:
        value = inputs[field]
        return [math.nan if value is None else value]

    out = zscores(
        sex=[int(sex)],
        age=[age_days],
        measure=[position.value if position else None],
        oedema=["y" if oedema else "n"],
        weight=column("weight"),
        lenhei=column("lenhei"),
        headc=column("headc"),
        armc=column("armc"),
        triskin=column("triskin"),
        subskin=column("subskin"),
    )
    age_months = age_days / rules.DAYS_PER_MONTH
    indicators: dict[str, IndicatorResult] = {}
    for name in (*Z_COLUMNS_2006, *Z_COLUMNS_2007):
        z = float(out[name][0])
        if math.isnan(z):
            reason = _missing_reason(name, inputs, age_months, oedema)
            indicators[name] = IndicatorResult(None, None, None, reason)
            continue
        category = classify(Indicator(name), z) if name in Indicator._value2member_map_ else None
        flagged = bool(out["f" + name[1:]][0] == 1.0)
        indicators[name] = IndicatorResult(z, flagged, category, None)
    clenhei, cbmi = float(out["clenhei"][0]), float(out["cbmi"][0])
    return GrowthResult(
        clenhei=None if math.isnan(clenhei) else clenhei,
        cbmi=None if math.isnan(cbmi) else cbmi,
        standing_too_young=bool(out["c9mo_flag"][0]),
        indicators=indicators,
    )
