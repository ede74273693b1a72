"""Assigning at-risk families to TPK teams: within each kelurahan, balanced load.

Families keep their team when they already have one (continuity of care); new families go,
one by one, to the team in their kelurahan with the fewest families (ties: the team code),
which is optimal for balance given the existing load. Families in a kelurahan without a team
are returned unassigned, named, for the secretariat to act on.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AssignmentResult:
    assignments: dict[str, str]  # family id -> team code
    unassigned: list[str]  # families whose kelurahan has no team

    def load(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for team in self.assignments.values():
            counts[team] += 1
        return dict(counts)


def assign_families(
    *,
    families: Sequence[tuple[str, str]],
    teams: Sequence[tuple[str, str]],
    current: Mapping[str, str] | None = None,
) -> AssignmentResult:
    """Families (id, kelurahan) to teams (code, kelurahan); ``current`` keeps existing pairs."""
    current = dict(current or {})
    team_area = dict(teams)
    load: dict[str, int] = defaultdict(int)
    kept: dict[str, str] = {}
    for family, team in current.items():
        if team in team_area:
            kept[family] = team
            load[team] += 1
    heaps: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, area in teams:
        heaps[area].append((load[code], code))
    for heap in heaps.values():
        heapq.heapify(heap)
    assignments = dict(kept)
    unassigned = []
    for family, area in families:
        if family in assignments:
            continue
        if not heaps.get(area):
            unassigned.append(family)
            continue
        count, code = heapq.heappop(heaps[area])
        assignments[family] = code
        heapq.heappush(heaps[area], (count + 1, code))
    return AssignmentResult(assignments, unassigned)
