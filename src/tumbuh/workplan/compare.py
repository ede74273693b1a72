"""Routine, campaign and survey prevalence side by side, year by year, with the national path
and the region's own targets, and where they disagree, why (DOMAIN.md section 3.5).

Surveys (SSGI/SKI) are probability samples measured by trained enumerators: the official
outcome. Routine data (e-PPGBM, posyandu weighing) counts only the children who come: when its
coverage of registered children is low, those missing are not like those measured and the
routine prevalence is biased (usually low). A campaign measuring nearly every child removes
most of that bias; what difference remains is technique and equipment, or the survey's own
sampling error.

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from tumbuh.convergence.targets_path import NATIONAL_TARGETS, target_for

#: Below this coverage (children measured among those registered, percent) routine prevalence
#: is not representative of the area's children.
COVERAGE_REPRESENTATIVE: Final = 80.0
#: Two figures this many points apart (or more) disagree, when no CI says otherwise.
DISAGREE_POINTS: Final = 3.0
#: A year without a survey is read against the latest survey at most this many years before.
SURVEY_REFERENCE_YEARS: Final = 2


@dataclass(frozen=True)
class Measured:
    """A prevalence from routine data or a campaign, with its coverage."""

    percent: float
    coverage: float | None = None  # measured among registered, percent
    low: float | None = None
    high: float | None = None
    label: str = ""


@dataclass(frozen=True)
class Survey:
    percent: float
    source: str  # SSGI, SKI...
    low: float | None = None
    high: float | None = None
    demo: bool = False


@dataclass(frozen=True)
class Finding:
    """A reading of one year's figures: a code and the numbers it speaks of."""

    code: str
    params: Mapping[str, float | str]


@dataclass
class YearRow:
    year: int
    national: float | None  # the RPJMN 2025-2029 path (None before 2025)
    own: dict[str, float] = field(default_factory=dict)  # RPJMD / RKPD -> percent
    survey: Survey | None = None
    routine: Measured | None = None
    campaign: Measured | None = None
    findings: list[Finding] = field(default_factory=list)
    #: In a year without a survey, the latest one before it (its source names its year).
    reference: Survey | None = None

    @property
    def target(self) -> float | None:
        """The target that binds: the region's own (RKPD, else RPJMD), else the national path."""
        return self.own.get("RKPD", self.own.get("RPJMD", self.national))


def _apart(a: float, b: float, low: float | None, high: float | None) -> bool:
    """Whether ``a`` disagrees with the survey ``b`` (outside its CI when given)."""
    if low is not None and high is not None:
        return not low <= a <= high
    return abs(a - b) >= DISAGREE_POINTS


def _findings(row: YearRow) -> list[Finding]:
    found: list[Finding] = []
    survey, routine, campaign = row.survey or row.reference, row.routine, row.campaign
    for name, measured in (("routine", routine), ("campaign", campaign)):
        if measured is None:
            continue
        low_coverage = measured.coverage is not None and measured.coverage < COVERAGE_REPRESENTATIVE
        if survey is not None and _apart(measured.percent, survey.percent, survey.low, survey.high):
            apart: dict[str, float | str] = {
                "figure": measured.percent,
                "survey": survey.percent,
                "source": survey.source,
                "points": round(abs(survey.percent - measured.percent), 1),
                "coverage": measured.coverage if measured.coverage is not None else "-",
                "threshold": COVERAGE_REPRESENTATIVE,
            }
            code = f"{name}_low_coverage" if low_coverage else f"{name}_technique"
            found.append(Finding(code, apart))
        elif survey is not None:
            agrees: dict[str, float | str] = {
                "figure": measured.percent,
                "source": survey.source,
                "survey": survey.percent,
            }
            found.append(Finding(f"{name}_agrees", agrees))
        elif low_coverage:
            found.append(
                Finding(
                    f"{name}_not_representative",
                    {"coverage": measured.coverage or 0.0, "threshold": COVERAGE_REPRESENTATIVE},
                )
            )
    target = row.target
    if row.survey is not None and target is not None:
        value = row.survey.percent
        if value > target:
            points = round(value - target, 1)
            params: dict[str, float | str] = {"survey": value, "target": target, "points": points}
            found.append(Finding("above_target", params))
        else:
            found.append(Finding("target_met", {"survey": value, "target": target}))
    return found


def compare(
    *,
    years: range,
    surveys: Mapping[int, Survey],
    own: Mapping[int, Mapping[str, float]],
    routine: Mapping[int, Measured],
    campaigns: Mapping[int, Measured],
    anchors: Mapping[int, float] = NATIONAL_TARGETS,
) -> list[YearRow]:
    """One row per year with every figure known and the findings."""
    rows = []
    for year in years:
        row = YearRow(
            year,
            target_for(year, anchors) if year >= min(anchors) else None,
            dict(own.get(year, {})),
            surveys.get(year),
            routine.get(year),
            campaigns.get(year),
        )
        if row.survey is None:
            row.reference = _reference(surveys, year)
        row.findings = _findings(row)
        rows.append(row)
    return rows


def _reference(surveys: Mapping[int, Survey], year: int) -> Survey | None:
    earlier = [y for y in surveys if year - SURVEY_REFERENCE_YEARS <= y < year]
    if not earlier:
        return None
    latest = surveys[max(earlier)]
    return Survey(latest.percent, f"{latest.source} {max(earlier)}", latest.low, latest.high)
