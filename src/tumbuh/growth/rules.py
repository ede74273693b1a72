"""WHO's rules for the growth standards, each under its own name.

Every value here is observable in the outputs of WHO's R packages ``anthro`` 1.1.0 (Child Growth
Standards 2006) and ``anthroplus`` 1.0.0 (Growth Reference 2007); see ``shared/who/RULES.md``.
"""

import math
from typing import Final

#: Days per month used by WHO to convert between age units.
DAYS_PER_MONTH: Final = 30.4375

#: 2006 z-scores exist only for an unrounded age in months strictly below this.
MAX_AGE_MONTHS_2006: Final = 60.0
#: Under five (balita, 0-59 months): a child's age in days is below 60 months of
#: ``DAYS_PER_MONTH`` (1,826.25 days), the age below which the 2006 standards apply.
UNDER_FIVE_BELOW_DAYS: Final = MAX_AGE_MONTHS_2006 * DAYS_PER_MONTH
#: Baduta (bawah dua tahun, 0-23 months, the end of the 1,000 days): below 24 months.
BADUTA_BELOW_MONTHS: Final = 24.0
#: Baduta in days: below 730.5 days.
BADUTA_BELOW_DAYS: Final = BADUTA_BELOW_MONTHS * DAYS_PER_MONTH
#: Last day (rounded age) that the 2006 age tables hold.
MAX_AGE_DAYS_2006: Final = 1856
#: Arm circumference and skinfold tables start at this rounded age in days.
MIN_AGE_DAYS_ARM_SKINFOLD: Final = 91

#: From this rounded age in days the standards are height-based (standing), below it length-based.
HEIGHT_FROM_AGE_DAYS: Final = 731
#: Difference between recumbent length and standing height, in cm.
LENGTH_HEIGHT_ADJUSTMENT_CM: Final = 0.7
#: Standing height below this unrounded age in months is implausible (c9mo_flag).
MIN_STANDING_AGE_MONTHS: Final = 9.0
#: Without age and without measure, weight-for-length is used below this length in cm.
LENGTH_TABLE_BELOW_CM: Final = 87.0

#: Weight-for-length table range (inclusive), in cm.
WFL_LENGTH_RANGE_CM: Final = (45.0, 110.0)
#: Weight-for-height table range (inclusive), in cm.
WFH_HEIGHT_RANGE_CM: Final = (65.0, 120.0)

#: The 2007 reference: height- and BMI-for-age range in months (inclusive, unrounded).
AGE_RANGE_MONTHS_2007: Final = (60.0, 228.0)
#: The 2007 reference: weight-for-age stops at this age in months (inclusive).
MAX_AGE_MONTHS_WFA_2007: Final = 120.0

#: Beyond +/- this many SD the restricted z-score applies to weight-type indicators.
RESTRICTED_Z_LIMIT: Final = 3.0

#: Digits WHO rounds every z-score to (with R's ``round``).
Z_DECIMALS: Final = 2

#: Flag limits: a z-score outside (low, high) is implausible. Both limits are exclusive.
FLAG_LIMITS: Final[dict[str, tuple[float, float]]] = {
    "zlen": (-6.0, 6.0),
    "zwei": (-6.0, 5.0),
    "zwfl": (-5.0, 5.0),
    "zbmi": (-5.0, 5.0),
    "zhc": (-5.0, 5.0),
    "zac": (-5.0, 5.0),
    "zts": (-5.0, 5.0),
    "zss": (-5.0, 5.0),
    "zhfa": (-6.0, 6.0),
    "zwfa": (-6.0, 5.0),
    "zbfa": (-5.0, 5.0),
}


def last_age_day_below(limit_days: float) -> int:
    """The oldest whole age in days still below a limit (1,826.25 -> 1,826; 730.5 -> 730)."""
    return math.ceil(limit_days) - 1


def is_under_five(age_days: int) -> bool:
    """Under five (0-59 months) at this age in days."""
    return 0 <= age_days < UNDER_FIVE_BELOW_DAYS


def is_baduta(age_days: int) -> bool:
    """Under two (0-23 months) at this age in days."""
    return 0 <= age_days < BADUTA_BELOW_DAYS
