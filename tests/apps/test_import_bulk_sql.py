"""Bulk writes of the import (COPY on PostgreSQL, executemany on SQLite) and statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from tests.apps.conftest import World
from tumbuh.imports.bulk_sql import adapt_datetime, insert_rows, tables_analyse, update_rows
from tumbuh.measurements.models import Gain, Measurement

VALUES = (Decimal("9.35"), None, None, "l", False)
FIELDS = ("child", "posyandu", "measured_on", "weight_kg", "lenhei_cm", "muac_cm", "position")


def _insert(world: World, *days: date) -> list[Measurement]:
    stamp = adapt_datetime(timezone.now())
    insert_rows(
        Measurement,
        (*FIELDS, "oedema", "gain", "age_days", "flags", "created_at", "updated_at"),
        (
            (world.child_a.pk, world.posyandu_a.pk, day, *VALUES, Gain.NEW, 300, "", stamp, stamp)
            for day in days
        ),
    )
    return list(Measurement.objects.order_by("measured_on"))


def test_inserted_rows_keep_their_values_and_empty_cells(world: World) -> None:
    stored = _insert(world, date(2026, 1, 5), date(2026, 2, 5))
    assert [m.measured_on for m in stored] == [date(2026, 1, 5), date(2026, 2, 5)]
    assert {(m.weight_kg, m.lenhei_cm, m.position, m.gain) for m in stored} == {
        (Decimal("9.35"), None, "l", Gain.NEW)
    }


def test_updates_change_only_the_rows_and_fields_given(world: World) -> None:
    first, second, third = _insert(world, date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5))
    update_rows(
        Measurement,
        ("weight_kg", "lenhei_cm", "gain"),
        [(Decimal("9.80"), Decimal("75.5"), Gain.NAIK, second.pk), (None, None, "T", third.pk)],
    )
    rows = Measurement.objects.order_by("measured_on").values_list(
        "weight_kg", "lenhei_cm", "gain", "position"
    )
    assert list(rows) == [
        (Decimal("9.35"), None, Gain.NEW, "l"),
        (Decimal("9.80"), Decimal("75.5"), Gain.NAIK, "l"),
        (None, None, Gain.TIDAK_NAIK, "l"),
    ]
    update_rows(Measurement, ("gain",), [])  # nothing to write is no statement
    assert first.pk < second.pk < third.pk


def test_analysing_after_a_load_gives_the_planner_statistics(world: World) -> None:
    _insert(world, date(2026, 1, 5), date(2026, 2, 5))
    tables_analyse([Measurement])
    table = Measurement._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            assert cursor.fetchone()[0] == 2
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
            assert cursor.fetchone()[0] > 0
