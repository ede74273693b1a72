"""Nutritional-status categories of Permenkes No. 2 Tahun 2020.

Indonesian labels, English alongside.

The boundaries are WHO's cut-offs applied to z-scores already rounded to 2 decimals: exactly -3.00
falls in the milder class, exactly -2.00 is normal, exactly +1.00 (weight-for-age) is normal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt

from tumbuh.growth.tables import FloatArray


class Indicator(StrEnum):
    """Indicators that Permenkes 2/2020 classifies, named by WHO's z-score column."""

    LENGTH_HEIGHT_FOR_AGE = "zlen"  # PB/U or TB/U, 0-60 months
    WEIGHT_FOR_AGE = "zwei"  # BB/U, 0-60 months
    WEIGHT_FOR_LENGTH_HEIGHT = "zwfl"  # BB/PB or BB/TB, 0-60 months
    BMI_FOR_AGE = "zbmi"  # IMT/U, 0-60 months
    HEIGHT_FOR_AGE_5_18 = "zhfa"  # TB/U, 5-18 years
    BMI_FOR_AGE_5_18 = "zbfa"  # IMT/U, 5-18 years


class Tone(StrEnum):
    """How alarming a category is; the web app colours by it."""

    SEVERE = "severe"
    MODERATE = "moderate"
    NORMAL = "normal"
    RISK = "risk"
    HIGH = "high"


@dataclass(frozen=True)
class Category:
    slug: str
    label_id: str
    label_en: str
    tone: Tone

    def label(self, language: str = "id") -> str:
        return self.label_en if language.startswith("en") else self.label_id


@dataclass(frozen=True)
class Boundary:
    """A cut-off between two neighbouring categories.

    ``z < value`` (strict) or ``z <= value`` (inclusive) stays in the lower category.
    """

    value: float
    inclusive: bool


@dataclass(frozen=True)
class Scale:
    """The ordered categories of one indicator and the boundaries between them."""

    categories: tuple[Category, ...]
    boundaries: tuple[Boundary, ...]

    def __post_init__(self) -> None:
        if len(self.categories) != len(self.boundaries) + 1:
            raise ValueError("a scale needs one boundary fewer than categories")


#: Permenkes 2/2020 cut-offs on the rounded z-score. Below ``SEVERE_BELOW``: severely stunted,
#: severely wasted (gizi buruk), severely underweight. Below ``MODERATE_BELOW``: stunted (PB/U,
#: TB/U), wasted (BB/PB, BB/TB), underweight (BB/U); exactly -2.00 is normal. Above
#: ``OVERWEIGHT_ABOVE`` (BB/PB, BB/TB): overweight (gizi lebih) or obese.
SEVERE_BELOW: Final = -3.0
MODERATE_BELOW: Final = -2.0
OVERWEIGHT_ABOVE: Final = 2.0
#: The same cut-offs under the names pages and lists count by.
STUNTED_BELOW: Final = MODERATE_BELOW
WASTED_BELOW: Final = MODERATE_BELOW
UNDERWEIGHT_BELOW: Final = MODERATE_BELOW
SEVERELY_WASTED_BELOW: Final = SEVERE_BELOW


def _below(value: float) -> Boundary:
    """Values strictly below ``value`` stay in the lower category (e.g. < -3 SD)."""
    return Boundary(value, inclusive=False)


def _up_to(value: float) -> Boundary:
    """Values up to and including ``value`` stay in the lower category (e.g. <= +1 SD)."""
    return Boundary(value, inclusive=True)


