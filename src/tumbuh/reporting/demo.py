"""The demo's reporting calendar (Kota Bitung): past national reports submitted but two left
late, and three deadlines of the city's own in the style of Bontang's (its performance report of
20 December, its central data entry of 15 January): one due soon, one late, one submitted. Their
dates are set from the demo's day so the home page always shows them."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User

from tumbuh.convergence import calendar
from tumbuh.regions.models import Region
from tumbuh.reporting.models import Deadline, Recurrence, Submission

#: National reports the demo leaves late, to show what the calendar does.
DEMO_LATE_REPORTS = ("verval_krs", "aksi_semester_1")
#: The city's own deadlines: title, office, days from the demo's day to the due day, submitted.
CITY_DEADLINES = (
    ("laporan-kinerja-tpps", "Laporan kinerja TPPS kota", "", 12, False),
    ("entri-data-pusat", "Entri data pusat (aplikasi monev Bangda)", "dinkes", -10, False),
    ("berita-acara-rembuk", "Berita acara rembuk stunting", "dp2kb", -30, True),
)
#: Days a city deadline opens before it is due.
OPENS_BEFORE_DAYS = 30
#: The city's own deadlines apply from this many days before the demo's day (none older is late).
APPLIES_BEFORE_DAYS = 60


def _national(city: Region, admin: User, today: date) -> None:
    national = {d.code: d for d in Deadline.objects.filter(region__isnull=True)}
    past = [
        d
        for d in calendar.deadlines(
            range(today.year - 1, today.year + 1), [d.rule() for d in national.values()]
        )
        if d.due_on < today
    ]
    late = {d.key for d in past if d.rule.code in DEMO_LATE_REPORTS and d.year == today.year}
    Submission.objects.bulk_create(
        [
            Submission(
                deadline=national[d.rule.code],
                region=city,
                period=d.period,
                submitted_on=d.due_on,
                submitted_by=admin,
                note="dikirim",
            )
            for d in past
            if d.key not in late
        ]
    )


def _city(city: Region, tpps: User, today: date) -> None:
    for code, title, office, days, submitted in CITY_DEADLINES:
        due = today + timedelta(days=days)
        opens = due - timedelta(days=OPENS_BEFORE_DAYS)
        deadline = Deadline.objects.create(
            region=city,
            code=code,
            title=title,
            reporter="TPPS Kota Bitung",
            recipient="Wali Kota / Bangda",
            office=office,
            owner=tpps if not office else None,
            recurrence=Recurrence.YEARLY,
            opens_month=opens.month,
            opens_day=opens.day,
            due_month=due.month,
            due_day=due.day,
            due_next_year=(opens.month, opens.day) > (due.month, due.day),
            remind_days=21,
            applies_from=today - timedelta(days=APPLIES_BEFORE_DAYS),
            created_by=tpps,
        )
        if submitted:
            occurrence = next(
                d
                for d in calendar.deadlines(
                    range(today.year - 1, today.year + 1), [deadline.rule()]
                )
                if d.due_on == due
            )
            Submission.objects.create(
                deadline=deadline,
                region=city,
                period=occurrence.period,
                submitted_on=due - timedelta(days=2),
                submitted_by=tpps,
                note="berita acara ditandatangani",
            )


def demo_reporting(*, city_code: str, today: date) -> None:
    """Seed the demo city's reporting calendar (national submissions and its own deadlines)."""
    city = Region.objects.get(code=city_code)
    admin = User.objects.get(username="admin")
    tpps = User.objects.get(username="tpps")
    _national(city, admin, today)
    _city(city, tpps, today)
