"""The lurah / kepala desa's village page: their desa's aggregates and by-name lists (stunted
and wasted children, at-risk families without a TPK, TPK coverage); another desa is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.measurements.models import Measurement
from tumbuh.teams.models import Assignment, Team, TeamKind


def _measure(child: object, posyandu: object, zlen: float, zwfl: float, days_ago: int) -> None:
    Measurement.objects.create(
        child=child,
        posyandu=posyandu,
        measured_on=timezone.localdate() - timedelta(days=days_ago),
        age_days=400,
        weight_kg=Decimal("8.1"),
        lenhei_cm=Decimal("70.0"),
        position="L",
        zlen=zlen,
        zwfl=zwfl,
    )


def test_a_lurah_sees_their_desa_by_name_and_is_refused_another(world: World) -> None:
    today = timezone.localdate()
    short = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_a, no_latrine=True),
        posyandu=world.posyandu_a,
        name="Anak Pendek",
        birth_date=today - timedelta(days=400),
    )
    _measure(short, world.posyandu_a, -1.0, 0.0, 200)
    _measure(short, world.posyandu_a, -2.6, 0.1, 20)  # the latest counts
    thin = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_a),
        posyandu=world.posyandu_a,
        name="Anak Kurus",
        birth_date=today - timedelta(days=300),
    )
    _measure(thin, world.posyandu_a, -0.5, -2.4, 10)
    away = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_b),
        posyandu=world.posyandu_b,
        name="Anak Desa Lain",
        birth_date=today - timedelta(days=300),
    )
    _measure(away, world.posyandu_b, -3.0, -3.0, 10)
    team = Team.objects.create(kind=TeamKind.TPK, name="TPK A 1", region=world.kelurahan_a)
    helped = FamilyFactory(kelurahan=world.kelurahan_a, no_clean_water=True, head_name="Didampingi")
    Assignment.objects.create(family=helped, team=team, since=today)
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client = Client()
    client.force_login(lurah)
    page = client.get("/teams/desa/")
    body = page.content.decode()
    assert page.status_code == 200
    stunted = body.split('id="stunted"')[1].split('id="wasted"')[0]
    assert "Anak Pendek" in stunted
    assert "Anak Kurus" not in stunted
    assert "Anak Kurus" in body.split('id="wasted"')[1]
    assert "Anak Desa Lain" not in body
    without = body.split('id="without-tpk"')[1].split('id="gaps"')[0]
    assert short.family.head_name in without
    assert "Didampingi" not in without
    assert "TPK A 1" in body
    assert "/convergence/gaps/dinsos/list/?region=" in body
    assert client.get(f"/teams/desa/?region={world.kelurahan_b.code}").status_code == 403
    client.force_login(world.kader)
    assert client.get(f"/teams/desa/?region={world.kelurahan_a.code}").status_code == 403
    client.force_login(world.tpps)
    listing = client.get(f"/teams/desa/?region={world.kota.code}").content.decode()
    assert f"?region={world.kelurahan_b.code}" in listing
