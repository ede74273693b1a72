"""The kernel against the independent oracle on random records aimed at WHO's boundaries."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from tests.growth.oracle import score
from tumbuh.growth import zscores

BOUNDARY_DAYS = (0, 1, 90, 91, 273.9, 274, 730.49, 730.5, 731, 1826, 1826.25, 1827, 3652.5)
BOUNDARY_MONTHS = (59.99, 60, 60.5, 120, 120.01, 228, 228.01)


def _records(
    n: int, seed: int
) -> list[tuple[int | None, float | None, float | None, float | None, str | None, bool]]:
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.05:
            age: float | None = None
        elif roll < 0.15:
            age = rng.choice(BOUNDARY_DAYS)
        elif roll < 0.2:
            age = rng.choice(BOUNDARY_MONTHS) * 30.4375
        elif roll < 0.35:
            age = rng.uniform(1826, 7000)
        else:
            age = round(rng.uniform(0, 1826), rng.choice([0, 0, 2]))
        lenhei = rng.choice(
            [
                None,
                round(rng.uniform(40, 190), 1),
                round(rng.uniform(44.5, 121), 1),
                rng.choice([45.0, 65.0, 86.9, 87.0, 110.0, 120.0, 110.1, 44.9]),
            ]
        )
        weight = rng.choice([None, round(rng.uniform(0.5, 90), 1), round(rng.gauss(12, 6), 1)])
        measure = rng.choice(["l", "h", None])
        records.append(
            (rng.choice([1, 2, 1, 2, None]), age, weight, lenhei, measure, rng.random() < 0.05)
        )
    return records


@pytest.mark.parametrize("seed", range(4))
def test_the_kernel_equals_the_oracle_on_random_boundary_records(seed: int) -> None:
    records = _records(20_000, seed)
    out = zscores(
        sex=[r[0] for r in records],
        age=[math.nan if r[1] is None else r[1] for r in records],
        weight=[math.nan if r[2] is None else r[2] for r in records],
        lenhei=[math.nan if r[3] is None else r[3] for r in records],
        measure=[r[4] for r in records],
        oedema=["y" if r[5] else "n" for r in records],
    )
    mismatches = []
    for i, record in enumerate(records):
        expected = score(*record)
        for name, value in expected.items():
            got = out[name][i]
            if not (math.isnan(value) and np.isnan(got)) and value != got:
                mismatches.append((record, name, value, got))
    assert mismatches[:5] == []
