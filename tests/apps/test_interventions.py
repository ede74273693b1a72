"""The convergence scorecard in the web system: gap lists by office, scope, audit, CLI table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.convergence.catalogue import CATALOGUE, TARGET_GROUPS
from tumbuh.interventions.selectors import (
    FAMILY_GROUP_WHERE,
    asks_at_risk,
    scorecard_for,
    targets_of,
)
from tumbuh.interventions.services import delivery_record
from tumbuh.interventions.tables import by_kelurahan
from tumbuh.registry.models import Family


def _poor_family_with_a_child(world: World):  # type: ignore[no-untyped-def]
    family = FamilyFactory(
        kelurahan=world.kelurahan_a, head_name="Keluarga Miskin", welfare_decile=2, no_latrine=True
    )
    ChildFactory(family=family, posyandu=world.posyandu_a, name="Anak Miskin")
    return family


def _dinsos(world: World) -> User:
    """Dinas Sosial's account: the office that gives PKH records it (not the TPPS)."""
    return user_create(
        username="dinsos", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinsos"
    )


def test_dinsos_sees_a_poor_family_without_pkh_until_it_is_delivered(world: World) -> None:
    family = _poor_family_with_a_child(world)
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    gaps = card.gaps(office="dinsos")
    assert "Keluarga Miskin" in gaps.filter(gaps["intervention"] == "pkh")["name"].to_list()
    delivery_record(user=_dinsos(world), intervention="pkh", family=family, delivered_on=TODAY)
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    gaps = card.gaps(office="dinsos")
    assert "Keluarga Miskin" not in gaps.filter(gaps["intervention"] == "pkh")["name"].to_list()


def test_an_offices_own_scorecard_has_the_gaps_of_the_whole_scorecard(world: World) -> None:
    """An office's gap file scores only its interventions, and reads no person targets when
    they are all family interventions (Dinas Sosial, PUPR): the gaps are the same."""
    served = _poor_family_with_a_child(world)
    _poor_family_with_a_child(world)
    delivery_record(user=_dinsos(world), intervention="pkh", family=served, delivered_on=TODAY)
    whole = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    for office in ("dinsos", "pupr", "dinkes", "bpjs"):
        own = scorecard_for(user=world.tpps, region=world.kota, today=TODAY, office=office)
        columns = ["target_id", "intervention"]
        assert own.gaps(office=office).select(columns).sort(columns).rows() == (
            whole.gaps(office=office).select(columns).sort(columns).rows()
        ), office
    assert whole.gaps(office="dinsos").height > 0


def _families_of_every_kind(world: World) -> None:
    """Families with a child, one for each thing a family target group looks at."""
    kinds = [
        {"welfare_decile": 2},
        {"welfare_decile": 5},
        {"welfare_decile": 6, "no_clean_water": True},
        {"welfare_decile": None, "no_latrine": True},
        {"welfare_decile": 9, "smoker_in_house": True},
        {"welfare_decile": None},
    ]
    for i, kind in enumerate(kinds):
        family = FamilyFactory(kelurahan=world.kelurahan_a, head_name=f"Keluarga {i}", **kind)
        ChildFactory(family=family, posyandu=world.posyandu_a)
    young = FamilyFactory(kelurahan=world.kelurahan_b, head_name="Ibu Muda", welfare_decile=8)
    mother = ChildFactory(  # a 4T mother: under 20
        family=young, sex=2, birth_date=date(2009, 3, 1), name="Ibu Muda"
    )
    ChildFactory(family=young, posyandu=world.posyandu_b, mother=mother)


