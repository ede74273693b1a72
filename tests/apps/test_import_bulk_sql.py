"""Bulk writes of the import (COPY on PostgreSQL, executemany on SQLite) and statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from tests.apps.conftest import World
from tests.apps.factories import FamilyFactory
from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.imports.bulk_sql import (
    adapt_datetime,
    insert_rows,
    objects_insert,
    tables_analyse,
    update_rows,
)
from tumbuh.measurements.models import Gain, Measurement
from tumbuh.registry.models import Family

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


def test_inserted_objects_get_the_keys_their_rows_have(world: World) -> None:
    FamilyFactory(kelurahan=world.kelurahan_a)  # rows before them, so their keys do not start at 1
    families = [
        Family(head_name=name, kelurahan=world.kelurahan_a, address=f"Jalan {name}")
        for name in ("Maria", "Sinta", "Debora")
    ]
    objects_insert(Family, families, keys=True)
    assert {f.pk: f.head_name for f in families} == dict(
        Family.objects.filter(pk__in=[f.pk for f in families]).values_list("pk", "head_name")
    )
    events = [
        AuditEvent(action=Action.CREATE, object_type="family", object_id=str(f.pk))
        for f in families
    ]
    objects_insert(AuditEvent, events)
    stored = AuditEvent.objects.filter(object_type="family").order_by("pk")
    assert [e.object_id for e in stored] == [str(f.pk) for f in families]
    assert all(e.at is not None for e in stored)  # auto_now_add, as bulk_create sets it
