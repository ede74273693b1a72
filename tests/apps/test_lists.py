"""Lists tell the truth: the true count, pages, a search by name or NIK, and filters by posyandu
and kelurahan, all inside the user's scope; work lists name each child's posyandu and kelurahan."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.utils import timezone

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory


def _many_children(world: World, count: int) -> None:
    born = timezone.localdate().replace(day=1).replace(year=timezone.localdate().year - 1)
    family = FamilyFactory(kelurahan=world.kelurahan_a)
    for n in range(count):
        ChildFactory(
            name=f"Balita {n:03d}", family=family, posyandu=world.posyandu_a, birth_date=born
        )


def test_the_people_list_counts_everyone_and_pages(world: World, client: Client) -> None:
    _many_children(world, 120)
    client.force_login(world.tpps)
    first = client.get("/people/").content.decode()
    assert "Jumlah seluruhnya: 122" in first
    assert first.count("/measurements/child/") == 50
    last = client.get("/people/?page=3").content.decode()
    assert last.count("/measurements/child/") == 22


def test_the_people_list_filters_by_posyandu_kelurahan_and_name(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    by_posyandu = client.get(f"/people/?posyandu={world.posyandu_b.pk}").content.decode()
    assert world.child_b.name in by_posyandu
    assert world.child_a.name not in by_posyandu
    by_kelurahan = client.get(f"/people/?kelurahan={world.kelurahan_a.code}").content.decode()
    assert world.child_a.name in by_kelurahan
    assert world.child_b.name not in by_kelurahan
    by_name = client.get(f"/people/?q={world.child_b.name}").content.decode()
    assert world.child_a.name not in by_name
    assert world.child_b.name in by_name


def test_a_filter_outside_the_scope_shows_nothing_more(world: World, client: Client) -> None:
    client.force_login(world.outsider)
    body = client.get(f"/people/?posyandu={world.posyandu_a.pk}").content.decode()
    assert world.child_a.name not in body
    assert world.child_b.name in body


def test_a_work_list_shows_its_true_count_pages_and_places(world: World, client: Client) -> None:
    _many_children(world, 230)
    client.force_login(world.tpps)
    body = client.get("/measurements/worklists/?list=due").content.decode()
    assert "<b>232</b>" in body
    assert "Jumlah seluruhnya: 232" in body
    assert body.count("/measurements/child/") == 50
    assert world.posyandu_a.name in body
    assert world.kelurahan_a.name in body
    last = client.get("/measurements/worklists/?list=due&page=5").content.decode()
    assert last.count("/measurements/child/") == 32


def test_a_work_list_filters_by_posyandu(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    url = f"/measurements/worklists/?list=due&posyandu={world.posyandu_b.pk}"
    body = client.get(url).content.decode()
    assert world.child_b.name in body
    assert world.child_a.name not in body


def test_the_at_risk_families_list_filters_by_kelurahan(world: World, client: Client) -> None:
    ChildFactory(
        family=FamilyFactory(
            kelurahan=world.kelurahan_a, head_name="Keluarga Risiko", no_latrine=True
        ),
        posyandu=world.posyandu_a,
        birth_date=date.today().replace(day=1),
    )
    client.force_login(world.tpps)
    body = client.get("/measurements/worklists/?list=families").content.decode()
    assert "Keluarga Risiko" in body
    other = f"/measurements/worklists/?list=families&kelurahan={world.kelurahan_b.code}"
    assert "Keluarga Risiko" not in client.get(other).content.decode()
