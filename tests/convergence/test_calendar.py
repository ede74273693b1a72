"""The reporting calendar: due, late, done, upcoming."""

from __future__ import annotations

import datetime as dt

from tumbuh.convergence.calendar import RULES, Rule, Status, deadlines, overview


def test_the_semester_ii_convergence_report_closes_in_february_of_the_next_year() -> None:
    items = {d.key: d for d in deadlines([2026])}
    assert items["aksi_semester_2:2026"].due_on == dt.date(2027, 2, 10)


def test_an_open_report_past_its_deadline_is_late_and_a_submitted_one_is_done() -> None:
    today = dt.date(2026, 8, 20)
    statuses = {d.key: s for d, s in overview(today, {"bpb_februari:2026": True})}
    assert statuses["aksi_semester_1:2026"] is Status.LATE
    assert statuses["bpb_agustus:2026"] is Status.DUE
    assert statuses["bpb_februari:2026"] is Status.DONE
    assert statuses["verval_krs:2026"] is Status.UPCOMING


def test_every_rule_says_who_reports_to_whom() -> None:
    assert all(rule.reporter and rule.recipient for rule in RULES)


def test_a_semester_rule_falls_twice_a_year_six_months_apart() -> None:
    rule = Rule("laporan", "Laporan", "Report", "TPPS", "Bupati", (6, 1), (6, 30), semester=True)
    items = {d.key: d for d in deadlines([2026], [rule])}
    assert items["laporan:2026/1"].due_on == dt.date(2026, 6, 30)
    assert items["laporan:2026/2"].due_on == dt.date(2026, 12, 30)
    assert items["laporan:2026/2"].period == "2026/2"


def test_a_day_the_month_lacks_falls_on_its_last_day() -> None:
    rule = Rule("akhir", "Akhir", "End", "TPPS", "Bupati", (2, 1), (8, 31), semester=True)
    items = {d.key: d for d in deadlines([2026], [rule])}
    assert items["akhir:2026/2"].due_on == dt.date(2027, 2, 28)