@pytest.mark.parametrize("group", sorted(FAMILY_GROUP_WHERE))
def test_each_family_target_group_reads_exactly_the_families_its_rule_selects(
    world: World, group: str
) -> None:
    """The filter that lets an office's gap file read fewer families selects the same families
    as the group's rule in the scorecard (``applies_to``)."""
    _families_of_every_kind(world)
    every = targets_of(user=world.tpps, region=world.kota, today=TODAY).frame
    by_rule = set(every.filter(TARGET_GROUPS[group].applies_to)["target_id"].to_list())
    filtered = Family.objects.filter(FAMILY_GROUP_WHERE[group](TODAY))
    assert {f"f{pk}" for pk in filtered.values_list("pk", flat=True)} == by_rule
    assert by_rule, group


def test_an_offices_gap_file_is_the_same_with_the_family_filter(world: World) -> None:
    _families_of_every_kind(world)
    whole = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    for office in ("dinsos", "pupr"):
        own = scorecard_for(user=world.tpps, region=world.kota, today=TODAY, office=office)
        columns = ["target_id", "intervention"]
        mine = whole.expected.filter(pl.col("office") == office).select(columns).sort(columns)
        assert own.expected.select(columns).sort(columns).rows() == mine.rows(), office
        assert own.gaps(office=office).height == whole.gaps(office=office).height > 0


def test_only_rules_about_families_at_risk_need_to_know_which_are() -> None:
    asking = {item.code for item in CATALOGUE if asks_at_risk(item)}
    assert asking == {"pendampingan_tpk"}  # keluarga berisiko stunting


def test_a_family_intervention_cannot_be_given_to_a_person(world: World) -> None:
    with pytest.raises(ValidationError):
        delivery_record(
            user=_dinsos(world), intervention="pkh", person=world.child_a, delivered_on=TODAY
        )


def test_every_kelurahan_has_a_row_with_its_percent_complete(world: World) -> None:
    _poor_family_with_a_child(world)
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    table = by_kelurahan(card, world.kota)
    assert table["kelurahan"].to_list() == ["71.72.01.1001", "71.72.02.1001"]
    row = table.row(0, named=True)
    assert row["due"] > 0
    assert row["percent_complete"] == pytest.approx(100 * row["received"] / row["due"], abs=0.1)


def test_the_scorecard_page_and_a_gap_list_download_are_audited(
    world: World, client: Client
) -> None:
    _poor_family_with_a_child(world)
    client.force_login(world.tpps)
    page = client.get("/convergence/").content.decode()
    assert "Pasir Panjang" in page
    download = client.get("/convergence/gaps/dinsos/?format=xlsx")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    assert AuditEvent.objects.filter(
        user=world.tpps, action="export", object_type="gaps:dinsos"
    ).exists()


@pytest.mark.parametrize(
    "path", ["/convergence/?region=71.72", "/convergence/gaps/dinsos/?region=71.72"]
)
def test_an_outsider_is_refused_the_city_scorecard(world: World, client: Client, path: str) -> None:
    client.force_login(world.outsider_tpk)
    assert client.get(path).status_code == 403


def test_the_report_command_refuses_an_unknown_format(tmp_path: Path) -> None:
    assert main(["report", "scorecard", "--region", "71.72", "-o", str(tmp_path / "x.pdf")]) == 2


def test_a_pregnant_woman_with_kek_is_due_supplementary_food(world: World) -> None:
    from decimal import Decimal

    from tumbuh.measurements.services import maternal_measurement_record
    from tumbuh.registry.models import Sasaran
    from tumbuh.registry.services import sasaran_start

    mother = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_a),
        posyandu=world.posyandu_a,
        name="Ibu Hamil",
        sex=2,
        birth_date=TODAY.replace(year=TODAY.year - 25),
    )
    sasaran_start(user=world.admin, person=mother, role=Sasaran.IBU_HAMIL, start=TODAY)
    maternal_measurement_record(
        user=world.kader,
        person=mother,
        measured_on=TODAY,
        lila_cm=Decimal("22.1"),
        hb_g_dl=Decimal("10.2"),
    )
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    due = set(card.expected.filter(card.expected["name"] == "Ibu Hamil")["intervention"].to_list())
    assert due == {"ttd_bumil", "pmt_bumil_kek", "anc_anemia", "kepesertaan_jkn"}


