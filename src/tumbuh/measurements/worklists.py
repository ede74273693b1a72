"""Work lists for kader and puskesmas: who is due, who did not gain twice, who to refer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tumbuh.accounts.scope import AnyUser
from tumbuh.growth.categories import STUNTED_BELOW, WASTED_BELOW
from tumbuh.growth.kbm import is_two_t
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.selectors import measurement_list
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import children_under_five

LOOKBACK_DAYS = 120


@dataclass
class WorkLists:
    due: list[Person] = field(default_factory=list)
    two_t: list[Measurement] = field(default_factory=list)
    refer: list[Measurement] = field(default_factory=list)
    flagged: list[Measurement] = field(default_factory=list)


def _newly_below(latest: float | None, before: float | None, cut: float) -> bool:
    return latest is not None and latest < cut and (before is None or before >= cut)


def worklists_for(*, user: AnyUser, today: date) -> WorkLists:
    """The four lists, from each child's two latest measurements in the last four months."""
    month_start = today.replace(day=1)
    recent = (
        measurement_list(user=user)
        .filter(measured_on__gte=today - timedelta(days=LOOKBACK_DAYS), measured_on__lte=today)
        .order_by("child_id", "-measured_on")
        .values_list("pk", "child_id", "measured_on", "gain", "zlen", "zwfl", "flags")
    )
    latest: dict[int, list[tuple[Any, ...]]] = {}
    for row in recent:
        pair = latest.setdefault(row[1], [])
        if len(pair) < 2:
            pair.append(row)
    two_t, refer, flagged = [], [], []
    for pair in latest.values():
        last, before = pair[0], pair[1] if len(pair) > 1 else None
        if before is not None and is_two_t(last[3], before[3]):
            two_t.append(last[0])
        if _newly_below(last[4], before[4] if before else None, STUNTED_BELOW) or _newly_below(
            last[5], before[5] if before else None, WASTED_BELOW
        ):
            refer.append(last[0])
        if last[6]:
            flagged.append(last[0])
    chosen = Measurement.objects.select_related(
        "child__posyandu__kelurahan", "child__family__kelurahan"
    ).in_bulk([*two_t, *refer, *flagged])
    measured = {child for child, pair in latest.items() if pair[0][2] >= month_start}
    children = (
        children_under_five(user=user, on=today)
        .filter(posyandu__isnull=False)
        .select_related("posyandu__kelurahan")
    )
    return WorkLists(
        due=[c for c in children.order_by("posyandu_id", "name") if c.pk not in measured],
        two_t=[chosen[pk] for pk in two_t],
        refer=[chosen[pk] for pk in refer],
        flagged=[chosen[pk] for pk in flagged],
    )
