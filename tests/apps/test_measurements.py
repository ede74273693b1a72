"""Recording and correcting measurements: engine z-scores, categories, T/2T and flag warnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.apps.conftest import World
from tumbuh.accounts.models import AuditEvent
from tumbuh.growth import Position, Sex, score_child
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.measurements.scoring import verdicts
from tumbuh.measurements.services import measurement_correct, measurement_record


def record(world: World, on: date, weight: str, length: str = "76.0"):  # type: ignore[no-untyped-def]
    return measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal(length),
        position="l",
    )


def test_it_stores_the_engines_z_scores(world: World) -> None:
    recorded = record(world, date(2026, 1, 10), "9.1")
    m = recorded.measurement
    expected = score_child(
        sex=Sex.MALE,
        age_days=(date(2026, 1, 10) - date(2025, 1, 15)).days,
        weight_kg=9.1,
        lenhei_cm=76.0,
        position=Position.LYING,
    )
    assert m.zlen == pytest.approx(round(expected["zlen"].z or 0, 2))
    assert m.zwei == pytest.approx(round(expected["zwei"].z or 0, 2))
    assert m.zwfl == pytest.approx(round(expected["zwfl"].z or 0, 2))
    assert m.gain == Gain.NEW
    assert AuditEvent.objects.filter(action="create", object_type="measurement").count() == 1


def test_it_gives_the_permenkes_category_in_words_and_tone(world: World) -> None:
    m = record(world, date(2026, 1, 10), "9.1", "68.0").measurement
    status = {v.indicator: v for v in verdicts(m)}
    assert status["zlen"].category in {"Pendek", "Sangat pendek"}
    assert status["zlen"].tone in {"moderate", "severe"}


def test_weight_not_rising_twice_warns_2t(world: World) -> None:
    record(world, date(2026, 1, 10), "9.1")
    first_t = record(world, date(2026, 2, 10), "9.1")
    assert first_t.measurement.gain == Gain.TIDAK_NAIK
    assert any(w.startswith("T:") for w in first_t.warnings)
    second_t = record(world, date(2026, 3, 10), "9.0")
    assert any(w.startswith("2T:") for w in second_t.warnings)


def test_a_missed_month_is_o_not_t(world: World) -> None:
    record(world, date(2025, 11, 10), "9.1")
    assert record(world, date(2026, 2, 10), "9.0").measurement.gain == Gain.NOT_WEIGHED_LAST


def test_an_implausible_value_is_flagged_with_a_prompt(world: World) -> None:
    recorded = record(world, date(2026, 1, 10), "9.1", "120.0")
    assert "zlen" in recorded.measurement.flags
    assert any("zlen" in w for w in recorded.warnings)


def test_a_correction_recomputes_z_and_the_next_gain(world: World) -> None:
    first = record(world, date(2026, 1, 10), "9.1").measurement
    second = record(world, date(2026, 2, 10), "9.3").measurement
    assert second.gain == Gain.NAIK
    before = first.zwei
    measurement_correct(
        user=world.kader,
        measurement=first,
        weight_kg=Decimal("9.8"),
        lenhei_cm=Decimal("76.0"),
        position="l",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.zwei is not None
    assert before is not None
    assert first.zwei > before
    assert second.gain == Gain.TIDAK_NAIK


def test_read_only_roles_cannot_record(world: World) -> None:
    with pytest.raises(PermissionDenied):
        measurement_record(
            user=world.tpps,
            child=world.child_a,
            posyandu=world.posyandu_a,
            measured_on=date(2026, 1, 10),
            weight_kg=Decimal("9"),
            lenhei_cm=Decimal("75"),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("weight_kg", "9100"), ("lenhei_cm", "7.6"), ("measured_on", "2024-01-01"), ("weight_kg", "")],
)
def test_bad_form_input_gets_a_field_message_and_stores_nothing(
    world: World, client: Client, field: str, value: str
) -> None:
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "76.0", "position": "l"}
    data[field] = value
    response = client.post(f"/measurements/child/{world.child_a.pk}/measure/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Measurement.objects.count() == 0


def test_the_form_saves_and_shows_z_category_and_charts(world: World, client: Client) -> None:
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "76.0", "position": "l"}
    response = client.post(f"/measurements/child/{world.child_a.pk}/measure/", data, follow=True)
    page = response.content.decode()
    assert Measurement.objects.count() == 1
    assert "z = " in page
    assert page.count("<svg") == 3
    assert "child-point" in page


def test_after_saving_the_kader_is_offered_the_next_child(world: World, client: Client) -> None:
    from tests.apps.factories import ChildFactory, FamilyFactory

    other = ChildFactory(
        name="Zaskia", family=FamilyFactory(kelurahan=world.kelurahan_a), posyandu=world.posyandu_a
    )
    client.force_login(world.kader)
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "76.0", "position": "l"}
    response = client.post(f"/measurements/child/{world.child_a.pk}/measure/", data, follow=True)
    assert response.context["next_child"] == other


def test_the_form_suggests_lying_under_two_years(world: World, client: Client) -> None:
    client.force_login(world.kader)
    form = client.get(f"/measurements/child/{world.child_a.pk}/measure/").context["form"]
    assert form.initial["position"] in {"l", "h"}


def test_the_session_queue_shows_each_childs_last_visit(world: World, client: Client) -> None:
    record(world, date(2026, 1, 10), "9.1", "68.0")
    client.force_login(world.kader)
    page = client.get(f"/measurements/posyandu/{world.posyandu_a.pk}/").content.decode()
    assert "10-01-2026" in page
    assert "PB/U" in page


def test_the_result_reads_in_english_when_chosen(world: World, client: Client) -> None:
    client.force_login(world.kader)
    client.cookies["django_language"] = "en"
    data = {"measured_on": "2026-01-10", "weight_kg": "9.1", "lenhei_cm": "68.0", "position": "l"}
    page = client.post(
        f"/measurements/child/{world.child_a.pk}/measure/", data, follow=True
    ).content.decode()
    assert "Severely stunted" in page
    assert "Length/height-for-age" in page
    assert "Pendek" not in page


def test_the_queue_ticks_children_measured_today_in_the_regions_zone(
    world: World, client: Client
) -> None:
    import time_machine

    # 23:30 UTC on 9 Jan is already 10 Jan in Bitung (WITA, UTC+8).
    with time_machine.travel("2026-01-09 23:30:00+00:00", tick=False):
        record(world, date(2026, 1, 10), "9.1", "76.0")
        client.force_login(world.kader)
        page = client.get(f"/measurements/posyandu/{world.posyandu_a.pk}/").content.decode()
    assert "✓" in page
