"""SKDN gain status (N/T/O/B) of stored measurements, by the KBM rule of ``tumbuh.growth.kbm``.

The status of a visit depends on the child's other visits, so it is always recomputed along the
whole history of the children concerned: by the entry form after each save or correction, by
imports and merges for every child they touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from django.db.models import FloatField
from django.db.models.functions import Cast

from tumbuh.growth.kbm import gain_statuses
from tumbuh.measurements.models import Measurement

#: Day 0 of numpy's ``datetime64[D]`` as a proleptic Gregorian ordinal.
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def gain_fixes(*, children: Sequence[int]) -> list[tuple[str, int]]:
    """``(status, pk)`` of each visit of these children whose stored status is not the rule's."""
    rows = list(
        Measurement.objects.filter(child_id__in=children)
        .annotate(weight=Cast("weight_kg", FloatField()))
        .values_list("pk", "child_id", "measured_on", "weight", "age_days", "gain")
    )
    if not rows:
        return []
    n = len(rows)
    pks, ids, days, weights, ages, stored = zip(*rows, strict=True)
    statuses = gain_statuses(
        child=np.fromiter(ids, np.int64, n),
        measured_on=(
            np.fromiter((d.toordinal() for d in days), np.int64, n) - EPOCH_ORDINAL
        ).astype("datetime64[D]"),
        weight_kg=np.fromiter((np.nan if w is None else w for w in weights), np.float64, n),
        age_days=np.fromiter(ages, np.int64, n),
    )
    return [
        (new, pk) for pk, new, old in zip(pks, statuses.tolist(), stored, strict=True) if new != old
    ]


def child_gains_refresh(*, child_id: int) -> int:
    """Recompute one child's statuses (after an entry or a correction); returns how many changed."""
    fixes = gain_fixes(children=[child_id])
    for status, pk in fixes:
        Measurement.objects.filter(pk=pk).update(gain=status)
    return len(fixes)
