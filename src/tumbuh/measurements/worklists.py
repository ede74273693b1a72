"""Work lists for kader and puskesmas: who is due, who did not gain twice, who to refer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tumbuh.accounts.scope import AnyUser
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.selectors import measurement_list
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import children_under_five

STUNTED = WASTED = -2.0
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
        .select_related("child")
        .order_by("child_id", "-measured_on")
    )
    latest: dict[int, list[Measurement]] = {}
    for m in recent:
        pair = latest.setdefault(m.child_id, [])
        if len(pair) < 2:
            pair.append(m)
    lists = WorkLists()
    for pair in latest.values():
        last, before = pair[0], pair[1] if len(pair) > 1 else None
        if last.gain == Gain.TIDAK_NAIK and before is not None and before.gain == Gain.TIDAK_NAIK:
            lists.two_t.append(last)
        if _newly_below(last.zlen, before.zlen if before else None, STUNTED) or _newly_below(
            last.zwfl, before.zwfl if before else None, WASTED
        ):
            lists.refer.append(last)
        if last.flags:
            lists.flagged.append(last)
    measured = {cid for cid, pair in latest.items() if pair[0].measured_on >= month_start}
    children = children_under_five(user=user, on=today).filter(posyandu__isnull=False)
    lists.due = [c for c in children.order_by("posyandu_id", "name") if c.pk not in measured]
    return lists
