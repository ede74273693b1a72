"""Scoring whole tables: recognise columns, parse each value with a reason, run the growth kernel.

Used by ``tumbuh zscore`` and ``tumbuh analyse``. No Django.
"""

from tumbuh.scoring.columns import FIELDS, ColumnError, resolve_columns
from tumbuh.scoring.frame import ScoreSummary, score_frame

__all__ = ["FIELDS", "ColumnError", "ScoreSummary", "resolve_columns", "score_frame"]
