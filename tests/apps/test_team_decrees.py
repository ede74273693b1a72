"""Teams by decree in the app: a coordinator creates a team, sets a TPPS's work areas, adds
members with the region's own TPK positions and links an account in one step; a new decree
keeps the old one and its members viewable; /teams/ is paged, searchable and filtered."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.teams.models import Assignment, Team, TeamKind, TeamMember
from tumbuh.teams.services import (
    decree_replace,
    tpk_assign_region,
    tpk_positions,
    tpk_positions_set,
)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_coordinator_creates_a_tpps_with_its_four_work_areas_and_members(world: World) -> None:
    client = _client(world.tpps)
    response = client.post(
        "/teams/new/",
        {
            "kind": "tpps",
            "name": "TPPS Kota Bitung",
            "region": world.kota.code,
            "decree_number": "188/2025",
            "decree_date": "2025-03-03",
            "period_start": "2025",
            "period_end": "2030",
        },
    )
    assert response.status_code == 302
    team = Team.objects.get(name="TPPS Kota Bitung")
    areas = {
        "name": team.name,
        "decree_number": "188/2025",
        "tasks_pelayanan_intervensi": "Memastikan intervensi spesifik",
        "indicators_pelayanan_intervensi": "Cakupan imunisasi dasar",
        "tasks_monitoring_evaluasi": "Pemantauan triwulan",
    }
    assert client.post(f"/teams/{team.pk}/edit/", areas).status_code == 302
    assert team.areas.get(work_area="pelayanan_intervensi").indicators == "Cakupan imunisasi dasar"
    assert team.areas.count() == 4
    member = {"name": "Kepala Bappeda", "title": "Sekretaris", "institution": "Bappeda"}
    assert client.post(f"/teams/{team.pk}/members/new/", member).status_code == 302
    assert TeamMember.objects.get(team=team).position == "sekretaris"
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "Cakupan imunisasi dasar" in page
    assert "Kepala Bappeda" in page
    bad = client.post(
        "/teams/new/",
        {"kind": "tpk", "name": "TPK X", "region": world.kota.code, "decree_number": "1"},
    )
    assert bad.status_code == 200  # a TPK sits in a desa/kelurahan
    assert not Team.objects.filter(name="TPK X").exists()


def test_a_region_defines_its_tpk_positions_and_a_member_links_an_account_in_one_step(
    world: World,
) -> None:
    assert tpk_positions(world.kelurahan_a) == ["Bidan", "Kader PKK", "Kader KB"]
    client = _client(world.tpps)
    client.post("/teams/positions/", {"titles": "Kader Posyandu\nKader PKK\nNakes\n"})
    assert tpk_positions(world.kelurahan_a) == ["Kader Posyandu", "Kader PKK", "Nakes"]
    team = Team.objects.create(kind=TeamKind.TPK, name="TPK A", region=world.kelurahan_a)
    form = client.get(f"/teams/{team.pk}/members/new/").content.decode()
    assert "Nakes" in form
    assert "Kader KB" not in form
    account = user_create(
        username="tpk.nakes", password=PASSWORD, role=Role.TPK, region=world.kelurahan_a
    )
    row = {"name": "Rina", "title": "Nakes", "institution": "Puskesmas", "username": "tpk.nakes"}
    assert client.post(f"/teams/{team.pk}/members/new/", row).status_code == 302
    member = TeamMember.objects.get(team=team)
    assert (member.title, member.user) == ("Nakes", account)
    wrong = {"name": "X", "title": "Bidan", "username": "tpk.nakes"}
    assert client.post(f"/teams/{team.pk}/members/new/", wrong).status_code == 200
    with pytest.raises(PermissionDenied):
        tpk_positions_set(user=world.kader, region=world.kota, titles=["X"])


def test_a_new_decree_keeps_the_old_with_its_members_and_moves_the_families(
    world: World,
) -> None:
    team = Team.objects.create(
        kind=TeamKind.TPK, name="TPK A", region=world.kelurahan_a, decree_number="SK 1/2024"
    )
    TeamMember.objects.create(team=team, name="Bidan Lama", position="bidan")
    family = FamilyFactory(kelurahan=world.kelurahan_a, no_latrine=True)
    Assignment.objects.create(family=family, team=team, since=date(2025, 1, 1))
    client = _client(world.tpps)
    response = client.post(
        f"/teams/{team.pk}/decree/", {"decree_number": "SK 2/2026", "period_start": "2026"}
    )
    new = Team.objects.get(decree_number="SK 2/2026")
    assert response["Location"].endswith(f"/teams/{new.pk}/")
    team.refresh_from_db()
    assert team.replaced_by == new
    assert list(new.members.values_list("name", flat=True)) == ["Bidan Lama"]
    old_member = new.members.get()
    assert client.post(f"/teams/members/{old_member.pk}/remove/").status_code == 302
    client.post(f"/teams/{new.pk}/members/new/", {"name": "Bidan Baru", "title": "Bidan"})
    assert Assignment.objects.get(family=family, until__isnull=True).team == new
    later = FamilyFactory(kelurahan=world.kelurahan_a, no_clean_water=True)
    tpk_assign_region(user=world.tpps, region=world.kota, today=date(2026, 3, 2))
    assert Assignment.objects.get(family=later).team == new  # never the replaced decree's team
    page = client.get(f"/teams/{new.pk}/").content.decode()
    assert "Bidan Baru" in page
    assert "SK 1/2024" in page  # the earlier decree, with its members
    assert "Bidan Lama" in page
    assert client.get("/teams/").content.decode().count("TPK A") == 1  # the current one
    assert client.post(f"/teams/members/{team.members.get().pk}/remove/").status_code == 403
    with pytest.raises(ValidationError, match="decree_number"):  # replaced already
        decree_replace(
            user=world.tpps,
            team=team,
            decree_number="SK 3",
            decree_date=None,
            period_start=None,
            period_end=None,
            today=date(2026, 3, 1),
        )


def test_the_teams_page_is_paged_searchable_and_filtered(world: World) -> None:
    Team.objects.bulk_create(
        Team(kind=TeamKind.TPK, name=f"TPK Pasir {n:03d}", region=world.kelurahan_a)
        for n in range(45)
    )
    Team.objects.create(kind=TeamKind.TPK, name="TPK Madidir", region=world.kelurahan_b)
    Team.objects.create(kind=TeamKind.TKPK, name="TKPK Kota", region=world.kota)
    client = _client(world.tpps)
    first = client.get(f"/teams/?region={world.kota.code}").content.decode()
    assert first.count('class="card"') == 20
    last = client.get(f"/teams/?region={world.kota.code}&page=3").content.decode()
    assert last.count('class="card"') == 7
    found = client.get(f"/teams/?region={world.kota.code}&q=madidir").content.decode()
    assert "TPK Madidir" in found
    assert "TPK Pasir" not in found
    kind = client.get(f"/teams/?region={world.kota.code}&kind=tkpk").content.decode()
    assert kind.count('class="card"') == 1
    place = client.get(
        f"/teams/?region={world.kota.code}&place={world.kelurahan_b.code}"
    ).content.decode()
    assert place.count('class="card"') == 1


def test_outsiders_cannot_create_or_change_teams(world: World) -> None:
    team = Team.objects.create(kind=TeamKind.TPK, name="TPK A", region=world.kelurahan_a)
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client = _client(lurah)
    assert client.get(f"/teams/{team.pk}/").status_code == 200  # sees, cannot change
    assert client.get(f"/teams/{team.pk}/edit/").status_code == 403
    assert client.post("/teams/new/", {"kind": "tpk"}).status_code == 403
    client = _client(world.outsider)
    assert client.get(f"/teams/{team.pk}/").status_code in {403, 404}
