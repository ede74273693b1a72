"""WHO growth standards (2006) and reference (2007): exact, vectorised z-scores.

No Django here: the engine is pure numpy and is used by the web app, the importers and the CLI.

- ``zscores(...)``: the batch API (contract), WHO's column names in, WHO's column names out.
- ``score_child(...)``: one measurement of one child, typed, with Permenkes categories.
- ``classify`` / ``classify_array``: Permenkes No. 2 Tahun 2020 categories of rounded z-scores.
"""

from tumbuh.growth.batch import zscores
from tumbuh.growth.categories import (
    SCALES,
    Category,
    Indicator,
    Tone,
    classify,
    classify_array,
)
from tumbuh.growth.child import (
    GrowthResult,
    IndicatorResult,
    Position,
    Sex,
    age_in_days,
    score_child,
)
from tumbuh.growth.errors import GrowthError, GrowthInputError

__all__ = [
    "SCALES",
    "Category",
    "GrowthError",
    "GrowthInputError",
    "GrowthResult",
    "Indicator",
    "IndicatorResult",
    "Position",
    "Sex",
    "Tone",
    "age_in_days",
    "classify",
    "classify_array",
    "score_child",
    "zscores",
]
