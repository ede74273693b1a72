"""Recording a delivery from a gap list: a bad post is a 400, never a 500, and a button pressed
three times records one delivery."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Action, AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.imports.linkage_services import person_merge, person_merge_undo
from tumbuh.interventions.models import Delivery
from tumbuh.interventions.services import delivery_record
from tumbuh.registry.models import Family

URL = "/convergence/gaps/dinsos/list/?region=71.72.01.1001"


def _poor_family(world: World) -> Family:
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


def test_given_today_posted_three_times_records_one_delivery(world: World, client: Client) -> None:
    family = _poor_family(world)
    client.force_login(_dinsos(world))
    for _ in range(3):
        response = client.post(URL, {"target_id": f"f{family.pk}", "intervention": "pkh"})
        assert response.status_code == 302
    assert Delivery.objects.filter(family=family, intervention="pkh").count() == 1
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="delivery").count() == 1


def test_the_service_returns_the_first_delivery_of_the_day_again(world: World) -> None:
    family = _poor_family(world)
    dinsos = _dinsos(world)
    first = delivery_record(user=dinsos, intervention="pkh", family=family, delivered_on=TODAY)
    again = delivery_record(user=dinsos, intervention="pkh", family=family, delivered_on=TODAY)
    other_day = delivery_record(
        user=dinsos, intervention="pkh", family=family, delivered_on=date(2026, 3, 11)
    )
    assert again.pk == first.pk != other_day.pk


def test_the_database_refuses_a_second_delivery_of_the_same_day(world: World) -> None:
    Delivery.objects.create(intervention="ttd_bumil", person=world.child_a, delivered_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(intervention="ttd_bumil", person=world.child_a, delivered_on=TODAY)


@pytest.mark.parametrize(
    ("target", "intervention"),
    [
        ("f{family}", "no_such_thing"),  # unknown intervention
        ("f{family}", ""),  # none at all
        ("p{child}", "pkh"),  # a family's intervention given to a person
        ("x{family}", "pkh"),  # neither person nor family
        ("f", "pkh"),  # no id
        ("fabc", "pkh"),  # not an id
    ],
)
def test_a_malformed_or_mismatched_post_is_a_bad_request(
    world: World, client: Client, target: str, intervention: str
) -> None:
    family = _poor_family(world)
    client.force_login(_dinsos(world))
    target_id = target.format(family=family.pk, child=world.child_a.pk)
    response = client.post(URL, {"target_id": target_id, "intervention": intervention})
    assert response.status_code == 400
    assert not Delivery.objects.exists()


def test_the_bad_request_says_why_in_indonesian(world: World, client: Client) -> None:
    family = _poor_family(world)
    client.force_login(_dinsos(world))
    response = client.post(URL, {"target_id": f"f{family.pk}", "intervention": "nope"})
    assert response.content.decode() == "Intervensi 'nope' tidak dikenal."


@pytest.mark.parametrize(
    ("target", "intervention"),
    [
        ("f{family}", "pkh"),
        ("p{child}", "imunisasi_dasar"),
        ("f999999", "pkh"),
        ("p999999", "mp_asi"),
    ],
)
def test_a_person_or_family_out_of_scope_is_refused(
    world: World, client: Client, target: str, intervention: str
) -> None:
    """A kecamatan operator of kelurahan B's kecamatan, posting for kelurahan A's family/child."""
    family = _poor_family(world)
    operator = user_create(
        username="kec_b",
        password="a-long-test-password",
        role=Role.KECAMATAN,
        region=world.kelurahan_b.parent,
    )
    client.force_login(operator)
    target_id = target.format(family=family.pk, child=world.child_a.pk)
    response = client.post(
        "/convergence/gaps/dinsos/list/?region=71.72.02.1001",
        {"target_id": target_id, "intervention": intervention},
    )
    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_merging_two_records_keeps_one_delivery_a_day_and_undo_restores(world: World) -> None:
    twin = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a)
    kept = Delivery.objects.create(
        intervention="pemantauan_tumbuh", person=world.child_a, delivered_on=TODAY
    )
    same_day = Delivery.objects.create(
        intervention="pemantauan_tumbuh", person=twin, delivered_on=TODAY
    )
    other_day = Delivery.objects.create(
        intervention="pemantauan_tumbuh", person=twin, delivered_on=date(2026, 2, 10)
    )
    merge = person_merge(user=world.admin, survivor=world.child_a, merged=twin)
    same_day.refresh_from_db()
    other_day.refresh_from_db()
    assert same_day.person_id == twin.pk  # stays with its record, like a same-day measurement
    assert other_day.person_id == kept.person_id == world.child_a.pk
    person_merge_undo(user=world.admin, merge=merge)
    other_day.refresh_from_db()
    assert other_day.person_id == twin.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_first_of_exact_duplicates(world: World) -> None:
    executor = MigrationExecutor(connection)
    before = [("interventions", "0002_reportdone")]
    after = [("interventions", "0003_one_delivery_a_day")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("interventions", "Delivery")
    family = _poor_family(world)
    first, *_ = [
        old.objects.create(intervention="pkh", family_id=family.pk, delivered_on=TODAY)
        for _ in range(3)
    ]
    old.objects.create(intervention="pkh", family_id=family.pk, delivered_on=date(2026, 3, 11))
    old.objects.create(intervention="bpnt", family_id=family.pk, delivered_on=TODAY)
    old.objects.create(
        intervention="pemantauan_tumbuh", person_id=world.child_a.pk, delivered_on=TODAY
    )
    old.objects.create(
        intervention="pemantauan_tumbuh", person_id=world.child_a.pk, delivered_on=TODAY
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    migrated = executor.loader.project_state(after).apps.get_model("interventions", "Delivery")
    assert migrated.objects.count() == 4
    assert migrated.objects.filter(intervention="pkh", delivered_on=TODAY).get().pk == first.pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_tpps_sees_the_gaps_but_records_nothing(world: World, client: Client) -> None:
    family = _poor_family(world)
    client.force_login(world.tpps)
    page = client.get(URL).content.decode()
    assert "Keluarga Miskin" in page
    assert 'name="delivered_on"' not in page
    response = client.post(URL, {"target_id": f"f{family.pk}", "intervention": "pkh"})
    assert response.status_code == 403
    assert not Delivery.objects.exists()


def test_the_puskesmas_records_dinkes_deliveries(world: World, client: Client) -> None:
    client.force_login(world.puskesmas)
    url = "/convergence/gaps/dinkes/list/?region=71.72.01.1001"
    assert client.get(url).status_code == 200
    assert client.get(URL).status_code == 403  # Dinas Sosial's list is not the puskesmas's


def test_a_delivery_is_recorded_on_the_date_given_and_can_be_undone(
    world: World, client: Client
) -> None:
    family = _poor_family(world)
    client.force_login(_dinsos(world))
    post = {"target_id": f"f{family.pk}", "intervention": "pkh", "delivered_on": "2026-02-20"}
    response = client.post(URL, post)
    delivery = Delivery.objects.get()
    assert delivery.delivered_on == date(2026, 2, 20)
    page = client.get(response["Location"]).content.decode()
    assert "Tercatat" in page
    assert f'name="undo" value="{delivery.pk}"' in page
    client.post(URL, {"undo": str(delivery.pk)})
    assert not Delivery.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="delivery").count() == 1


def test_a_delivery_dated_in_the_future_is_refused(world: World, client: Client) -> None:
    family = _poor_family(world)
    client.force_login(_dinsos(world))
    post = {"target_id": f"f{family.pk}", "intervention": "pkh", "delivered_on": "2099-01-01"}
    response = client.post(URL, post)
    assert response.status_code == 400
    assert "masa depan" in response.content.decode()
    assert not Delivery.objects.exists()


def test_only_who_recorded_a_delivery_may_undo_it(world: World, client: Client) -> None:
    family = _poor_family(world)
    delivery = delivery_record(
        user=_dinsos(world), intervention="pkh", family=family, delivered_on=TODAY
    )
    pkh = user_create(username="pkh_a", password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)
    client.force_login(pkh)
    assert client.post(URL, {"undo": str(delivery.pk)}).status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_an_office_may_not_record_another_offices_intervention(
    world: World, client: Client
) -> None:
    client.force_login(_dinsos(world))
    post = {"target_id": f"p{world.child_a.pk}", "intervention": "imunisasi_dasar"}
    assert client.post(URL, post).status_code == 403
    assert not Delivery.objects.exists()
