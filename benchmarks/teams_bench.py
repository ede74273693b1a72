"""Teams at Kota Batam's scale (544 TPK teams, 1,632 members) do not slow the system down.

Run: ``.venv/bin/python benchmarks/teams_bench.py`` (builds the demo city under a temporary
TUMBUH_DATA_DIR, then adds TPK teams until there are 544 with three members each). Times the
teams page of the city (every team with its members), assigning every at-risk family to a team,
and a TPK member's family list on the phone. Each is compared with the same step at the demo's
own scale in the same run, so the ratio shows how the step grows with the number of teams.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

TEAMS = 544
PAGE_LIMIT_S = 1.0
ASSIGN_LIMIT_S = 5.0


def _median(step: Callable[[], object], repeat: int = 5) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _add_teams(region_code: str) -> int:
    """Add TPK teams (bidan, kader PKK, kader KB) round the kelurahan up to ``TEAMS``."""
    from tumbuh.regions.models import Level, Region
    from tumbuh.teams.models import Position, Team, TeamKind, TeamMember

    kelurahan = list(
        Region.objects.filter(level=Level.KELURAHAN, code__startswith=region_code + ".")
    )
    existing = Team.objects.filter(kind=TeamKind.TPK).count()
    teams = Team.objects.bulk_create(
        Team(kind=TeamKind.TPK, name=f"TPK {i + 1}", region=kelurahan[i % len(kelurahan)])
        for i in range(existing, TEAMS)
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=team, name=f"{position.label} {team.name}", position=position)
        for team in teams
        for position in (Position.BIDAN, Position.KADER_PKK, Position.KADER_KB)
    )
    return existing


def _measure(tpps: Any, tpk: Any, admin: Any) -> tuple[float, float, float]:
    from django.utils import timezone

    from tumbuh.registry.models import Family
    from tumbuh.teams.models import Assignment
    from tumbuh.teams.services import families_assign

    def page() -> None:
        assert tpps.get("/teams/").status_code == 200

    def assign() -> None:
        Assignment.objects.all().delete()
        families = list(Family.objects.at_risk(on=timezone.localdate()))
        families_assign(user=admin, families=families, today=timezone.localdate())

    def phone() -> None:
        assert tpk.get("/teams/tpk/").status_code == 200

    return _median(page), _median(assign, repeat=3), _median(phone)


def main() -> int:
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="tumbuh-teams-")
    os.environ["TUMBUH_DATA_DIR"] = directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tumbuh.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from tumbuh.teams.models import TeamMember
    from tumbuh.web.demo import demo_build

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    demo_build()
    tpps, tpk = Client(), Client()
    tpps.force_login(User.objects.get(username="tpps"))
    tpk.force_login(User.objects.get(username="tpk"))
    admin = User.objects.get(username="admin")

    small = _measure(tpps, tpk, admin)
    demo_teams = _add_teams("71.72")
    large = _measure(tpps, tpk, admin)
    members = TeamMember.objects.count()
    print(f"demo: {demo_teams} TPK teams; Batam scale: {TEAMS} TPK teams, {members:,} members")
    names = ("teams page of the city", "assign every at-risk family", "a TPK member's families")
    for name, before, after in zip(names, small, large, strict=True):
        print(
            f"{name:<30} {before * 1000:7.0f} ms -> {after * 1000:7.0f} ms "
            f"({after / before:.1f}x at {TEAMS / max(demo_teams, 1):.0f}x the teams)"
        )
    ok = large[0] < PAGE_LIMIT_S and large[1] < ASSIGN_LIMIT_S and large[2] < PAGE_LIMIT_S
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
