"""The reporting calendar: what is due, from whom, to whom, and what is late.

Dates follow DOMAIN.md section 2.4. ``RULES`` are the national deadlines the reporting app seeds
as data; a region's own deadlines (``tumbuh.reporting``) are turned into ``Rule`` objects too.
A yearly rule falls once a year; a semester rule twice, the second six months after the first.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Status(StrEnum):
    DONE = "done"
    DUE = "due"  # open, deadline ahead
    LATE = "late"  # open, deadline passed
    UPCOMING = "upcoming"  # not yet open


@dataclass(frozen=True)
class Rule:
    """A recurring obligation: opens and closes on fixed days of the year (month, day)."""

    code: str
    title_id: str
    title_en: str
    reporter: str  # who reports
    recipient: str  # to whom
    opens: tuple[int, int]
    closes: tuple[int, int]
    closes_next_year: bool = False
    semester: bool = False  # twice a year: the second falls six months after the first


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    year: int
    opens_on: dt.date
    due_on: dt.date
    part: int = 0  # 0 for a yearly rule, 1 or 2 for a semester rule

    @property
    def key(self) -> str:
        """``code:year`` for a yearly rule, ``code:year/part`` for a semester rule."""
        if self.part:
            return f"{self.rule.code}:{self.year}/{self.part}"
        return f"{self.rule.code}:{self.year}"

    @property
    def period(self) -> str:
        """The key without the code: ``2026`` or ``2026/2``."""
        return self.key.split(":", 1)[1]

    def status(self, today: dt.date, done: bool) -> Status:
        if done:
            return Status.DONE
        if today < self.opens_on:
            return Status.UPCOMING
        return Status.LATE if today > self.due_on else Status.DUE


#: The national calendar (DOMAIN.md 2.4).
RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "bpb_februari",
        "Bulan Penimbangan Balita Februari (semua balita diukur)",
        "February weighing month (all children under five)",
        "posyandu/puskesmas",
        "Dinkes (e-PPGBM)",
        (2, 1),
        (2, 28),
    ),
    Rule(
        "bpb_agustus",
        "Bulan Penimbangan Balita Agustus (semua balita diukur)",
        "August weighing month (all children under five)",
        "posyandu/puskesmas",
        "Dinkes (e-PPGBM)",
        (8, 1),
        (8, 31),
    ),
    Rule(
        "aksi_semester_1",
        "Laporan aksi konvergensi semester I",
        "Convergence report, semester I",
        "kecamatan/OPD",
        "Bappeda -> provinsi -> Kemendagri",
        (7, 1),
        (8, 10),
    ),
    Rule(
        "aksi_semester_2",
        "Laporan aksi konvergensi semester II",
        "Convergence report, semester II",
        "kecamatan/OPD",
        "Bappeda -> provinsi -> Kemendagri",
        (12, 15),
        (2, 10),
        closes_next_year=True,
    ),
    Rule(
        "tpps_semester_1",
        "Laporan TPPS semester I (Perpres 72/2021)",
        "TPPS progress report, semester I",
        "TPPS kab/kota",
        "Gubernur",
        (7, 1),
        (7, 31),
    ),
    Rule(
        "tpps_semester_2",
        "Laporan TPPS semester II (Perpres 72/2021)",
        "TPPS progress report, semester II",
        "TPPS kab/kota",
        "Gubernur",
        (1, 1),
        (1, 31),
    ),
    Rule(
        "penilaian_kinerja",
        "Penilaian kinerja kab/kota (tahun sebelumnya)",
        "Annual performance review (previous year)",
        "TPPS kab/kota",
        "provinsi",
        (4, 1),
        (6, 30),
    ),
    Rule(
        "verval_krs",
        "Verifikasi dan validasi keluarga berisiko stunting",
        "Verification of at-risk families",
        "TPK/PKB",
        "DP2KB -> BKKBN",
        (9, 1),
        (10, 31),
    ),
)


def _day(year: int, month: int, day: int) -> dt.date:
    """The day, or the month's last day when it has fewer (29 February in a common year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def deadlines(years: Iterable[int], rules: Sequence[Rule] = RULES) -> list[Deadline]:
    """Every deadline of the rules in the given years, in date order."""
    result = []
    for year in years:
        for rule in rules:
            closes_year = year + 1 if rule.closes_next_year else year
            parts = ((1, 0), (2, 6)) if rule.semester else ((0, 0),)
            for part, shift in parts:
                result.append(
                    Deadline(
                        rule,
                        year,
                        _day(year, rule.opens[0] + shift, rule.opens[1]),
                        _day(closes_year, rule.closes[0] + shift, rule.closes[1]),
                        part,
                    )
                )
    return sorted(result, key=lambda d: (d.due_on, d.rule.code))


def overview(
    today: dt.date, done: Mapping[str, bool], rules: Sequence[Rule] = RULES
) -> list[tuple[Deadline, Status]]:
    """Deadlines of last year, this year and next with their status today (``done`` by key)."""
    items = deadlines(range(today.year - 1, today.year + 2), rules)
    return [(d, d.status(today, done.get(d.key, False))) for d in items]
