"""``tumbuh demo`` builds a small city (tests use fewer children), and reuses it when run again."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model

from tumbuh.measurements.models import Measurement
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Person, SasaranRole
from tumbuh.registry.nik import nik_validate
from tumbuh.web.demo import ACCOUNTS, demo_build


@pytest.mark.django_db
def test_the_demo_builds_bitung_with_every_role_and_reuses_it() -> None:
    summary = demo_build(today=date(2026, 3, 10), children=400)
    assert Region.objects.filter(code__startswith="71.72.", level="kecamatan").count() == 8
    assert Region.objects.filter(code__startswith="71.72.", level="desa_kelurahan").count() == 69
    assert Posyandu.objects.count() >= 69 * 3
    assert Person.objects.filter(mother__isnull=False).count() == 400
    measurements = Measurement.objects.count()
    assert 400 * 8 < measurements < 400 * 24
    stunted = Measurement.objects.filter(zlen__lt=-2).count() / measurements
    assert 0.12 < stunted < 0.30
    assert Measurement.objects.exclude(flags="").exists() or measurements < 5000
    for child in Person.objects.exclude(nik=None).filter(mother__isnull=False)[:200]:
        nik_validate(child.nik or "", birth_date=child.birth_date, sex=child.sex)
    assert SasaranRole.objects.filter(role="ibu_hamil", hpl__isnull=False).exists()
    assert SasaranRole.objects.filter(role="baduta").exists()
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(ACCOUNTS)
    for name in ACCOUNTS:
        assert name in summary
    assert _planner_knows(Measurement), "the demo's tables are analysed"
    assert "reusing" in demo_build(today=date(2026, 3, 10), children=400)
    assert Measurement.objects.count() == measurements


def _planner_knows(model: type[Model]) -> bool:
    """The query planner has statistics of the table (ANALYZE ran on it)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return bool(cursor.fetchone()[0] > 0)
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return bool(cursor.fetchone()[0] > 0)


@pytest.mark.django_db
def test_the_kota_dashboard_equals_a_plain_recount_of_the_demo() -> None:
    from tumbuh.dashboard.selectors import dashboard_for

    today = date(2026, 3, 10)
    demo_build(today=today, children=300)
    latest: dict[int, Measurement] = {}
    for m in Measurement.objects.filter(measured_on__gt=date(2025, 3, 10)).order_by("measured_on"):
        latest[m.child_id] = m
    board = dashboard_for(
        user=User.objects.get(username="admin"),
        region=Region.objects.get(code="71.72"),
        today=today,
    )
    assert board.overall.measured == len(latest)
    assert board.overall.stunted == sum(
        1 for m in latest.values() if m.zlen is not None and m.zlen < -2
    )
    assert board.overall.wasted == sum(
        1 for m in latest.values() if m.zwfl is not None and m.zwfl < -2
    )
    assert sum(area.prevalence.measured for area in board.areas) == len(latest)
    assert sum(area.registered for area in board.areas) == board.registered


@pytest.mark.django_db
def test_the_demo_builds_kutai_kartanegara_a_kabupaten_whose_pages_say_desa() -> None:
    from django.test import Client

    from tumbuh.teams.models import Assignment, Team
    from tumbuh.web.demo import demo_children

    summary = demo_build(today=date(2026, 3, 10), children=300, code="64.02")
    assert summary.startswith("Kabupaten Kutai Kartanegara: ")
    assert Region.objects.filter(code__startswith="64.02.", level="kecamatan").count() == 20
    assert Person.objects.filter(mother__isnull=False).count() == 300
    assert not Region.objects.filter(code__startswith="71.72").exists()
    assert Team.objects.get(kind="tpps").name == "TPPS Kabupaten Kutai Kartanegara"
    assert Team.objects.filter(kind="tpk", decree_number__startswith="SK Kepala Desa").exists()
    assert Assignment.objects.exists()
    lurah = User.objects.get(username="lurah")
    assert lurah.profile.region is not None
    assert lurah.profile.region.kind == "desa"
    client = Client()
    client.force_login(User.objects.get(username="tpps"))
    board = client.get("/dashboard/?region=64.02.02")
    assert board.status_code == 200
    assert "Desa" in board.content.decode()
    client.force_login(lurah)
    assert client.get("/teams/").status_code == 200
    assert "Desa " + lurah.profile.region.name in client.get("/teams/").content.decode()
    assert demo_children("64.02") == 44_700  # Bitung's children per kelurahan, 237 desa/kel.


@pytest.mark.django_db
def test_the_demo_refuses_a_region_without_boundaries() -> None:
    from tumbuh.web.demo import DemoRegionError

    with pytest.raises(DemoRegionError, match="no boundaries"):
        demo_build(today=date(2026, 3, 10), children=10, code="11.01")
    with pytest.raises(DemoRegionError, match="kabupaten/kota"):
        demo_build(today=date(2026, 3, 10), children=10, code="64")
