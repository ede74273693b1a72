"""The public page /publik/ and its CSV: no login, aggregates only, small cells suppressed, and
no name, NIK, No. KK or address of anyone anywhere on them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl
import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings

from tests.apps.campaign_world import AUGUST, measured_children
from tests.apps.conftest import World
from tumbuh.campaigns.models import Campaign
from tumbuh.registry.models import Family, Person

#: After the August campaign (the public page shows finished campaigns only).
SEPTEMBER = "2026-09-10 09:00:00+08:00"
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_world(world: World) -> World:
    """12 children in kelurahan A (shown), 3 in kelurahan B (suppressed), each with a name, NIK,
    No. KK and address no page could contain by chance; the August campaign over the kota."""
    measured_children(world, posyandu=world.posyandu_a, count=12, seed=21)
    measured_children(world, posyandu=world.posyandu_b, count=3, seed=22)
    for i, person in enumerate(Person.objects.order_by("pk")):
        person.name = f"Zulkarnaen Quispe{i:02d}"
        person.nik = f"71720{i:02d}90{i:02d}05{i:04d}"[:16]
        person.no_nik_reason = ""
        person.save()
    for i, family in enumerate(Family.objects.order_by("pk")):
        family.head_name = f"Bartholomeus Xanthippe{i:02d}"
        family.kk_number = f"717201880000{i:04d}"
        family.address = f"Jalan Kenari Rahasia {i + 700}"
        family.save()
    Campaign.objects.create(
        name="Operasi Timbang Agustus 2026", region=world.kota, start=AUGUST[0], end=AUGUST[1]
    )
    return world


def _pages(world: World) -> dict[str, str]:
    """Every public page and download, for every level of region."""
    client = Client()
    pages = {}
    with time_machine.travel(SEPTEMBER, tick=False):
        for code in (
            "",
            world.kota.code,
            world.kelurahan_a.parent_id,
            world.kelurahan_a.code,
            world.kelurahan_b.code,
        ):
            for path in ("/publik/", "/publik/data.csv"):
                url = f"{path}?region={code}" if code else path
                response = client.get(url)
                assert response.status_code == 200, url
                pages[url] = response.content.decode()
    return pages


def test_no_personal_data_reaches_the_public_page_or_its_downloads(public_world: World) -> None:
    secrets = [p.name for p in Person.objects.all()] + [
        p.nik for p in Person.objects.all() if p.nik
    ]
    for family in Family.objects.all():
        secrets += [family.head_name, family.kk_number, family.address]
    secrets += ["Zulkarnaen", "Quispe", "Xanthippe", "Rahasia"]
    for url, content in _pages(public_world).items():
        assert [s for s in secrets if s in content] == [], url
        assert SIXTEEN_DIGITS.findall(content) == [], url


def test_the_page_shows_prevalence_and_coverage_without_login(public_world: World) -> None:
    with time_machine.travel(SEPTEMBER, tick=False):
        page = Client().get("/publik/").content.decode()
    assert "Operasi Timbang Agustus 2026" in page
    assert public_world.kelurahan_a.name in page
    assert "<svg" in page  # the map


def test_cells_under_the_threshold_are_suppressed(public_world: World) -> None:
    with time_machine.travel(SEPTEMBER, tick=False):
        response = Client().get("/publik/data.csv?region=71.72")
    rows = pl.read_csv(response.content, infer_schema_length=0)
    a = rows.filter(pl.col("kode") == public_world.kelurahan_a.code).row(0, named=True)
    b = rows.filter(pl.col("kode") == public_world.kelurahan_b.code).row(0, named=True)
    assert a["sasaran"] == "13"
    assert a["diukur"] == "12"
    assert a["stunting"] is not None
    # kelurahan B: 4 children registered, 3 measured: every cell empty
    assert [b[c] for c in ("sasaran", "diukur", "cakupan", "stunting", "stunting_ll")] == [None] * 5
    kecamatan_b = rows.filter(pl.col("kode") == public_world.kelurahan_b.parent_id).row(
        0, named=True
    )
    assert kecamatan_b["stunting"] is None


def test_the_threshold_is_a_setting(public_world: World) -> None:
    with override_settings(TUMBUH_PUBLIC_MIN_CELL=3), time_machine.travel(SEPTEMBER, tick=False):
        response = Client().get("/publik/data.csv?region=71.72")
    rows = pl.read_csv(response.content, infer_schema_length=0)
    b = rows.filter(pl.col("kode") == public_world.kelurahan_b.code).row(0, named=True)
    assert (b["sasaran"], b["diukur"]) == ("4", "3")


def test_the_trend_has_a_point_per_finished_campaign(public_world: World) -> None:
    Campaign.objects.create(
        name="Operasi Timbang Februari 2026",
        region=public_world.kota,
        start=AUGUST[0].replace(month=2),
        end=AUGUST[1].replace(month=2, day=28),
    )
    with time_machine.travel(SEPTEMBER, tick=False):
        page = Client().get("/publik/").content.decode()
    assert "2026-02" in page
    assert "2026-08" in page


def test_without_a_campaign_it_shows_the_last_complete_month(public_world: World) -> None:
    Campaign.objects.all().delete()
    with time_machine.travel(SEPTEMBER, tick=False):
        rows = pl.read_csv(Client().get("/publik/data.csv").content, infer_schema_length=0)
    # nobody was measured in August's last complete month... the children were measured in
    # August, which is the last complete month on 10 September
    assert rows.filter(pl.col("kode") == public_world.kelurahan_a.code)["diukur"][0] == "12"


def test_an_unknown_region_is_not_found(world: World) -> None:
    assert Client().get("/publik/?region=99.99").status_code == 404
