"""Bridges between stored measurements and the growth engine (never re-implements z-scores)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tumbuh.growth import GrowthResult, Indicator, Position, Sex, classify, score_child
from tumbuh.growth.kbm import is_two_t
from tumbuh.measurements.models import Gain, Measurement

STORED = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac")
CLASSIFIED = (
    Indicator.LENGTH_HEIGHT_FOR_AGE,
    Indicator.WEIGHT_FOR_AGE,
    Indicator.WEIGHT_FOR_LENGTH_HEIGHT,
)


def _num(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def score(measurement: Measurement, *, sex: int) -> GrowthResult:
    return score_child(
        sex=Sex(sex),
        age_days=measurement.age_days,
        weight_kg=_num(measurement.weight_kg),
        lenhei_cm=_num(measurement.lenhei_cm),
        position=Position(measurement.position) if measurement.position else None,
        oedema=measurement.oedema,
        head_cm=_num(measurement.head_cm),
        muac_cm=_num(measurement.muac_cm),
    )


def apply_scores(measurement: Measurement, result: GrowthResult) -> None:
    flagged = []
    for name in STORED:
        item = result[name]
        setattr(measurement, name, None if item.z is None else round(item.z, 2))
        if item.flagged:
            flagged.append(name)
    measurement.flags = " ".join(flagged)


@dataclass(frozen=True)
class Verdict:
    indicator: str
    label: str
    z: float | None
    category: str
    tone: str


def verdicts(measurement: Measurement) -> list[Verdict]:
    """Permenkes category in words and a tone for colour, per classified indicator."""
    names = {
        Indicator.LENGTH_HEIGHT_FOR_AGE: _("Length/height-for-age (PB/U, TB/U)"),
        Indicator.WEIGHT_FOR_AGE: _("Weight-for-age (BB/U)"),
        Indicator.WEIGHT_FOR_LENGTH_HEIGHT: _("Weight-for-length/height (BB/PB, BB/TB)"),
    }
    language = get_language() or "id"
    out = []
    for indicator in CLASSIFIED:
        z = getattr(measurement, indicator.value)
        if z is None:
            out.append(Verdict(indicator.value, names[indicator], None, _("not computed"), "none"))
            continue
        category = classify(indicator, z)
        if category is None:
            continue
        out.append(
            Verdict(indicator.value, names[indicator], z, category.label(language), category.tone)
        )
    return out


def warnings(measurement: Measurement, previous_gain: str | None) -> list[str]:
    """What the kader should re-check before the mother leaves."""
    messages = []
    if measurement.flags:
        messages.append(
            _("Implausible value by WHO rules (%(flags)s): please measure again.")
            % {"flags": measurement.flags}
        )
    if measurement.gain == Gain.TIDAK_NAIK:
        if is_two_t(measurement.gain, previous_gain):
            messages.append(
                _(
                    "2T: weight has not risen two visits in a row. "
                    "Re-weigh, then refer to the puskesmas."
                )
            )
        else:
            messages.append(
                _(
                    "T: the gain since last month is below the minimum for the age (KBM). "
                    "Please re-weigh."
                )
            )
    return messages
