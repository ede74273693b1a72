"""The facts computed from plain arrays (no Django): monthly figures per posyandu.

Days are proleptic Gregorian ordinals (``date.toordinal()``); z-scores are floats with NaN for
missing; gain statuses are the SKDN letters. Rows need not be sorted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np
import numpy.typing as npt

from tumbuh.growth.categories import (
    OVERWEIGHT_ABOVE,
    STUNTED_BELOW,
    UNDERWEIGHT_BELOW,
    WASTED_BELOW,
)
from tumbuh.growth.rules import UNDER_FIVE_BELOW_DAYS, last_age_day_below

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: A child's latest measurement counts for a month when it is at most this old at the month's end.
LATEST_WITHIN_DAYS: Final = 365
#: Whole days a child stays under five after its birth day.
UNDER_FIVE_LAST_DAY: Final = last_age_day_below(UNDER_FIVE_BELOW_DAYS)
#: Bits of a day ordinal in a (child, day) key (ordinals up to 4 million: year 10,000).
DAY_BITS: Final = 22

#: The counts of ``AreaMonth``, in the order ``area_months`` returns them.
COUNTS: Final = (
    "registered",
    "weighed",
    "naik",
    "tidak_naik",
    "absent_before",
    "new",
    "latest",
    "latest_len",
    "latest_wfl",
    "latest_wei",
    "stunted",
    "wasted",
    "underweight",
    "overweight",
    "month_len",
    "month_stunted",
    "month_wasted",
    "month_underweight",
    "month_overweight",
)
_GAINS: Final = {"naik": "N", "tidak_naik": "T", "absent_before": "O", "new": "B"}


@dataclass(frozen=True)
class MeasurementArrays:
    child: IntArray
    day: IntArray
    posyandu: IntArray
    zlen: FloatArray
    zwei: FloatArray
    zwfl: FloatArray
    gain: npt.NDArray[np.str_]


@dataclass(frozen=True)
class RegisteredArrays:
    """Children registered at a posyandu: where, and their birth days."""

    posyandu: IntArray
    birth_day: IntArray


def month_starts(first: date, last: date) -> list[date]:
    """The first days of every month from ``first``'s to ``last``'s."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def month_end(start: date) -> date:
    return (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def child_day_keys(child: IntArray, day: IntArray | np.int64) -> IntArray:
    """One sortable key per (child, day): sorted, a child's measurements in date order."""
    keys: IntArray = (child << DAY_BITS) | day
    return keys


def latest_within_year(
    keys: IntArray, child: IntArray, day: IntArray, children: IntArray, end: int
) -> IntArray:
    """Rows of each child's latest measurement up to the day ``end`` within a year
    (``LATEST_WITHIN_DAYS``), in arrays sorted by ``keys`` (``child_day_keys``); ``children``
    are the distinct ``child`` values, in order."""
    last = np.searchsorted(keys, child_day_keys(children, np.int64(end)), side="right") - 1
    ok = last >= 0
    last = last[ok]
    keep = (child[last] == children[ok]) & (day[last] > end - LATEST_WITHIN_DAYS)
    result: IntArray = last[keep].astype(np.int64)
    return result


def _month_index(day: IntArray, starts: Sequence[date]) -> IntArray:
    """Each day's index in ``starts`` (-1 before the first month or after the last)."""
    bounds = np.array([s.toordinal() for s in starts] + [month_end(starts[-1]).toordinal() + 1])
    index = np.searchsorted(bounds, day, side="right") - 1
    index[(index < 0) | (index >= len(starts))] = -1
    return index.astype(np.int64)


class _Counter:
    """Adds rows to the (posyandu, month) count matrices by the posyandu they fall at."""

    def __init__(self, posyandu: Sequence[int], months: int) -> None:
        self.places = np.asarray(posyandu, dtype=np.int64)
        self.months = months
        self.shape = (self.places.size, months)
        self.counts = {name: np.zeros(self.shape, dtype=np.int64) for name in COUNTS}
        self._order = np.argsort(self.places)
        self._sorted = self.places[self._order]

    def place_index(self, ids: IntArray) -> IntArray:
        """Each id's row (-1 for a posyandu not asked for)."""
        result = np.full(ids.shape, -1, dtype=np.int64)
        if self.places.size == 0:
            return result
        at = np.clip(np.searchsorted(self._sorted, ids), 0, self.places.size - 1)
        found = self._sorted[at] == ids
        result[found] = self._order[at[found]]
        return result

    def add(
        self, name: str, place: IntArray, month: int | IntArray, mask: npt.NDArray[np.bool_]
    ) -> None:
        keep = mask & (place >= 0)
        if isinstance(month, int):
            self.counts[name][:, month] += np.bincount(place[keep], minlength=self.places.size)
            return
        flat = place[keep] * self.months + month[keep]
        size = self.places.size * self.months
        self.counts[name] += np.bincount(flat, minlength=size).reshape(self.shape)


@dataclass(frozen=True)
class _Sorted:
    """Measurements sorted by child and day, with what each row counts as."""

    keys: IntArray
    child: IntArray
    day: IntArray
    place: IntArray
    gain: npt.NDArray[np.str_]
    flags: dict[str, npt.NDArray[np.bool_]]

    @classmethod
    def of(cls, m: MeasurementArrays, counter: _Counter) -> _Sorted:
        keys = child_day_keys(m.child, m.day)
        order = np.argsort(keys, kind="stable")
        zlen, zwei, zwfl = m.zlen[order], m.zwei[order], m.zwfl[order]
        with np.errstate(invalid="ignore"):
            flags = {
                "len": ~np.isnan(zlen),
                "wfl": ~np.isnan(zwfl),
                "wei": ~np.isnan(zwei),
                "stunted": zlen < STUNTED_BELOW,
                "wasted": zwfl < WASTED_BELOW,
                "underweight": zwei < UNDERWEIGHT_BELOW,
                "overweight": zwfl > OVERWEIGHT_ABOVE,
            }
        return cls(
            keys[order],
            m.child[order],
            m.day[order],
            counter.place_index(m.posyandu[order]),
            m.gain[order],
            flags,
        )


def _count_registered(counter: _Counter, registered: RegisteredArrays, ends: Sequence[int]) -> None:
    place = counter.place_index(registered.posyandu)
    for column, end in enumerate(ends):
        alive = (registered.birth_day <= end) & (registered.birth_day >= end - UNDER_FIVE_LAST_DAY)
        counter.add("registered", place, column, alive)


def _count_latest(counter: _Counter, rows: _Sorted, ends: Sequence[int]) -> None:
    """Each child's latest measurement up to each month's end, within a year."""
    children = np.unique(rows.child)
    for column, end in enumerate(ends):
        last = latest_within_year(rows.keys, rows.child, rows.day, children, end)
        place = rows.place[last]
        counter.add("latest", place, column, np.ones(last.size, dtype=bool))
        for flag in ("len", "wfl", "wei"):
            counter.add(f"latest_{flag}", place, column, rows.flags[flag][last])
        for category in ("stunted", "wasted", "underweight", "overweight"):
            counter.add(category, place, column, rows.flags[category][last])


def _count_months(
    counter: _Counter, rows: _Sorted, starts: Sequence[date], ends: Sequence[int]
) -> None:
    """The measurements of each month: all of them (trend) and each child's last one (SKDN)."""
    month = _month_index(rows.day, starts)
    in_month = (month >= 0) & (rows.day <= np.asarray(ends)[np.maximum(month, 0)])
    month_flags = {"len": "month_len", "stunted": "month_stunted", "wasted": "month_wasted"}
    month_flags |= {"underweight": "month_underweight", "overweight": "month_overweight"}
    for flag, name in month_flags.items():
        counter.add(name, rows.place, month, in_month & rows.flags[flag])
    same_next = (
        (np.append(rows.child[1:], -1) == rows.child)
        & (np.append(month[1:], -2) == month)
        & np.append(in_month[1:], False)
    )
    last_of_month = in_month & ~same_next
    counter.add("weighed", rows.place, month, last_of_month)
    for name, letter in _GAINS.items():
        counter.add(name, rows.place, month, last_of_month & (rows.gain == letter))


def area_months(
    measurements: MeasurementArrays,
    registered: RegisteredArrays,
    *,
    posyandu: Sequence[int],
    starts: Sequence[date],
    today: date,
) -> dict[str, IntArray]:
    """Every count of ``COUNTS`` as a (posyandu, month) matrix, for the ``posyandu`` asked for
    (rows in that order) and the months beginning on ``starts`` (columns). A month is taken to
    its last day, or to ``today`` while it runs."""
    counter = _Counter(posyandu, len(starts))
    if counter.places.size == 0 or not starts:
        return counter.counts
    ends = [min(month_end(s), today).toordinal() for s in starts]
    _count_registered(counter, registered, ends)
    if measurements.child.size:
        rows = _Sorted.of(measurements, counter)
        _count_latest(counter, rows, ends)
        _count_months(counter, rows, starts, ends)
    return counter.counts
