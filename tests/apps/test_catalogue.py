"""The catalogue as data: national defaults seeded, a region adds, changes and retires its own
interventions from a day on, and a past scorecard keeps the rule valid then."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.catalogue.models import CatalogueEntry
from tumbuh.catalogue.selectors import (
    catalogue_for,
    catalogue_lines,
    entry_history,
    national_seed,
)
from tumbuh.catalogue.services import Rule, entry_add, entry_change, entry_retire, rule_of
from tumbuh.cli import main
from tumbuh.convergence.catalogue import CATALOGUE
from tumbuh.imports.delivery_services import deliveries_import
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.registry.models import Family

UNIFORMS = Rule(
    "Seragam sekolah anak keluarga desil 1-4",
    "School uniforms for children of desil 1-4 families",
    "sensitif",
    "pendidikan",
    "keluarga_desil_1_4",
)


def _poor_family(world: World, kk: str = "7172010101010001") -> Family:
    family = FamilyFactory(kelurahan=world.kelurahan_a, kk_number=kk, welfare_decile=2)
    ChildFactory(family=family, posyandu=world.posyandu_a)
    return family


def _due(world: World, on: object) -> set[str]:
    card = scorecard_for(user=world.tpps, region=world.kota, today=on)  # type: ignore[arg-type]
    return set(card.expected["intervention"].to_list()) if card.expected.height else set()


def test_the_national_defaults_are_seeded_as_the_catalogue_of_every_region(world: World) -> None:
    today = timezone.localdate()
    assert [i.code for i in catalogue_for(world.kota, today)] == [i.code for i in CATALOGUE]
    assert CatalogueEntry.objects.filter(region__isnull=True).count() == len(CATALOGUE)
    catalogue_for(world.kelurahan_a, today)  # seeding twice stores nothing twice
    assert CatalogueEntry.objects.filter(region__isnull=True).count() == len(CATALOGUE)
    jkn = next(i for i in catalogue_for(world.kota, today) if i.code == "kepesertaan_jkn")
    assert jkn.office.value == "bpjs"


def test_a_region_added_intervention_is_in_its_scorecard_gap_list_and_delivery_import(
    world: World, tmp_path: Path
) -> None:
    today = timezone.localdate()
    family = _poor_family(world)
    entry_add(
        user=world.tpps, region=world.kota, code="seragam_sekolah", rule=UNIFORMS,
        valid_from=today, today=today,
    )  # fmt: skip
    assert "seragam_sekolah" in _due(world, today)
    user_create(
        username="pendidikan", password=PASSWORD, role=Role.OFFICE, region=world.kota,
        office="pendidikan",
    )  # fmt: skip
    out = tmp_path / "gaps.csv"
    argv = ["report", "gaps", "--region", "71.72", "--office", "pendidikan", "-o", str(out)]
    assert main([*argv, "--user", "pendidikan"]) == 0
    gaps = pl.read_csv(out, infer_schema=False)
    assert gaps.select("intervention", "no_kk").rows() == [("seragam_sekolah", family.kk_number)]
    source = tmp_path / "seragam.csv"
    pl.DataFrame(
        {"No KK": [family.kk_number], "Intervensi": ["seragam_sekolah"], "Tanggal": [str(today)]}
    ).write_csv(source)
    office = User.objects.get(username="pendidikan")
    result = deliveries_import(user=office, path=source, region=world.kota, today=today)
    assert (result.new, result.rejected) == (1, [])
    assert main([*argv, "--user", "pendidikan"]) == 0
    assert pl.read_csv(out, infer_schema=False).height == 0
    # another kab/kota does not have Bitung's intervention
    assert "seragam_sekolah" not in {i.code for i in catalogue_for("71.71", today)}


def test_a_retired_intervention_leaves_the_package_from_its_day_and_history_stays(
    world: World,
) -> None:
    today = timezone.localdate()
    _poor_family(world)
    tomorrow = today + timedelta(days=1)
    entry_retire(
        user=world.tpps, region=world.kota, code="pkh", valid_from=tomorrow, today=today,
        note="diganti program daerah",
    )  # fmt: skip
    assert "pkh" in _due(world, today)
    assert "pkh" not in _due(world, tomorrow)
    assert "pkh" not in {i.code for i in catalogue_for(world.kota, tomorrow)}
    history = list(entry_history(world.kota, "pkh"))
    assert [(v.region_id, v.retired) for v in history] == [(None, False), ("71.72", True)]


def test_a_changed_window_counts_from_its_day_and_a_past_scorecard_keeps_the_old_one(
    world: World,
) -> None:
    today = timezone.localdate()
    family = _poor_family(world)
    Delivery.objects.create(
        intervention="pkh", family=family, delivered_on=today - timedelta(days=120)
    )
    later = today + timedelta(days=2)
    national_seed()
    rule = rule_of(CatalogueEntry.objects.get(region__isnull=True, code="pkh"))
    entry_change(
        user=world.tpps,
        region=world.kota,
        code="pkh",
        rule=Rule(**{**rule.__dict__, "window_days": 90}),
        valid_from=later,
        today=today,
    )

    def received(on: object) -> bool:
        card = scorecard_for(user=world.tpps, region=world.kota, today=on)  # type: ignore[arg-type]
        row = card.expected.filter(pl.col("intervention") == "pkh")
        return bool(row["received"][0])

    assert received(today)  # twelve months, as the national rule says
    assert received(later - timedelta(days=1))
    assert not received(later)  # 90 days from the day the region's rule takes effect
    versions = catalogue_lines(world.kota, later)
    pkh = next(line for line in versions if line.entry.code == "pkh")
    assert pkh.regional
    assert pkh.entry.window_days == 90


def test_a_change_never_takes_effect_in_the_past(world: World) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        entry_add(
            user=world.tpps, region=world.kota, code="csr_gizi", rule=UNIFORMS,
            valid_from=today - timedelta(days=1), today=today,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a national code is taken
        entry_add(
            user=world.tpps, region=world.kota, code="pkh", rule=UNIFORMS, valid_from=today,
            today=today,
        )  # fmt: skip
    visit_for_a_person = Rule(**{**UNIFORMS.__dict__, "satisfied_by": "visit"})
    with pytest.raises(ValidationError):
        entry_add(
            user=world.tpps, region=world.kota, code="x", rule=Rule(
                **{**visit_for_a_person.__dict__, "target_group": "ibu_hamil"}
            ), valid_from=today, today=today,
        )  # fmt: skip


@pytest.mark.parametrize("role", [Role.KECAMATAN, Role.OFFICE, Role.LURAH])
def test_only_tpps_and_admin_change_the_catalogue(world: World, role: Role) -> None:
    today = timezone.localdate()
    region = world.kota if role == Role.OFFICE else world.kelurahan_a
    extra = {"office": "pendidikan"} if role == Role.OFFICE else {}
    user = user_create(username="u", password=PASSWORD, role=role, region=region, **extra)
    with pytest.raises(PermissionDenied):
        entry_add(
            user=user, region=world.kota, code="seragam", rule=UNIFORMS, valid_from=today,
            today=today,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # a kader of another kelurahan
        entry_retire(
            user=world.outsider, region=world.kota, code="pkh", valid_from=today, today=today
        )


def test_the_catalogue_pages_add_change_and_retire_and_are_audited(
    world: World, client: Client
) -> None:
    today = timezone.localdate().isoformat()
    client.force_login(world.tpps)
    page = client.get("/catalogue/?region=71.72")
    assert page.status_code == 200
    assert "Penerima Bantuan Iuran JKN" in page.content.decode()
    form = {
        "code": "paket_gizi_csr",
        "name_id": "Paket gizi CSR",
        "name_en": "CSR nutrition package",
        "kind": "spesifik",
        "office": "dinkes",
        "target_group": "balita_wasting",
        "satisfied_by": "delivery",
        "window_days": "90",
        "valid_from": today,
        "note": "",
    }
    assert client.post("/catalogue/add/?region=71.72", form).status_code == 302
    changed = {**form, "office": "dinsos", "note": "dialihkan"}
    response = client.post("/catalogue/paket_gizi_csr/?region=71.72", changed)
    assert response.status_code == 302
    retire = {"retire": "1", "valid_from": today, "note": "selesai"}
    assert client.post("/catalogue/paket_gizi_csr/?region=71.72", retire).status_code == 302
    history = client.get("/catalogue/paket_gizi_csr/?region=71.72").content.decode()
    assert "dialihkan" in history
    assert "selesai" in history
    versions = list(entry_history(world.kota, "paket_gizi_csr"))
    assert [(v.office, v.retired) for v in versions] == [
        ("dinkes", False),
        ("dinsos", False),
        ("dinsos", True),
    ]
    assert "paket_gizi_csr" not in {i.code for i in catalogue_for(world.kota, timezone.localdate())}
    events = AuditEvent.objects.filter(object_type="catalogue", object_id="71.72:paket_gizi_csr")
    assert sorted(events.values_list("action", flat=True)) == ["create", "update", "update"]
    taken = client.post("/catalogue/add/?region=71.72", {**form, "code": "pkh"})
    assert taken.status_code == 200  # the form again, with the reason
    assert not CatalogueEntry.objects.filter(region=world.kota, code="pkh").exists()
