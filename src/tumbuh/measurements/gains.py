"""SKDN gain status (N/T/O/B) of stored measurements, by the KBM rule of ``tumbuh.growth.kbm``.

The status of a visit depends on the child's other visits, so it is always recomputed along the
whole history of the children concerned: by the entry form after each save or correction, by
imports and merges for every child they touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tumbuh.growth.kbm import gain_statuses
from tumbuh.measurements.models import Measurement


def gain_fixes(*, children: Sequence[int]) -> list[tuple[str, int]]:
    """``(status, pk)`` of each visit of these children whose stored status is not the rule's."""
    rows = list(
        Measurement.objects.filter(child_id__in=children).values_list(
            "pk", "child_id", "measured_on", "weight_kg", "age_days", "gain"
        )
    )
    if not rows:
        return []
    pks, ids, days, weights, ages, stored = zip(*rows, strict=True)
    statuses = gain_statuses(
        child=np.array(ids, dtype=np.int64),
        measured_on=np.array(days, dtype="datetime64[D]"),
        weight_kg=np.array([np.nan if w is None else float(w) for w in weights]),
        age_days=np.array(ages, dtype=np.int64),
    )
    return [
        (str(new), pk)
        for pk, new, old in zip(pks, statuses.tolist(), stored, strict=True)
        if new != old
    ]


def child_gains_refresh(*, child_id: int) -> int:
    """Recompute one child's statuses (after an entry or a correction); returns how many changed."""
    fixes = gain_fixes(children=[child_id])
    for status, pk in fixes:
        Measurement.objects.filter(pk=pk).update(gain=status)
    return len(fixes)
