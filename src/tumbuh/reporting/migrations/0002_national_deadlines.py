"""Seed the national deadlines (DOMAIN.md 2.4, formerly fixed in code) and carry over the
reports marked done on the targets page (interventions.ReportDone) as submissions."""

from __future__ import annotations

from typing import Any

from django.db import migrations

#: The national calendar as it was fixed in ``tumbuh.convergence.calendar.RULES``, with the
#: office responsible where one office is:
#: code, title, reporter, recipient, opens, due, due next year, office.
NATIONAL: tuple[tuple[str, str, str, str, tuple[int, int], tuple[int, int], bool, str], ...] = (
    (
        "bpb_februari",
        "Bulan Penimbangan Balita Februari (semua balita diukur)",
        "posyandu/puskesmas",
        "Dinkes (e-PPGBM)",
        (2, 1),
        (2, 28),
        False,
        "dinkes",
    ),
    (
        "bpb_agustus",
        "Bulan Penimbangan Balita Agustus (semua balita diukur)",
        "posyandu/puskesmas",
        "Dinkes (e-PPGBM)",
        (8, 1),
        (8, 31),
        False,
        "dinkes",
    ),
    (
        "aksi_semester_1",
        "Laporan aksi konvergensi semester I",
        "kecamatan/OPD",
        "Bappeda -> provinsi -> Kemendagri",
        (7, 1),
        (8, 10),
        False,
        "",
    ),
    (
        "aksi_semester_2",
        "Laporan aksi konvergensi semester II",
        "kecamatan/OPD",
        "Bappeda -> provinsi -> Kemendagri",
        (12, 15),
        (2, 10),
        True,
        "",
    ),
    (
        "tpps_semester_1",
        "Laporan TPPS semester I (Perpres 72/2021)",
        "TPPS kab/kota",
        "Gubernur",
        (7, 1),
        (7, 31),
        False,
        "",
    ),
    (
        "tpps_semester_2",
        "Laporan TPPS semester II (Perpres 72/2021)",
        "TPPS kab/kota",
        "Gubernur",
        (1, 1),
        (1, 31),
        False,
        "",
    ),
    (
        "penilaian_kinerja",
        "Penilaian kinerja kab/kota (tahun sebelumnya)",
        "TPPS kab/kota",
        "provinsi",
        (4, 1),
        (6, 30),
        False,
        "",
    ),
    (
        "verval_krs",
        "Verifikasi dan validasi keluarga berisiko stunting",
        "TPK/PKB",
        "DP2KB -> BKKBN",
        (9, 1),
        (10, 31),
        False,
        "dp2kb",
    ),
)


def seed(apps: Any, schema_editor: Any) -> None:
    Deadline = apps.get_model("reporting", "Deadline")
    Submission = apps.get_model("reporting", "Submission")
    ReportDone = apps.get_model("interventions", "ReportDone")
    by_code = {}
    for code, title, reporter, recipient, opens, due, next_year, office in NATIONAL:
        by_code[code] = Deadline.objects.create(
            region=None,
            code=code,
            title=title,
            reporter=reporter,
            recipient=recipient,
            office=office,
            recurrence="yearly",
            opens_month=opens[0],
            opens_day=opens[1],
            due_month=due[0],
            due_day=due[1],
            due_next_year=next_year,
        )
    Submission.objects.bulk_create(
        [
            Submission(
                deadline=by_code[done.code],
                region_id=done.region_id,
                period=str(done.year),
                submitted_on=done.done_on,
                submitted_by_id=done.recorded_by_id,
                note="ditandai selesai",
            )
            for done in ReportDone.objects.all()
            if done.code in by_code
        ]
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("reporting", "Submission").objects.filter(deadline__region__isnull=True).delete()
    apps.get_model("reporting", "Deadline").objects.filter(region__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("interventions", "0006_report_jobs"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
