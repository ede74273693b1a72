"""Plain ``INSERT``/``UPDATE`` with ``executemany`` for the import's largest tables.

Django's ``bulk_create`` builds one model instance and prepares every value through its field
per row; for a million measurements that alone takes minutes. Here rows are tuples of values the
database driver takes as they are (int, str, float, bool, date, Decimal, None; datetimes go
through ``adapt_datetime`` first), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import islice

from django.db import connection
from django.db.models import Model

ROWS_PER_CALL = 5000


def adapt_datetime(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr,arg-type]


def _run(sql: str, rows: Iterable[Sequence[object]]) -> None:
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, ROWS_PER_CALL)):
            cursor.executemany(sql, batch)  # type: ignore[arg-type]


def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Insert rows of ``fields`` values (primary keys come from the database)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model, fields)
    marks = ", ".join(["%s"] * len(columns))
    _run(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def update_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Update by primary key: each row is the ``fields`` values followed by the pk."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(model, fields))
    pk = connection.ops.quote_name(model._meta.pk.column)
    _run(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", rows)
