"""FHIR R4 for SATUSEHAT: a child as a Patient, each measured quantity as an Observation.

SATUSEHAT has no growth-monitoring profile; we follow its base profiles: the NIK under
``https://fhir.kemkes.go.id/id/nik``, the address with the Kemendagri administrative-code
extension, LOINC-coded vital-sign Observations, and the Permenkes 2/2020 category as
``Observation.interpretation``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tumbuh.growth import Indicator, classify
from tumbuh.measurements.models import Measurement, Position
from tumbuh.registry.models import Person, Sex

NIK_SYSTEM = "https://fhir.kemkes.go.id/id/nik"
ADMINISTRATIVE_CODE = "https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
#: Tumbuh's own code system for the Permenkes 2/2020 categories (no national one exists).
PERMENKES_CATEGORY = "https://tumbuh.id/fhir/CodeSystem/permenkes-2-2020"
TUMBUH_MEASUREMENT = "https://tumbuh.id/fhir/measurement"


@dataclass(frozen=True)
class Quantity:
    loinc: str
    display: str
    field: str  # the Measurement field holding the value
    unit: str
    indicator: Indicator | None  # whose Permenkes category interprets it


WEIGHT = Quantity("29463-7", "Body weight", "weight_kg", "kg", Indicator.WEIGHT_FOR_AGE)
LENGTH = Quantity(
    "8306-3", "Body height --lying", "lenhei_cm", "cm", Indicator.LENGTH_HEIGHT_FOR_AGE
)
HEIGHT = Quantity("8302-2", "Body height", "lenhei_cm", "cm", Indicator.LENGTH_HEIGHT_FOR_AGE)
HEAD = Quantity("9843-4", "Head Occipital-frontal circumference", "head_cm", "cm", None)
MUAC = Quantity("56072-2", "Circumference Mid upper arm - right", "muac_cm", "cm", None)


def quantities(measurement: Measurement) -> list[Quantity]:
    """The LOINC-coded quantities this measurement holds a value for."""
    length = LENGTH if measurement.position == Position.LYING else HEIGHT
    return [q for q in (WEIGHT, length, HEAD, MUAC) if getattr(measurement, q.field) is not None]


def _administrative_code(person: Person) -> dict[str, Any]:
    """Province, city, district and village codes without dots (71, 7172, 717201, ...)."""
    parts = person.family.kelurahan.code.split(".")
    names = ("province", "city", "district", "village")
    extension = [
        {"url": name, "valueCode": "".join(parts[: i + 1])}
        for i, name in enumerate(names)
        if i < len(parts)
    ]
    for name in ("rt", "rw"):
        value = getattr(person.family, name)
        if value:
            extension.append({"url": name, "valueCode": value})
    return {"url": ADMINISTRATIVE_CODE, "extension": extension}


def patient(person: Person) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": f"tumbuh-{person.pk}",
        "active": True,
        "name": [{"use": "official", "text": person.name}],
        "gender": "male" if person.sex == Sex.MALE else "female",
        "birthDate": person.birth_date.isoformat(),
        "address": [
            {
                "use": "home",
                "line": [person.family.address] if person.family.address else [],
                "country": "ID",
                "extension": [_administrative_code(person)],
            }
        ],
    }
    if person.nik:
        resource["identifier"] = [{"use": "official", "system": NIK_SYSTEM, "value": person.nik}]
    return resource


def patient_reference(person: Person) -> dict[str, Any]:
    """How an Observation sent on its own names the child: by NIK (logical reference)."""
    return {"identifier": {"system": NIK_SYSTEM, "value": person.nik}}


def observation(
    measurement: Measurement, quantity: Quantity, subject: dict[str, Any]
) -> dict[str, Any]:
    value = getattr(measurement, quantity.field)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"tumbuh-{measurement.pk}-{quantity.loinc}",
        "identifier": [
            {"system": TUMBUH_MEASUREMENT, "value": f"{measurement.pk}-{quantity.loinc}"}
        ],
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": OBSERVATION_CATEGORY,
                        "code": "vital-signs",
                        "display": "Vital Signs",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": LOINC, "code": quantity.loinc, "display": quantity.display}]
        },
        "subject": subject,
        "effectiveDateTime": measurement.measured_on.isoformat(),
        "valueQuantity": {
            "value": float(Decimal(value)),
            "unit": quantity.unit,
            "system": UCUM,
            "code": quantity.unit,
        },
    }
    if quantity.indicator is not None:
        category = classify(quantity.indicator, getattr(measurement, quantity.indicator.value))
        if category is not None:
            resource["interpretation"] = [
                {
                    "coding": [
                        {
                            "system": PERMENKES_CATEGORY,
                            "code": f"{quantity.indicator.value}:{category.slug}",
                            "display": category.label_id,
                        }
                    ],
                    "text": category.label_id,
                }
            ]
    return resource


def observations(measurement: Measurement, subject: dict[str, Any]) -> list[dict[str, Any]]:
    return [observation(measurement, q, subject) for q in quantities(measurement)]


def child_bundle(person: Person, measurements: Iterable[Measurement]) -> dict[str, Any]:
    """A collection Bundle: the Patient, then one Observation per measured quantity."""
    patient_url = f"urn:uuid:{_uuid('patient', person.pk)}"
    subject = {"reference": patient_url}
    entries = [{"fullUrl": patient_url, "resource": patient(person)}]
    for measurement in measurements:
        for resource in observations(measurement, subject):
            url = f"urn:uuid:{_uuid('observation', resource['id'])}"
            entries.append({"fullUrl": url, "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _uuid(kind: str, key: object) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{TUMBUH_MEASUREMENT}/{kind}/{key}"))
