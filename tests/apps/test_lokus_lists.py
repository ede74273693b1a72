"""Saved lokus lists: the TPPS secretariat saves a year's ranking with its weights and the
desa/kelurahan it chose; whoever sees the lokus page sees the lists and exports them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import FamilyFactory
from tests.xlsx_cells import column_cells
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.convergence import LokusWeights
from tumbuh.files.xlsx import PERCENT_FORMAT
from tumbuh.interventions.lokus_services import lokus_list_save
from tumbuh.interventions.models import LokusEntry, LokusList

POVERTY_ONLY = LokusWeights(
    stunting_prevalence=0, stunted_children=0, at_risk_families=0, poor_families=1, coverage_gap=0
)


def _poor_families_in_b(world: World) -> None:
    for _ in range(3):
        FamilyFactory(kelurahan=world.kelurahan_b, welfare_decile=2)


def test_the_secretariat_saves_the_ranking_with_its_weights_and_the_top_chosen(
    world: World,
) -> None:
    _poor_families_in_b(world)
    saved = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=POVERTY_ONLY, count=1, today=TODAY
    )
    entries = list(saved.entries.order_by("rank"))
    assert [e.kelurahan_id for e in entries] == [world.kelurahan_b.code, world.kelurahan_a.code]
    assert [e.chosen for e in entries] == [True, False]
    assert entries[0].figures["poor_families"] == 3
    assert saved.weights["poor_families"] == 1
    assert saved.saved_by == world.tpps
    assert AuditEvent.objects.filter(object_type="lokus_list", action="create").exists()


def test_ticked_desa_are_chosen_rather_than_the_top(world: World) -> None:
    saved = lokus_list_save(
        user=world.tpps,
        region=world.kota,
        year=2027,
        weights=LokusWeights(),
        chosen=[world.kelurahan_a.code],
        count=2,
        note="SK Wali Kota 12/2026",
        today=TODAY,
    )
    assert list(saved.entries.filter(chosen=True).values_list("kelurahan", flat=True)) == [
        world.kelurahan_a.code
    ]
    assert saved.note == "SK Wali Kota 12/2026"


def test_saving_the_same_year_again_replaces_the_list_and_is_audited_as_a_change(
    world: World,
) -> None:
    first = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=LokusWeights(), count=1, today=TODAY
    )
    again = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=POVERTY_ONLY, count=2, today=TODAY
    )
    assert again.pk == first.pk
    assert LokusList.objects.count() == 1
    assert LokusEntry.objects.filter(lokus_list=again, chosen=True).count() == 2
    assert LokusEntry.objects.count() == 2
    assert AuditEvent.objects.filter(
        object_type="lokus_list", object_id=str(first.pk), action="update"
    ).exists()


def test_another_year_is_a_list_of_its_own(world: World) -> None:
    for year in (2026, 2027):
        lokus_list_save(
            user=world.tpps,
            region=world.kota,
            year=year,
            weights=LokusWeights(),
            count=1,
            today=TODAY,
        )
    assert sorted(LokusList.objects.values_list("year", flat=True)) == [2026, 2027]


@pytest.mark.parametrize("persona", ["kader", "puskesmas", "outsider_tpk"])
def test_who_is_not_the_secretariat_cannot_save(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        lokus_list_save(
            user=getattr(world, persona),
            region=world.kota,
            year=2027,
            weights=LokusWeights(),
            count=1,
            today=TODAY,
        )
    assert not LokusList.objects.exists()


def test_the_secretariat_of_another_region_is_refused(world: World) -> None:
    other = user_create(
        username="tpps_b", password=PASSWORD, role=Role.TPPS, region=world.kelurahan_b
    )
    with pytest.raises(PermissionDenied):
        lokus_list_save(
            user=other,
            region=world.kelurahan_a,
            year=2027,
            weights=LokusWeights(),
            count=1,
            today=TODAY,
        )


def test_a_kecamatan_coordinator_plans_but_does_not_save_the_lokus(world: World) -> None:
    camat = user_create(username="kec_a", password=PASSWORD, role=Role.KECAMATAN, region=world.kota)
    with pytest.raises(PermissionDenied):
        lokus_list_save(
            user=camat, region=world.kota, year=2027, weights=LokusWeights(), count=1, today=TODAY
        )


@pytest.mark.parametrize(
    ("year", "chosen", "count"),
    [
        (2027, (), None),  # nothing chosen
        (2027, (), 3),  # more than the ranking holds
        (2027, ("71.72.09.9999",), None),  # not in the ranking
        (2040, (), 1),  # too far ahead
    ],
)
def test_a_list_without_a_sound_choice_or_year_is_refused(
    world: World, year: int, chosen: tuple[str, ...], count: int | None
) -> None:
    with pytest.raises(ValidationError):
        lokus_list_save(
            user=world.tpps,
            region=world.kota,
            year=year,
            weights=LokusWeights(),
            chosen=chosen,
            count=count,
            today=TODAY,
        )
    assert not LokusList.objects.exists()


def test_the_lokus_page_saves_the_ticked_list_and_links_it_by_year(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    page = client.get("/convergence/lokus/").content.decode()
    assert 'id="save-lokus"' in page
    response = client.post(
        f"/convergence/lokus/?region={world.kota.code}",
        {"year": "2027", "chosen": [world.kelurahan_b.code], "poor_families": "4", "note": "SK 7"},
    )
    saved = LokusList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/convergence/lokus/{saved.pk}/"
    assert saved.weights["poor_families"] == 4
    assert saved.entries.get(chosen=True).kelurahan_id == world.kelurahan_b.code
    page = client.get("/convergence/lokus/").content.decode()
    assert f'href="/convergence/lokus/{saved.pk}/"' in page
    assert "Lokus 2027" in page


def test_a_save_without_a_choice_comes_back_with_the_reason(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    response = client.post(f"/convergence/lokus/?region={world.kota.code}", {"year": "2027"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Centang lokus" in page
    assert not LokusList.objects.exists()


def test_a_lurah_sees_the_lokus_page_without_the_save_form_and_cannot_post(
    world: World, client: Client
) -> None:
    lurah = user_create(
        username="lurah_a", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_a
    )
    client.force_login(lurah)
    page = client.get("/convergence/lokus/")
    assert page.status_code == 200
    assert 'id="save-lokus"' not in page.content.decode()
    response = client.post(
        f"/convergence/lokus/?region={world.kelurahan_a.code}", {"year": "2027", "count": "1"}
    )
    assert response.status_code == 403


def test_a_saved_list_shows_its_table_in_indonesian_numbers(world: World, client: Client) -> None:
    saved = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=LokusWeights(), count=1, today=TODAY
    )
    LokusEntry.objects.filter(lokus_list=saved, rank=1).update(
        figures={"stunting_prevalence": 43.2, "coverage_gap": 12.5}
    )
    client.force_login(world.tpps)
    page = client.get(f"/convergence/lokus/{saved.pk}/").content.decode()
    assert "Lokus 2027" in page
    assert "43,2 %" in page
    assert "12,5 %" in page
    assert "Bobot: prevalensi stunting = 3,0" in page


def test_a_saved_list_is_exported_as_csv_and_as_xlsx_with_percent_cells(
    world: World, client: Client
) -> None:
    saved = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=LokusWeights(), count=1, today=TODAY
    )
    LokusEntry.objects.filter(lokus_list=saved, rank=1).update(
        figures={"stunting_prevalence": 43.2, "coverage_gap": 12.5}
    )
    client.force_login(world.tpps)
    csv = client.get(f"/convergence/lokus/{saved.pk}/?format=csv")
    assert csv["Content-Disposition"] == 'attachment; filename="lokus-71.72-2027.csv"'
    assert csv.content.decode().startswith("peringkat,kode_wilayah,desa_kelurahan,skor,")
    xlsx = client.get(f"/convergence/lokus/{saved.pk}/?format=xlsx")
    stunting = column_cells(xlsx.content, "prevalensi_stunting")[0]
    assert stunting == (pytest.approx(0.432), PERCENT_FORMAT)
    assert AuditEvent.objects.filter(object_type="lokus_list", action="export").count() == 2


def test_a_saved_list_of_the_city_is_refused_to_a_user_of_one_kelurahan(
    world: World, client: Client
) -> None:
    saved = lokus_list_save(
        user=world.tpps, region=world.kota, year=2027, weights=LokusWeights(), count=1, today=TODAY
    )
    client.force_login(world.outsider_tpk)
    assert client.get(f"/convergence/lokus/{saved.pk}/").status_code == 403
    assert client.get(f"/convergence/lokus/{saved.pk}/?format=xlsx").status_code == 403
    assert client.get("/convergence/lokus/999999/").status_code == 403