SEVERELY_UNDERWEIGHT = Category(
    "severely_underweight", "Berat badan sangat kurang", "Severely underweight", Tone.SEVERE
)
UNDERWEIGHT = Category("underweight", "Berat badan kurang", "Underweight", Tone.MODERATE)
NORMAL_WEIGHT = Category("normal_weight", "Berat badan normal", "Normal weight", Tone.NORMAL)
RISK_OF_OVERWEIGHT_WEIGHT = Category(
    "risk_of_overweight", "Risiko berat badan lebih", "Risk of overweight", Tone.RISK
)
SEVERELY_STUNTED = Category("severely_stunted", "Sangat pendek", "Severely stunted", Tone.SEVERE)
STUNTED = Category("stunted", "Pendek", "Stunted", Tone.MODERATE)
NORMAL_HEIGHT = Category("normal_height", "Normal", "Normal", Tone.NORMAL)
TALL = Category("tall", "Tinggi", "Tall", Tone.HIGH)
SEVERELY_WASTED = Category("severely_wasted", "Gizi buruk", "Severely wasted", Tone.SEVERE)
WASTED = Category("wasted", "Gizi kurang", "Wasted", Tone.MODERATE)
NORMAL_NUTRITION = Category("normal", "Gizi baik", "Normal", Tone.NORMAL)
POSSIBLE_RISK_OF_OVERWEIGHT = Category(
    "possible_risk_of_overweight", "Berisiko gizi lebih", "Possible risk of overweight", Tone.RISK
)
OVERWEIGHT = Category("overweight", "Gizi lebih", "Overweight", Tone.HIGH)
OBESE = Category("obese", "Obesitas", "Obese", Tone.HIGH)
SEVERELY_THIN = Category("severely_thin", "Gizi buruk", "Severely thin", Tone.SEVERE)
THIN = Category("thin", "Gizi kurang", "Thin", Tone.MODERATE)

_WASTING_SCALE: Final = Scale(
    (SEVERELY_WASTED, WASTED, NORMAL_NUTRITION, POSSIBLE_RISK_OF_OVERWEIGHT, OVERWEIGHT, OBESE),
    (_below(SEVERE_BELOW), _below(MODERATE_BELOW), _up_to(1), _up_to(OVERWEIGHT_ABOVE), _up_to(3)),
)
_HEIGHT_SCALE: Final = Scale(
    (SEVERELY_STUNTED, STUNTED, NORMAL_HEIGHT, TALL),
    (_below(SEVERE_BELOW), _below(MODERATE_BELOW), _up_to(3)),
)

#: Permenkes 2/2020 scales by indicator.
SCALES: Final[dict[Indicator, Scale]] = {
    Indicator.WEIGHT_FOR_AGE: Scale(
        (SEVERELY_UNDERWEIGHT, UNDERWEIGHT, NORMAL_WEIGHT, RISK_OF_OVERWEIGHT_WEIGHT),
        (_below(SEVERE_BELOW), _below(MODERATE_BELOW), _up_to(1)),
    ),
    Indicator.LENGTH_HEIGHT_FOR_AGE: _HEIGHT_SCALE,
    Indicator.WEIGHT_FOR_LENGTH_HEIGHT: _WASTING_SCALE,
    Indicator.BMI_FOR_AGE: _WASTING_SCALE,
    Indicator.HEIGHT_FOR_AGE_5_18: _HEIGHT_SCALE,
    Indicator.BMI_FOR_AGE_5_18: Scale(
        (SEVERELY_THIN, THIN, NORMAL_NUTRITION, OVERWEIGHT, OBESE),
        (_below(SEVERE_BELOW), _below(MODERATE_BELOW), _up_to(1), _up_to(2)),
    ),
}

#: Code used by ``classify_array`` where the z-score is missing.
NO_CATEGORY: Final = -1


def classify_array(indicator: Indicator, z: FloatArray) -> npt.NDArray[np.int8]:
    """Index into ``SCALES[indicator].categories`` for each z-score (``NO_CATEGORY`` if NaN)."""
    scale = SCALES[indicator]
    codes = np.zeros(z.size, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for boundary in scale.boundaries:
            codes += (z > boundary.value) if boundary.inclusive else (z >= boundary.value)
    codes[np.isnan(z)] = NO_CATEGORY
    return codes


def classify(indicator: Indicator, z: float | None) -> Category | None:
    """The Permenkes category of one rounded z-score; None when the z-score is missing."""
    if z is None or math.isnan(z):
        return None
    code = int(classify_array(indicator, np.array([z], dtype=np.float64))[0])
    return SCALES[indicator].categories[code]
