"""Regional stunting targets by year: the national path, and progress against it.

National path (RPJMN 2025-2029, DOMAIN.md section 1.1): 18.8 % in 2025 to 14.2 % in 2029,
straight between the two; a region may set its own targets, given as {year: percent}.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

#: RPJMN 2025-2029 stunting prevalence targets (percent of children under five).
NATIONAL_TARGETS: Final = {2025: 18.8, 2029: 14.2}


def target_for(year: int, anchors: Mapping[int, float] = NATIONAL_TARGETS) -> float:
    """The target for a year, interpolated linearly between the anchor years (2 decimals)."""
    years = sorted(anchors)
    if year <= years[0]:
        return anchors[years[0]]
    if year >= years[-1]:
        return anchors[years[-1]]
    for low, high in itertools.pairwise(years):
        if low <= year <= high:
            share = (year - low) / (high - low)
            return round(anchors[low] + share * (anchors[high] - anchors[low]), 2)
    raise AssertionError("unreachable: year lies between anchors")


@dataclass(frozen=True)
class Progress:
    year: int
    target: float
    observed: float | None
    baseline: float | None

    @property
    def met(self) -> bool | None:
        return None if self.observed is None else self.observed <= self.target

    @property
    def gap_points(self) -> float | None:
        """Percentage points above the target (negative: better than the target)."""
        return None if self.observed is None else round(self.observed - self.target, 2)


def progress(
    observed: Mapping[int, float],
    *,
    years: range,
    anchors: Mapping[int, float] = NATIONAL_TARGETS,
) -> list[Progress]:
    """Target, observed value and gap for each year; the first observed year is the baseline."""
    baseline = observed[min(observed)] if observed else None
    return [Progress(y, target_for(y, anchors), observed.get(y), baseline) for y in years]
