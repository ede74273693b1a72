"""The registry's domain rules, each named once (the querysets in ``models`` apply them).

- Under five and baduta: ages in days from ``tumbuh.growth.rules`` (below 60 and 24 months).
- At-risk family (keluarga berisiko stunting, BKKBN): a risk factor at home (no clean drinking
  water, no proper latrine, a smoker in the house) or a 4T mother: a woman of the family who is
  the mother of a child under five and who is too young (under 20), too old (35 or older), has
  had births too close (less than two years apart) or too many (more than three children).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from tumbuh.growth.rules import BADUTA_BELOW_DAYS, UNDER_FIVE_BELOW_DAYS, last_age_day_below

#: The family's field that is true where the home has no clean drinking water (a target group
#: of its own: "keluarga tanpa air minum layak").
NO_CLEAN_WATER_FIELD: Final = "no_clean_water"
#: The family's field that is true where the home has no proper latrine ("tanpa jamban layak").
NO_LATRINE_FIELD: Final = "no_latrine"
#: Family fields that each make a home a risk: true means the risk is there.
HOME_RISK_FIELDS: Final = (NO_CLEAN_WATER_FIELD, NO_LATRINE_FIELD, "smoker_in_house")
#: 4T: "terlalu muda" (the mother is younger than this, in years).
FOUR_T_YOUNGEST_YEARS: Final = 20
#: 4T: "terlalu tua" (the mother is this old or older, in years).
FOUR_T_OLDEST_YEARS: Final = 35
#: 4T: "terlalu dekat" (two births less than two years apart).
FOUR_T_BIRTHS_TOO_CLOSE: Final = timedelta(days=730)
#: 4T: "terlalu banyak" (more children than this).
FOUR_T_MOST_CHILDREN: Final = 3


def years_before(on: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def earliest_birth_under_five(on: date) -> date:
    """The earliest birth date of a child under five on ``on``."""
    return on - timedelta(days=last_age_day_below(UNDER_FIVE_BELOW_DAYS))


def earliest_birth_baduta(on: date) -> date:
    """The earliest birth date of a child under two on ``on``."""
    return on - timedelta(days=last_age_day_below(BADUTA_BELOW_DAYS))
