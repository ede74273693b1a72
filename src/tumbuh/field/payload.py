"""What the phone keeps of a record: ids and values, z-scores as the server computed them."""

from __future__ import annotations

from typing import Any

from tumbuh.measurements.models import Measurement
from tumbuh.measurements.scoring import STORED
from tumbuh.teams.models import Visit


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def measurement_payload(m: Measurement) -> dict[str, Any]:
    return {
        "id": m.pk,
        "uuid": None if m.client_uuid is None else str(m.client_uuid),
        "child": m.child_id,
        "posyandu": m.posyandu_id,
        "measured_on": m.measured_on.isoformat(),
        "age_days": m.age_days,
        "weight_kg": _number(m.weight_kg),
        "lenhei_cm": _number(m.lenhei_cm),
        "position": m.position,
        "muac_cm": _number(m.muac_cm),
        "head_cm": _number(m.head_cm),
        "oedema": m.oedema,
        "z": {name: getattr(m, name) for name in STORED},
        "flags": m.flags.split(),
        "gain": m.gain,
    }


def visit_payload(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "uuid": None if v.client_uuid is None else str(v.client_uuid),
        "family": v.family_id,
        "visited_on": v.visited_on.isoformat(),
        "checked": v.checked,
        "given": v.given,
        "referred_to": v.referred_to,
        "next_visit_on": None if v.next_visit_on is None else v.next_visit_on.isoformat(),
    }
