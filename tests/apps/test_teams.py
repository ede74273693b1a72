"""Teams and the TPK: a member sees and visits only the families assigned to their team."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.teams.models import Assignment, Position, TeamKind, Visit
from tumbuh.teams.selectors import assigned_families, family_get_for_tpk
from tumbuh.teams.services import families_assign, member_add, team_create, visit_record


def _tpk_world(world: World):  # type: ignore[no-untyped-def]
    member = user_create(
        username="tpk_a", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a
    )
    team = team_create(
        user=world.tpps,
        kind=TeamKind.TPK,
        name="TPK Pasir Panjang 1",
        region=world.kelurahan_a,
        decree_number="SK Lurah 12/2025",
    )
    member_add(
        user=world.tpps,
        team=team,
        name="Bidan Rina",
        position=Position.BIDAN,
        institution="Puskesmas",
    )
    member_add(
        user=world.tpps, team=team, name="Ibu Sari", position=Position.KADER_PKK, account=member
    )
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, head_name="Keluarga Risiko", no_latrine=True
    )
    ChildFactory(family=family, posyandu=world.posyandu_a)
    other = FamilyFactory(kelurahan=world.kelurahan_a, head_name="Keluarga Lain")
    families_assign(user=world.tpps, families=[family], today=TODAY - timedelta(days=40))
    return member, team, family, other


def test_a_tpk_member_sees_only_the_families_assigned_to_the_team(world: World) -> None:
    member, _, family, other = _tpk_world(world)
    rows = assigned_families(user=member, today=TODAY)
    assert [r.family.head_name for r in rows] == ["Keluarga Risiko"]
    assert family_get_for_tpk(user=member, pk=family.pk) == family
    with pytest.raises(PermissionDenied):
        family_get_for_tpk(user=member, pk=other.pk)


def test_an_unvisited_family_is_overdue_after_30_days_and_a_visit_sets_the_next_date(
    world: World,
) -> None:
    member, _, family, _ = _tpk_world(world)
    assert assigned_families(user=member, today=TODAY)[0].overdue
    visit_record(
        user=member,
        family=family,
        visited_on=TODAY,
        checked="BB, PB",
        given="KIE gizi",
        next_visit_on=TODAY + timedelta(days=30),
    )
    row = assigned_families(user=member, today=TODAY)[0]
    assert (row.overdue, row.last_visit, row.next_visit) == (
        False,
        TODAY,
        TODAY + timedelta(days=30),
    )


def test_someone_outside_the_team_cannot_log_a_visit(world: World) -> None:
    _, _, family, _ = _tpk_world(world)
    with pytest.raises(PermissionDenied):
        visit_record(user=world.outsider_tpk, family=family, visited_on=TODAY)
    assert not Visit.objects.exists()


def test_assignment_balances_teams_and_only_coordinators_may_assign(world: World) -> None:
    team_a = team_create(user=world.tpps, kind=TeamKind.TPK, name="A", region=world.kelurahan_a)
    team_b = team_create(user=world.tpps, kind=TeamKind.TPK, name="B", region=world.kelurahan_a)
    families = [FamilyFactory(kelurahan=world.kelurahan_a) for _ in range(5)]
    new, orphans = families_assign(user=world.tpps, families=families, today=TODAY)
    assert (new, orphans) == (5, [])
    loads = sorted(
        Assignment.objects.filter(team__in=[team_a, team_b]).values_list("team_id", flat=True)
    )
    assert sorted([loads.count(team_a.pk), loads.count(team_b.pk)]) == [2, 3]
    with pytest.raises(PermissionDenied):
        families_assign(user=world.kader, families=families, today=TODAY)


def test_the_tpk_pages_work_and_refuse_a_family_of_another_team(
    world: World, client: Client
) -> None:
    member, _, family, other = _tpk_world(world)
    client.force_login(member)
    assert "Keluarga Risiko" in client.get("/teams/tpk/").content.decode()
    response = client.post(
        f"/teams/tpk/family/{family.pk}/",
        {
            "visited_on": TODAY.isoformat(),
            "checked": "LiLA ibu",
            "given": "TTD",
            "referred_to": "",
            "next_visit_on": (TODAY + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Visit.objects.filter(family=family, checked="LiLA ibu").exists()
    assert client.get(f"/teams/tpk/family/{other.pk}/").status_code == 403


def test_a_next_visit_before_the_visit_is_refused_with_a_field_message(
    world: World, client: Client
) -> None:
    member, _, family, _ = _tpk_world(world)
    client.force_login(member)
    response = client.post(
        f"/teams/tpk/family/{family.pk}/",
        {
            "visited_on": TODAY.isoformat(),
            "next_visit_on": date(2020, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert not Visit.objects.exists()


def test_the_team_list_shows_the_decree(world: World, client: Client) -> None:
    _tpk_world(world)
    client.force_login(world.tpps)
    page = client.get("/teams/").content.decode()
    assert "TPK Pasir Panjang 1" in page
    assert "SK Lurah 12/2025" in page


def test_a_visit_records_the_pregnant_mothers_lila_and_hb(world: World, client: Client) -> None:
    from tests.apps.factories import ChildFactory as PersonFactory
    from tumbuh.measurements.models import MaternalMeasurement
    from tumbuh.registry.models import Sasaran
    from tumbuh.registry.services import sasaran_start

    member, _, family, _ = _tpk_world(world)
    mother = PersonFactory(
        family=family, posyandu=world.posyandu_a, name="Ibu", sex=2, birth_date=date(2000, 1, 1)
    )
    sasaran_start(
        user=world.admin, person=mother, role=Sasaran.IBU_HAMIL, start=TODAY - timedelta(days=60)
    )
    client.force_login(member)
    client.post(
        f"/teams/tpk/family/{family.pk}/",
        {
            "visited_on": TODAY.isoformat(),
            "checked": "LiLA, Hb",
            "mother_lila_cm": "22.8",
            "mother_hb_g_dl": "10.4",
        },
    )
    measurement = MaternalMeasurement.objects.get(person=mother)
    assert (float(measurement.lila_cm), float(measurement.hb_g_dl)) == (22.8, 10.4)
