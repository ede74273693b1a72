"""Work lists: due this month, 2T, newly stunted or wasted, flagged; the CSV export is scoped
and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.test import Client

from tests.apps.conftest import TODAY, World
from tumbuh.accounts.models import AuditEvent
from tumbuh.facts.models import ChildStatus
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.measurements.worklists import worklists_for
from tumbuh.registry.models import Person


def record(world: World, on: date, weight: str, length: str) -> None:
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position="l",
    )


def children(statuses: QuerySet[ChildStatus]) -> list[Person]:
    return [status.child for status in statuses]


def test_an_unmeasured_child_is_due(world: World) -> None:
    assert children(worklists_for(user=world.kader, today=TODAY).due) == [world.child_a]


def test_two_ts_in_a_row_and_newly_stunted_are_listed(world: World) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    record(world, date(2026, 2, 10), "9.0", "76.0")
    record(world, TODAY, "9.0", "70.0")
    lists = worklists_for(user=world.puskesmas, today=TODAY)
    latest = Measurement.objects.get(measured_on=TODAY)
    assert [s.measurement for s in lists.two_t] == [latest]
    assert [s.measurement for s in lists.refer] == [latest]
    assert children(lists.due) == []


def test_a_flagged_last_measurement_is_listed(world: World) -> None:
    record(world, TODAY, "9.1", "120.0")
    assert children(worklists_for(user=world.kader, today=TODAY).flagged) == [world.child_a]


def test_the_export_is_scoped_and_audited(world: World, client: Client) -> None:
    client.force_login(world.outsider)
    response = client.get("/measurements/worklists/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert world.child_a.name not in body
    assert world.child_b.name in body
    assert AuditEvent.objects.filter(action="export", user=world.outsider).count() == 1


def test_a_correction_through_the_page_rescores(world: World, client: Client) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    measurement = Measurement.objects.get()
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "70.0", "position": "l"}
    client.post(f"/measurements/{measurement.pk}/correct/", data)
    before = measurement.zlen
    measurement.refresh_from_db()
    assert before is not None
    assert measurement.zlen is not None
    assert measurement.zlen < before
    assert AuditEvent.objects.filter(action="update", object_type="measurement").count() == 1


def test_read_only_roles_cannot_correct(world: World, client: Client) -> None:
    record(world, date(2026, 1, 10), "9.1", "76.0")
    client.force_login(world.tpps)
    url = f"/measurements/{Measurement.objects.get().pk}/correct/"
    assert client.get(url).status_code == 403


def test_families_at_risk_are_listed_within_scope_only(world: World) -> None:
    from tumbuh.registry.selectors import families_at_risk

    family = world.child_a.family
    family.smoker_in_house = True
    family.save()
    assert list(families_at_risk(user=world.kader, on=TODAY)) == [family]
    assert list(families_at_risk(user=world.tpps, on=TODAY)) == [family]
    assert list(families_at_risk(user=world.outsider_tpk, on=TODAY)) == []
