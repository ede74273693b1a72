"""Lokus ranking and the targets-and-deadlines page."""

from __future__ import annotations

from django.test import Client

from tests.apps.conftest import World
from tests.apps.factories import FamilyFactory
from tumbuh.reporting.models import Submission


def test_the_lokus_page_ranks_every_kelurahan_and_weights_change_the_order(
    world: World, client: Client
) -> None:
    for _ in range(3):
        FamilyFactory(kelurahan=world.kelurahan_b, welfare_decile=2, no_latrine=True)
    client.force_login(world.tpps)
    page = client.get("/convergence/lokus/").content.decode()
    assert "Pasir Panjang" in page
    assert "Madidir Ure" in page
    only_poverty = client.get(
        "/convergence/lokus/?stunting_prevalence=0&stunted_children=0&at_risk_families=0"
        "&poor_families=1&coverage_gap=0"
    ).content.decode()
    assert only_poverty.index("Madidir Ure") < only_poverty.index("Pasir Panjang")


def test_a_report_can_be_marked_done_by_the_secretariat_only(world: World, client: Client) -> None:
    client.force_login(world.tpps)
    page = client.get("/convergence/targets/").content.decode()
    assert "18,8" in page or "18.8" in page
    response = client.post("/convergence/targets/", {"code": "verval_krs", "year": "2025"})
    assert response.status_code == 302
    assert Submission.objects.filter(
        deadline__code="verval_krs", period="2025", region=world.kota
    ).exists()
    client.force_login(world.kader)
    assert (
        client.post(
            "/convergence/targets/?region=71.72", {"code": "bpb_agustus", "year": "2025"}
        ).status_code
        == 403
    )


def test_an_outsider_is_refused_the_city_lokus_page(world: World, client: Client) -> None:
    client.force_login(world.outsider_tpk)
    assert client.get("/convergence/lokus/?region=71.72").status_code == 403


def test_the_lokus_page_has_a_weight_field_per_criterion_that_recalculates(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    page = client.get("/convergence/lokus/").content.decode()
    for name in (
        "stunting_prevalence",
        "stunted_children",
        "at_risk_families",
        "poor_families",
        "coverage_gap",
    ):
        assert f'name="{name}"' in page
    assert "Bobot: prevalensi stunting" in page
    weighted = client.get("/convergence/lokus/?stunting_prevalence=2,5").content.decode()
    assert 'name="stunting_prevalence" value="2.5"' in weighted