def test_a_delivery_recorded_from_the_kelurahan_gap_list_closes_the_gap(
    world: World, client: Client
) -> None:
    family = _poor_family_with_a_child(world)
    client.force_login(_dinsos(world))
    url = "/convergence/gaps/dinsos/list/?region=71.72.01.1001"
    assert "Keluarga Miskin" in client.get(url).content.decode()
    response = client.post(url, {"target_id": f"f{family.pk}", "intervention": "pkh"})
    assert response.status_code == 302
    from django.utils import timezone

    card = scorecard_for(user=world.tpps, region=world.kelurahan_a, today=timezone.localdate())
    gaps = card.gaps(office="dinsos")
    assert "pkh" not in gaps.filter(gaps["name"] == "Keluarga Miskin")["intervention"].to_list()


def test_the_kelurahan_gap_list_comes_a_page_at_a_time(world: World, client: Client) -> None:
    for number in range(20):  # 20 poor families: 60 Dinsos gaps (PKH, BPNT, PBI-JKN)
        family = FamilyFactory(
            kelurahan=world.kelurahan_a, head_name=f"Keluarga {number:02d}", welfare_decile=2
        )
        ChildFactory(family=family, posyandu=world.posyandu_a)
    client.force_login(_dinsos(world))
    url = "/convergence/gaps/dinsos/list/?region=71.72.01.1001"
    first = client.get(url).content.decode()
    second = client.get(url + "&page=2").content.decode()
    assert "halaman 1 dari 2" in first
    assert "halaman 2 dari 2" in second
    shown = [
        first.count(f"Keluarga {n:02d}<") + second.count(f"Keluarga {n:02d}<") for n in range(20)
    ]
    assert shown == [3] * 20  # every gap once, on one page or the other
    assert first.count('name="target_id"') == 50


def test_a_kader_may_not_record_deliveries_from_the_gap_list(world: World, client: Client) -> None:
    family = _poor_family_with_a_child(world)
    client.force_login(world.kader)
    response = client.post(
        "/convergence/gaps/dinsos/list/?region=71.72.01.1001",
        {"target_id": f"f{family.pk}", "intervention": "pkh"},
    )
    assert response.status_code == 403


def test_the_scorecard_downloads_as_a_pdf(world: World, client: Client) -> None:
    pytest.importorskip("weasyprint")
    _poor_family_with_a_child(world)
    client.force_login(world.tpps)
    response = client.get("/convergence/?format=pdf")
    if response.status_code == 503 and not __import__("os").environ.get("CI"):
        pytest.skip("Pango is not installed here (CI installs it)")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_very_young_mother_makes_her_family_at_risk_4t(world: World) -> None:
    family = FamilyFactory(kelurahan=world.kelurahan_a, head_name="Keluarga Muda")
    mother = ChildFactory(
        family=family,
        posyandu=world.posyandu_a,
        name="Ibu Muda",
        sex=2,
        birth_date=TODAY.replace(year=TODAY.year - 18),
    )
    ChildFactory(family=family, posyandu=world.posyandu_a, mother=mother, name="Bayi")
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    due = card.expected.filter(card.expected["name"] == "Keluarga Muda")["intervention"].to_list()
    assert "pendampingan_tpk" in due


def test_the_scorecard_links_only_to_the_gap_lists_the_user_may_open(
    world: World, client: Client
) -> None:
    _poor_family_with_a_child(world)
    kelurahan = f"/convergence/?region={world.kelurahan_a.code}"
    client.force_login(world.tpps)
    assert "/convergence/gaps/dinsos/list/" in client.get(kelurahan).content.decode()
    client.force_login(world.kader)  # sees the scorecard of her kelurahan, not by-name gaps
    page = client.get(kelurahan)
    assert page.status_code == 200
    assert "/convergence/gaps/" not in page.content.decode()
