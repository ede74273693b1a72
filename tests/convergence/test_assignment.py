"""TPK assignment: balanced within each kelurahan, at Kota Batam's scale."""

from __future__ import annotations

import random
import time

from tumbuh.convergence.assignment import assign_families


def test_families_are_spread_evenly_over_the_teams_of_their_kelurahan() -> None:
    families = [(f"f{i}", "k1") for i in range(10)]
    result = assign_families(families=families, teams=[("t1", "k1"), ("t2", "k1"), ("t3", "k1")])
    assert sorted(result.load().values()) == [3, 3, 4]


def test_a_family_keeps_its_team() -> None:
    result = assign_families(
        families=[("f1", "k1"), ("f2", "k1")],
        teams=[("t1", "k1"), ("t2", "k1")],
        current={"f1": "t2"},
    )
    assert result.assignments["f1"] == "t2"
    assert result.assignments["f2"] == "t1"


def test_families_never_cross_into_another_kelurahan_and_orphans_are_named() -> None:
    result = assign_families(families=[("f1", "k1"), ("f2", "k2")], teams=[("t1", "k1")])
    assert result.assignments == {"f1": "t1"}
    assert result.unassigned == ["f2"]


def test_batam_scale_544_teams_and_50000_families_assign_quickly_and_evenly() -> None:
    rng = random.Random(2171)
    kelurahan = [f"21.71.{i:02d}" for i in range(64)]
    teams = [(f"tpk{i}", kelurahan[i % 64]) for i in range(544)]
    families = [(f"f{i}", rng.choice(kelurahan)) for i in range(50_000)]
    started = time.perf_counter()
    result = assign_families(families=families, teams=teams)
    assert time.perf_counter() - started < 2.0
    assert len(result.assignments) == 50_000
    by_area: dict[str, list[int]] = {}
    load = result.load()
    for code, area in teams:
        by_area.setdefault(area, []).append(load.get(code, 0))
    assert all(max(v) - min(v) <= 1 for v in by_area.values())
