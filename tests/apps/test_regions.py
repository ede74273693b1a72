"""Regions loader (bundled Kemendagri codes), facility services, and the adduser command."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.apps.conftest import World
from tumbuh.accounts.models import Profile
from tumbuh.regions.loader import boundaries, kecamatan_codes, regions_load
from tumbuh.regions.models import Level, Region
from tumbuh.regions.services import posyandu_create, puskesmas_create


@pytest.mark.django_db
def test_loading_bitung_brings_its_ancestors_and_is_idempotent() -> None:
    added = regions_load(code="71.72")
    assert added == 1 + 1 + 8 + 69
    assert Region.objects.get(code="71.72.01.1001").parent_id == "71.72.01"
    assert regions_load(code="71.72") == 0


@pytest.mark.django_db
def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region"):
        regions_load(code="99.99")


def test_the_bundle_knows_every_kecamatan_and_bitungs_boundaries() -> None:
    assert len(kecamatan_codes()) == 7285
    geo = boundaries("71.72", "desa_kelurahan")
    assert geo is not None
    assert len(geo["features"]) == 69


def test_facilities_sit_at_the_right_level(world: World) -> None:
    kecamatan = Region.objects.get(code="71.72.01")
    with pytest.raises(ValidationError):
        puskesmas_create(name="X", kecamatan=world.kelurahan_a, serves=[])
    puskesmas = puskesmas_create(
        name="Puskesmas Baru", kecamatan=kecamatan, serves=[world.kelurahan_a]
    )
    assert list(puskesmas.kelurahan_served.all()) == [world.kelurahan_a]
    with pytest.raises(ValidationError):
        posyandu_create(name="Y", kelurahan=kecamatan, puskesmas=puskesmas)
    posyandu = posyandu_create(
        name="Posyandu Baru", kelurahan=world.kelurahan_a, puskesmas=puskesmas
    )
    assert posyandu.kelurahan.level == Level.KELURAHAN


def test_adduser_creates_a_scoped_kader(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getpass", lambda _prompt: "a-long-password-2")
    call_command("adduser", "kader_new", "--role", "kader", "--posyandu", str(world.posyandu_a.pk))
    assert Profile.objects.get(user__username="kader_new").posyandu == world.posyandu_a
