"""Gain status N/T/O/B by the KBM rule in the entry form, corrections, imports and work lists.

The child of the personas was born on 15 January 2025: on 10 December 2025 it is 10 completed
months old (KBM 300 g), from 10 January 2026 11 months and more (KBM 200 g).
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

from django.apps import apps as django_apps

from tests.apps.conftest import TODAY, World
from tumbuh.imports.measurement_upsert import gains_refresh
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import Recorded, measurement_correct, measurement_record
from tumbuh.measurements.worklists import worklists_for


def _record(world: World, on: date, weight: str) -> Recorded:
    return measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal(weight),
        lenhei_cm=Decimal("75.0"),
        position="l",
    )


def _statuses(world: World) -> list[str]:
    return list(
        Measurement.objects.filter(child=world.child_a)
        .order_by("measured_on")
        .values_list("gain", flat=True)
    )


def test_the_first_weighing_is_b_and_a_gain_below_the_kbm_is_t_though_weight_rose(
    world: World,
) -> None:
    _record(world, date(2025, 11, 10), "8.00")
    recorded = _record(world, date(2025, 12, 10), "8.20")  # +200 g at 10 months (KBM 300)
    assert _statuses(world) == ["B", "T"]
    assert any(m.startswith("T:") for m in recorded.warnings)


def test_a_gain_that_reaches_the_kbm_is_n(world: World) -> None:
    _record(world, date(2025, 11, 10), "8.00")
    recorded = _record(world, date(2025, 12, 10), "8.30")
    assert _statuses(world) == ["B", "N"]
    assert recorded.warnings == []


def test_two_t_in_a_row_warns_and_is_on_the_work_list(world: World) -> None:
    _record(world, date(2026, 1, 10), "9.00")
    _record(world, date(2026, 2, 10), "9.10")  # +100 g at 12 months (KBM 200)
    recorded = _record(world, TODAY, "9.20")
    assert _statuses(world) == ["B", "T", "T"]
    assert any(m.startswith("2T:") for m in recorded.warnings)
    two_t = worklists_for(user=world.kader, today=TODAY).two_t
    assert [status.measurement for status in two_t] == [Measurement.objects.get(measured_on=TODAY)]


def test_a_missed_month_gives_o(world: World) -> None:
    _record(world, date(2025, 12, 10), "8.00")
    _record(world, date(2026, 2, 10), "9.00")
    assert _statuses(world) == ["B", "O"]


def test_an_earlier_weighing_entered_later_recomputes_the_visits_after_it(world: World) -> None:
    _record(world, date(2026, 2, 10), "9.00")
    _record(world, TODAY, "9.30")
    _record(world, date(2026, 1, 10), "9.00")
    assert _statuses(world) == ["B", "T", "N"]


def test_a_correction_recomputes_the_following_visit(world: World) -> None:
    _record(world, date(2025, 11, 10), "8.00")
    december = _record(world, date(2025, 12, 10), "8.20").measurement
    _record(world, date(2026, 1, 10), "8.50")  # +300 g at 11 months: N
    assert _statuses(world) == ["B", "T", "N"]
    measurement_correct(
        user=world.kader,
        measurement=december,
        weight_kg=Decimal("8.40"),
        lenhei_cm=Decimal("75.0"),
        position="l",
    )
    assert _statuses(world) == ["B", "N", "T"]  # +400 g, then +100 g


def test_imports_restore_the_same_statuses_as_the_entry_form(world: World) -> None:
    for on, weight in [
        (date(2025, 11, 10), "8.00"),
        (date(2025, 12, 10), "8.30"),
        (date(2026, 1, 10), "8.40"),
        (TODAY, "9.00"),
    ]:
        _record(world, on, weight)
    entered = _statuses(world)
    Measurement.objects.filter(child=world.child_a).update(gain="B")
    assert gains_refresh([world.child_a.pk]) == 3
    assert _statuses(world) == entered == ["B", "N", "T", "O"]


def test_the_migration_recomputes_statuses_stored_by_the_old_rule(world: World) -> None:
    migration = importlib.import_module("tumbuh.measurements.migrations.0004_gain_by_kbm")
    _record(world, date(2025, 11, 10), "8.00")
    _record(world, date(2025, 12, 10), "8.20")
    Measurement.objects.filter(child=world.child_a).update(gain="N")  # any rise was N
    migration.recompute(django_apps, None)
    assert _statuses(world) == ["B", "T"]
