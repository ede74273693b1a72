"""Measurements fetched as numpy columns in one pass, straight from the database cursor (no
model instances, no per-value conversion): what both facts tables are computed from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from tumbuh.facts.compute import DAY_BITS, MeasurementArrays, child_day_keys
from tumbuh.measurements.gains import EPOCH_ORDINAL
from tumbuh.measurements.models import Measurement

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ObjectArray = npt.NDArray[np.object_]

FETCH_ROWS: Final = 50_000
_COLUMNS: Final = (
    "pk",
    "child_id",
    "day_text",
    "posyandu_id",
    "age_days",
    "zlen",
    "zwei",
    "zwfl",
    "zbmi",
    "flags",
    "gain",
)


@dataclass(frozen=True)
class MeasurementTable:
    pk: IntArray
    child: IntArray
    day: IntArray  # proleptic Gregorian ordinal
    posyandu: IntArray
    age_days: IntArray
    zlen: FloatArray
    zwei: FloatArray
    zwfl: FloatArray
    zbmi: FloatArray
    flags: ObjectArray
    gain: ObjectArray

    @property
    def size(self) -> int:
        return int(self.pk.size)

    def arrays(self) -> MeasurementArrays:
        """What the monthly figures need."""
        return MeasurementArrays(
            child=self.child,
            day=self.day,
            posyandu=self.posyandu,
            zlen=self.zlen,
            zwei=self.zwei,
            zwfl=self.zwfl,
            gain=self.gain.astype("<U1"),
        )


def _chunk_columns(rows: Sequence[tuple[object, ...]]) -> list[np.ndarray]:
    columns = list(zip(*rows, strict=True))
    days = np.array(columns[2], dtype="datetime64[D]").astype(np.int64) + EPOCH_ORDINAL
    return [
        np.array(columns[0], dtype=np.int64),
        np.array(columns[1], dtype=np.int64),
        days,
        np.array(columns[3], dtype=np.int64),
        np.array(columns[4], dtype=np.int64),
        *(np.array(columns[i], dtype=np.float64) for i in range(5, 9)),  # None -> NaN
        np.array([v or "" for v in columns[9]], dtype=object),
        np.array([v or "" for v in columns[10]], dtype=object),
    ]


def measurement_table(measurements: QuerySet[Measurement]) -> MeasurementTable:
    """These measurements as columns (the day read as text and parsed by numpy)."""
    query = (
        measurements.order_by()
        .annotate(day_text=Cast("measured_on", CharField()))
        .values_list(*_COLUMNS)
    )
    sql, params = query.query.sql_with_params()
    parts: list[list[np.ndarray]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(FETCH_ROWS):
            parts.append(_chunk_columns(rows))
    if not parts:
        ints, floats = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        texts = np.zeros(0, dtype=object)
        return MeasurementTable(
            ints, ints, ints, ints, ints, floats, floats, floats, floats, texts, texts
        )
    return MeasurementTable(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def latest_two(table: MeasurementTable, children: IntArray) -> tuple[IntArray, IntArray]:
    """Row of each child's latest and previous measurement in ``table`` (-1 where none)."""
    keys = child_day_keys(table.child, table.day)
    order = np.argsort(keys, kind="stable")
    sorted_keys, sorted_child = keys[order], table.child[order]
    last_day = np.int64((1 << DAY_BITS) - 1)
    at = np.searchsorted(sorted_keys, child_day_keys(children, last_day), side="right") - 1
    has = (at >= 0) & (sorted_child[np.maximum(at, 0)] == children)
    before = at - 1
    has_before = has & (before >= 0) & (sorted_child[np.maximum(before, 0)] == children)
    latest = np.where(has, order[np.maximum(at, 0)], -1)
    previous = np.where(has_before, order[np.maximum(before, 0)], -1)
    return latest, previous
