"""TPK assignment: after an import every at-risk family has a TPK team of its desa/kelurahan,
balanced; the button does it too; a coordinator moves a family by hand and sees coverage per
team (assigned, visited this month, overdue), sortable and paged; outsiders are refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.imports.kinds import import_file
from tumbuh.registry.models import Family
from tumbuh.teams.models import Assignment, Team, TeamKind, Visit
from tumbuh.teams.selectors import tpk_coverage
from tumbuh.teams.services import family_reassign, tpk_assign_region


def _teams(world: World, count: int = 2) -> list[Team]:
    return [
        Team.objects.create(kind=TeamKind.TPK, name=f"TPK A {n + 1}", region=world.kelurahan_a)
        for n in range(count)
    ]


def _keluarga(path: Path, heads: list[str], place: str = "Pasir Panjang") -> Path:
    pl.DataFrame(
        {
            "No KK": [f"7172019999{n:06d}" for n in range(len(heads))],
            "Nama Kepala Keluarga": heads,
            "Desa/Kel": [place] * len(heads),
            "Air Minum Layak": ["Tidak"] * len(heads),
            "Jamban Layak": ["Ya"] * len(heads),
        }
    ).write_csv(path)
    return path


def test_every_imported_family_at_risk_gets_a_tpk_of_its_kelurahan_balanced(
    world: World, tmp_path: Path
) -> None:
    teams = _teams(world)
    heads = [f"Keluarga Impor {n}" for n in range(7)]
    result = import_file(
        user=world.tpps,
        path=_keluarga(tmp_path / "k.csv", heads),
        region=world.kota,
        kind="keluarga",
    )
    assert result.new == 7
    assert result.tpk_assigned == 7
    at_risk = Family.objects.at_risk(on=timezone.localdate())
    assert at_risk.count() == 7
    open_ = Assignment.objects.filter(until__isnull=True)
    assert set(open_.values_list("family_id", flat=True)) == set(
        at_risk.values_list("pk", flat=True)
    )
    loads = sorted(open_.filter(team=t).count() for t in teams)
    assert loads == [3, 4]
    again = import_file(
        user=world.tpps,
        path=_keluarga(tmp_path / "k.csv", heads),
        region=world.kota,
        kind="keluarga",
    )
    assert (again.new, again.tpk_assigned) == (0, 0)
    assert open_.count() == 7


def test_families_of_a_kelurahan_without_a_tpk_are_counted_not_assigned(
    world: World, tmp_path: Path
) -> None:
    _teams(world, 1)
    result = import_file(
        user=world.tpps,
        path=_keluarga(tmp_path / "k.csv", ["Jauh"], place="Madidir Ure"),
        region=world.kota,
        kind="keluarga",
    )
    assert (result.tpk_assigned, result.tpk_without_team) == (0, 1)
    assert not Assignment.objects.exists()


def test_the_button_assigns_families_already_there_and_outsiders_are_refused(
    world: World,
) -> None:
    FamilyFactory.create_batch(3, kelurahan=world.kelurahan_a, no_latrine=True)
    FamilyFactory(kelurahan=world.kelurahan_a)  # not at risk
    with pytest.raises(PermissionDenied):
        tpk_assign_region(user=world.outsider, region=world.kota, today=timezone.localdate())
    _teams(world)
    client = Client()
    client.force_login(world.tpps)
    response = client.post("/teams/assign/", {"region": world.kota.code}, follow=True)
    assert response.status_code == 200
    assert Assignment.objects.count() == 3
    assert "3" in response.content.decode()
    client.force_login(world.kader)
    assert client.post("/teams/assign/", {"region": world.kota.code}).status_code == 403


def test_a_family_is_moved_by_hand_to_another_team_of_its_kelurahan_keeping_the_old(
    world: World,
) -> None:
    first, second = _teams(world)
    family = FamilyFactory(kelurahan=world.kelurahan_a, no_latrine=True)
    today = timezone.localdate()
    tpk_assign_region(user=world.tpps, region=world.kota, today=today)
    current = Assignment.objects.get(family=family, until__isnull=True)
    other = second if current.team_id == first.pk else first
    client = Client()
    client.force_login(world.tpps)
    response = client.post(
        f"/teams/family/{family.pk}/reassign/", {"team": other.pk, "back": current.team_id}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(family=family, until__isnull=True).team_id == other.pk
    assert Assignment.objects.filter(family=family, until=today).count() == 1
    elsewhere = Team.objects.create(kind=TeamKind.TPK, name="TPK B", region=world.kelurahan_b)
    with pytest.raises(ValidationError):
        family_reassign(user=world.tpps, family=family, team=elsewhere, today=today)
    client.force_login(world.outsider)
    assert (
        client.post(f"/teams/family/{family.pk}/reassign/", {"team": first.pk}).status_code == 403
    )


def test_a_coordinator_sees_coverage_per_team_sorted_and_paged(world: World) -> None:
    today = timezone.localdate()
    first, second = _teams(world)
    visited, late, fresh = (
        FamilyFactory(kelurahan=world.kelurahan_a, no_latrine=True) for _ in range(3)
    )
    Assignment.objects.create(family=visited, team=first, since=today - timedelta(days=90))
    Assignment.objects.create(family=late, team=first, since=today - timedelta(days=90))
    Assignment.objects.create(family=fresh, team=second, since=today)
    Visit.objects.create(
        family=visited, team=first, visited_on=today, next_visit_on=today + timedelta(days=30)
    )
    rows = {r.team.name: r for r in tpk_coverage(user=world.tpps, region=world.kota, today=today)}
    assert (rows["TPK A 1"].assigned, rows["TPK A 1"].visited, rows["TPK A 1"].overdue) == (2, 1, 1)
    assert (rows["TPK A 2"].assigned, rows["TPK A 2"].visited, rows["TPK A 2"].overdue) == (1, 0, 0)
    by_load = tpk_coverage(user=world.tpps, region=world.kota, today=today, sort="-assigned")
    assert [r.team.name for r in by_load] == ["TPK A 1", "TPK A 2"]
    Team.objects.bulk_create(
        Team(kind=TeamKind.TPK, name=f"TPK Z {n:02d}", region=world.kelurahan_a) for n in range(60)
    )
    client = Client()
    client.force_login(world.puskesmas)  # a puskesmas follows the TPK of the desa it serves
    world.puskesmas.profile.puskesmas.kelurahan_served.set([world.kelurahan_a])
    assert "TPK A 1" in client.get("/teams/coverage/").content.decode()
    world.puskesmas.profile.puskesmas.kelurahan_served.set([world.kelurahan_b])
    assert "TPK A 1" not in client.get("/teams/coverage/").content.decode()
    client.force_login(world.tpps)
    page = client.get(f"/teams/coverage/?region={world.kota.code}&sort=-overdue")
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("TPK A 1") < body.index("TPK A 2") < body.index("TPK Z 00")
    assert "TPK Z 59" not in body  # 62 teams, 50 a page
    second = client.get(f"/teams/coverage/?region={world.kota.code}&sort=-overdue&page=2")
    assert "TPK Z 59" in second.content.decode()


def test_a_lurah_sees_the_coverage_of_their_desa_only(world: World) -> None:
    _teams(world)
    Team.objects.create(kind=TeamKind.TPK, name="TPK B 1", region=world.kelurahan_b)
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    rows = tpk_coverage(user=lurah, region=world.kelurahan_a, today=timezone.localdate())
    assert sorted(r.team.name for r in rows) == ["TPK A 1", "TPK A 2"]
    with pytest.raises(PermissionDenied):
        tpk_coverage(user=lurah, region=world.kelurahan_b, today=timezone.localdate())
    with pytest.raises(PermissionDenied):
        tpk_coverage(user=world.kader, region=world.kelurahan_a, today=timezone.localdate())


def test_a_puskesmas_reads_the_team_names_of_its_coverage_and_a_coordinator_opens_them(
    world: World,
) -> None:
    first, _second = _teams(world)
    world.puskesmas.profile.puskesmas.kelurahan_served.set([world.kelurahan_a])
    client = Client()
    client.force_login(world.puskesmas)  # follows the coverage; the teams' pages are not its own
    body = client.get("/teams/coverage/").content.decode()
    assert "TPK A 1" in body
    assert f"/teams/{first.pk}/" not in body
    assert client.get(f"/teams/{first.pk}/").status_code == 403
    client.force_login(world.tpps)
    assert f"/teams/{first.pk}/" in client.get("/teams/coverage/").content.decode()
