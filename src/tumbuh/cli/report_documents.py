"""``tumbuh report semester --region CODE --year Y --semester 1|2 -o FILE`` (.pdf/.docx): the TPPS
semester report; ``tumbuh report aksi --region CODE --year Y -o FILE`` (.xlsx/.csv): the aksi
konvergensi evidence tables (CSV: the Master Ansit sheet alone)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import region_in_scope, user_by_name

SEMESTER_DESCRIPTION = """\
The TPPS semester report of --region for semester --semester of --year: prevalence trend by
semester from the measurements (95 % CIs), coverage and prevalence per desa/kelurahan, the
scorecard per intervention, the weighing campaigns held and the deadlines met. PDF to send, DOCX
to edit. Figures stop at today for a semester not yet over.
"""
AKSI_DESCRIPTION = """\
The aksi konvergensi evidence tables of --region for --year: XLSX with the sheets Analisis
Situasi (per desa/kelurahan), Master Ansit (Web Aksi's columns: Jumlah Keluarga, Jumlah Keluarga
Berisiko Stunting, Jumlah Balita Diukur, Balita Sangat Pendek, Balita Pendek), Cakupan per OPD
and Reviu Kinerja (the year against the one before); CSV holds the Master Ansit sheet.
"""


def register(reports: Any) -> None:
    """Add ``semester`` and ``aksi`` to the ``tumbuh report`` subcommands."""
    semester = reports.add_parser(
        "semester",
        help="the TPPS semester report (PDF or DOCX)",
        description=SEMESTER_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    semester.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    semester.add_argument("--year", required=True, type=int)
    semester.add_argument("--semester", required=True, type=int, choices=(1, 2))
    semester.add_argument("-o", "--output", type=Path, required=True, help=".pdf or .docx")
    semester.add_argument("--user", default="admin", help="account whose scope applies")
    semester.set_defaults(handler=run_semester)
    aksi = reports.add_parser(
        "aksi",
        help="the aksi konvergensi evidence tables (XLSX or CSV)",
        description=AKSI_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    aksi.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    aksi.add_argument("--year", required=True, type=int)
    aksi.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    aksi.add_argument("--user", default="admin", help="account whose scope applies")
    aksi.set_defaults(handler=run_aksi)


def _start(args: argparse.Namespace, suffixes: tuple[str, ...]) -> tuple[Any, Any, date]:
    if args.output.suffix.lower() not in suffixes:
        raise CommandError(f"{args.output}: use {' or '.join(suffixes)}")
    if not args.output.parent.exists():
        raise CommandError(f"{args.output}: the folder {args.output.parent} does not exist")
    django_start()
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from tumbuh.accounts.permissions import Permission, require

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    try:
        require(user, Permission.BUILD_REPORTS, region)
    except PermissionDenied as error:
        raise CommandError(f"'{args.user}' may not build reports for {args.region}") from error
    today = timezone.localdate()
    if not 2000 <= args.year <= today.year:
        raise CommandError(f"--year {args.year}: give a year from 2000 to {today.year}")
    return user, region, today


def _write(path: Path, content: bytes) -> None:
    """Write the whole file at once (nothing half-written: a temporary file renamed)."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(content)
    partial.replace(path)


def run_semester(args: argparse.Namespace) -> int:
    user, region, today = _start(args, (".pdf", ".docx"))
    from tumbuh.interventions.pdf import PdfUnavailableError
    from tumbuh.reporting.semester import semester_docx, semester_pdf, semester_report

    report = semester_report(
        user=user, region=region, year=args.year, semester=args.semester, today=today
    )
    if args.output.suffix.lower() == ".docx":
        content = semester_docx(report)
    else:
        try:
            content = semester_pdf(report)
        except PdfUnavailableError as error:
            raise CommandError(f"PDF is not available here ({error}); use .docx") from error
    _write(args.output, content)
    total = report.period.total
    print(
        f"tumbuh report: semester {args.semester} {args.year} of {region.name}: "
        f"{total.diukur} of {total.sasaran} children measured -> {args.output}",
        file=sys.stderr,
    )
    return 0


def run_aksi(args: argparse.Namespace) -> int:
    user, region, today = _start(args, (".xlsx", ".csv"))
    from tumbuh.reporting.aksi import aksi_tables

    tables = aksi_tables(user=user, region=region, year=args.year, today=today)
    csv = args.output.suffix.lower() == ".csv"
    _write(args.output, tables.csv() if csv else tables.xlsx())
    print(
        f"tumbuh report: aksi {args.year} of {region.name}: {tables.master.height} "
        f"desa/kelurahan -> {args.output}",
        file=sys.stderr,
    )
    return 0
