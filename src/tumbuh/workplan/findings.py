"""The findings of the targets comparison in words, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from tumbuh.accounts.scope import AnyUser
from tumbuh.regions.models import Region
from tumbuh.workplan.compare import Finding, YearRow
from tumbuh.workplan.targets import comparison

#: Finding code -> its wording (a msgid), with the finding's numbers as named placeholders.
TEXTS = {
    "routine_low_coverage": gettext_noop(
        "Routine data measured only %(coverage)s %% of the children registered (below "
        "%(threshold)s %%): children who do not come to the posyandu are missing, so the routine "
        "%(figure)s %% is biased and lies %(points)s points from %(source)s %(survey)s %%."
    ),
    "routine_technique": gettext_noop(
        "Routine data covered %(coverage)s %% of the children, yet its %(figure)s %% lies "
        "%(points)s points from %(source)s %(survey)s %%: measuring technique and equipment at "
        "the posyandu differ from the survey's trained enumerators (or the survey's sampling "
        "error)."
    ),
    "routine_agrees": gettext_noop(
        "Routine data (%(figure)s %%) agrees with %(source)s (%(survey)s %%)."
    ),
    "routine_not_representative": gettext_noop(
        "Routine data measured only %(coverage)s %% of the children registered (below "
        "%(threshold)s %%): its prevalence does not represent the area's children."
    ),
    "campaign_low_coverage": gettext_noop(
        "The campaign measured only %(coverage)s %% of the children registered (below "
        "%(threshold)s %%): its %(figure)s %% lies %(points)s points from %(source)s "
        "%(survey)s %%."
    ),
    "campaign_technique": gettext_noop(
        "The campaign covered %(coverage)s %% of the children, yet its %(figure)s %% lies "
        "%(points)s points from %(source)s %(survey)s %%: measuring technique and equipment, "
        "or the survey's sampling error."
    ),
    "campaign_agrees": gettext_noop(
        "The campaign (%(figure)s %%) agrees with %(source)s (%(survey)s %%)."
    ),
    "campaign_not_representative": gettext_noop(
        "The campaign measured only %(coverage)s %% of the children registered (below "
        "%(threshold)s %%): its prevalence does not represent the area's children."
    ),
    "above_target": gettext_noop(
        "The survey's %(survey)s %% is %(points)s points above the year's target of %(target)s %%."
    ),
    "target_met": gettext_noop(
        "The survey's %(survey)s %% meets the year's target of %(target)s %%."
    ),
}


def _shown(value: float | str) -> str:
    return value if isinstance(value, str) else number_format(value, 1)


def finding_text(finding: Finding) -> str:
    return gettext(TEXTS[finding.code]) % {k: _shown(v) for k, v in finding.params.items()}


@dataclass
class Shown:
    row: YearRow
    texts: list[str]


def comparison_shown(*, user: AnyUser, region: Region, today: date | None = None) -> list[Shown]:
    """The targets page's comparison, each year's findings in words."""
    return [
        Shown(row, [finding_text(f) for f in row.findings])
        for row in comparison(user=user, region=region, today=today)
    ]
