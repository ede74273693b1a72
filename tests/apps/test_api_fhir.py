"""``/api/v1/children/ID/fhir/``: a FHIR R4 Bundle (validated with fhir.resources' R4B models,
which are R4-compatible for Patient, Observation and Bundle) with LOINC-coded Observations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from tests.apps.conftest import World
from tumbuh.api.fhir import ADMINISTRATIVE_CODE, NIK_SYSTEM
from tumbuh.api.tokens import token_create
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record


def _measure(world: World, on: date, position: str, **extra: Decimal) -> Measurement:
    return measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal("8.2"),
        lenhei_cm=Decimal("71.0"),
        position=position,
        **extra,
    ).measurement


def _bundle(world: World) -> dict[str, object]:
    secret = token_create(user=world.kader, owner=world.kader).secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(f"/api/v1/children/{world.child_a.pk}/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data: dict[str, object] = response.json()
    return data


def test_a_childs_measurements_are_a_valid_fhir_r4_bundle(world: World) -> None:
    world.child_a.nik = "7172011501250001"
    world.child_a.save()
    _measure(world, date(2026, 1, 10), "l", head_cm=Decimal("44.0"), muac_cm=Decimal("13.5"))
    _measure(world, date(2026, 2, 10), "h")
    data = _bundle(world)
    bundle = Bundle.model_validate(data)
    resources = [entry.resource for entry in bundle.entry]
    patient, observations = resources[0], resources[1:]
    assert patient.get_resource_type() == "Patient"
    assert patient.identifier[0].system == NIK_SYSTEM
    assert patient.identifier[0].value == "7172011501250001"
    codes = patient.address[0].extension[0]
    assert codes.url == ADMINISTRATIVE_CODE
    assert {e.url: e.valueCode for e in codes.extension}["village"] == "7172011001"
    loinc = sorted(o.code.coding[0].code for o in observations)
    assert loinc == sorted(["29463-7", "8306-3", "9843-4", "56072-2", "29463-7", "8302-2"])
    assert all(o.code.coding[0].system == "http://loinc.org" for o in observations)
    patient_url = bundle.entry[0].fullUrl
    assert all(o.subject.reference == patient_url for o in observations)
    height = next(o for o in observations if o.code.coding[0].code == "8302-2")
    assert height.valueQuantity.unit == "cm"
    assert float(height.valueQuantity.value) == 71.0
    assert height.interpretation[0].text  # the Permenkes category of length/height-for-age


def test_a_child_outside_the_scope_has_no_bundle(world: World) -> None:
    secret = token_create(user=world.kader, owner=world.kader).secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"/api/v1/children/{world.child_b.pk}/fhir/").status_code == 404


def test_a_child_without_nik_is_still_a_valid_patient(world: World) -> None:
    data = _bundle(world)
    bundle = Bundle.model_validate(data)
    assert len(bundle.entry) == 1
    assert not bundle.entry[0].resource.identifier
