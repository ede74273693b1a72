"""A small world of measured children for the campaign and public-page tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.measurements.services import measurement_record
from tumbuh.regions.models import Posyandu
from tumbuh.registry.models import Person

AUGUST = (date(2026, 8, 1), date(2026, 8, 31))
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))


def measured_children(
    world: World,
    *,
    posyandu: Posyandu,
    count: int,
    seed: int,
    days: tuple[date, ...] = (date(2026, 2, 10), date(2026, 8, 5), date(2026, 8, 20)),
) -> list[Person]:
    """``count`` children of 10-50 months at ``posyandu``, each measured on ``days``; lengths
    spread so that some are stunted."""
    rng = np.random.default_rng(seed)
    children = []
    for _ in range(count):
        born = AUGUST[0] - timedelta(days=int(rng.integers(300, 1500)))
        child = ChildFactory(
            family=FamilyFactory(kelurahan=posyandu.kelurahan),
            posyandu=posyandu,
            birth_date=born,
            sex=int(rng.integers(1, 3)),
        )
        shift = rng.normal(-1.6, 1.1)
        for on in days:
            months = (on - born).days / 30.4375
            # near the WHO medians (6 to 50 months), shifted by the child's own z
            length = 20.9 + 21.1 * np.log1p(months) + 3.4 * shift
            weight = (-3.38 + 4.98 * np.log1p(months)) * (1 + 0.09 * shift) + rng.normal(0, 0.3)
            measurement_record(
                user=world.admin,
                child=child,
                posyandu=posyandu,
                measured_on=on,
                weight_kg=Decimal(f"{max(weight, 4.0):.2f}"),
                lenhei_cm=Decimal(f"{length + rng.normal(0, 0.5):.1f}"),
                position="l" if months < 24 else "h",
            )
        children.append(child)
    return children
