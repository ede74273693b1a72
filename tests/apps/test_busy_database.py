"""A database too busy to take a write: forms keep what was typed and say so in Indonesian,
audit events wait in a spool instead of failing the page, and the error page speaks the
user's language."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from tests.apps.conftest import World
from tumbuh.accounts import audit_spool
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.services import audit_record
from tumbuh.measurements import services as measurement_services
from tumbuh.measurements.models import Measurement
from tumbuh.registry import services as registry_services
from tumbuh.registry.models import Person
from tumbuh.web.views import server_error

BUSY_ID = "Basis data sedang sibuk, data Anda belum tersimpan, coba simpan lagi."


def _locked(*args: object, **kwargs: object) -> None:
    raise OperationalError("database is locked")


def test_a_measurement_the_database_cannot_take_comes_back_filled_in_with_a_message(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(measurement_services, "measurement_record", _locked)
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.17", "lenhei_cm": "76.3", "position": "l"}
    response = client.post(f"/measurements/child/{world.child_a.pk}/measure/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert BUSY_ID in page
    assert 'value="9.17"' in page
    assert 'value="76.3"' in page
    assert Measurement.objects.count() == 0


def test_another_database_error_is_not_mistaken_for_a_busy_one(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OperationalError("no such table: measurements_measurement")

    monkeypatch.setattr(measurement_services, "measurement_record", broken)
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "76.0", "position": "l"}
    with pytest.raises(OperationalError):
        client.post(f"/measurements/child/{world.child_a.pk}/measure/", data)


def test_a_child_registration_the_database_cannot_take_keeps_the_form(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_services, "child_register", _locked)
    client.force_login(world.kader)
    people = Person.objects.count()
    data = {
        "name": "Siti Rahma",
        "sex": "2",
        "birth_date": "2025-02-03",
        "mother_name": "Rina",
        "no_nik_reason": "unknown",
    }
    response = client.post(f"/people/posyandu/{world.posyandu_a.pk}/add-child/", data)
    page = response.content.decode()
    assert response.status_code == 200, page
    assert BUSY_ID in page
    assert 'value="Siti Rahma"' in page
    assert Person.objects.count() == people


@pytest.mark.django_db(transaction=True)
def test_an_audit_event_the_database_cannot_take_is_spooled_then_written_with_its_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_spool.spool_path().unlink(missing_ok=True)
    real_save = AuditEvent.save
    monkeypatch.setattr(AuditEvent, "save", _locked)
    audit_record(user=world.kader, action=Action.VIEW, object_type="person", object_id=7)
    spooled = json.loads(audit_spool.spool_path().read_text().splitlines()[0])
    assert spooled["object_id"] == "7"
    assert spooled["user"] == world.kader.pk
    assert not AuditEvent.objects.filter(object_id="7").exists()
    monkeypatch.setattr(AuditEvent, "save", real_save)
    audit_record(user=world.kader, action=Action.VIEW, object_type="person", object_id=8)
    written = AuditEvent.objects.get(object_id="7")
    assert written.user_id == world.kader.pk
    assert written.at.isoformat() == spooled["at"]
    assert AuditEvent.objects.filter(object_id="8").exists()
    assert not audit_spool.spool_path().exists()


@pytest.mark.django_db(transaction=True)
def test_a_page_stays_up_while_the_audit_log_is_locked(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    audit_spool.spool_path().unlink(missing_ok=True)
    client.force_login(world.kader)
    monkeypatch.setattr(AuditEvent, "save", _locked)
    assert client.get(f"/measurements/child/{world.child_a.pk}/").status_code == 200
    assert audit_spool.spool_path().exists()
    audit_spool.spool_path().unlink()


def test_the_server_error_page_is_in_indonesian_with_the_language_switch(db: None) -> None:
    response = server_error(RequestFactory().get("/x/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in page
    assert "mungkin belum tersimpan" in page
    assert 'value="en"' in page
