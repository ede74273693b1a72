"""``tumbuh report scorecard --region CODE -o FILE``: the convergence scorecard per kelurahan;
``tumbuh report gaps --region CODE --office CODE -o FILE``: one office's by-name gap list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import region_in_scope, user_by_name

OUTPUTS = (".xlsx", ".csv")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="reports from the database the web app uses (scorecard)",
        description="Reports for the TPPS secretariat, from the database the web app uses.",
    )
    reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    scorecard = reports.add_parser(
        "scorecard",
        help="convergence scorecard: one row per kelurahan under --region, percent complete",
        description=(
            "One row per kelurahan under the region: targets, interventions due and received "
            "in the last 12 months, percent complete, and the percent complete of each office."
        ),
    )
    scorecard.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    scorecard.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    scorecard.add_argument("--user", default="admin", help="account whose scope applies")
    scorecard.set_defaults(handler=run_scorecard)
    gaps = reports.add_parser(
        "gaps",
        help="an office's gap list: one row per target and intervention still due",
        description=(
            "One row per target (person or family) and intervention of the office still due "
            "under the region: intervention, nik, no_kk, nama, kelurahan, alamat, rt, rw, "
            "intervensi, sasaran, kecamatan, kode_kelurahan. A delivery recorded or imported "
            "removes its row."
        ),
    )
    gaps.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    gaps.add_argument("--office", required=True, help="office code, e.g. dinsos, dinkes, pupr")
    gaps.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    gaps.add_argument("--user", default="admin", help="account whose scope applies")
    gaps.set_defaults(handler=run_gaps)
    from tumbuh.cli import report_campaign

    report_campaign.register(reports)
    from tumbuh.cli import report_teams

    report_teams.register(reports)
    from tumbuh.cli import report_documents

    report_documents.register(reports)
    from tumbuh.cli import report_poverty

    report_poverty.register(reports)
    from tumbuh.cli.exchange import register_reports

    register_reports(reports)


def run_gaps(args: argparse.Namespace) -> int:
    from tumbuh.convergence.catalogue import Office

    if args.output.suffix.lower() not in OUTPUTS:
        raise CommandError(f"{args.output}: use .xlsx or .csv")
    if args.office not in {o.value for o in Office}:
        raise CommandError(f"unknown office {args.office!r}: use one of {', '.join(Office)}")
    django_start()
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from tumbuh.accounts.models import Action
    from tumbuh.accounts.permissions import Permission, require
    from tumbuh.accounts.services import audit_record
    from tumbuh.convergence.catalogue import OFFICE_NAMES
    from tumbuh.files import write_table
    from tumbuh.interventions.selectors import scorecard_for
    from tumbuh.interventions.tables import gap_list, sheet_name
    from tumbuh.offices.models import Channel, Direction
    from tumbuh.offices.services import exchange_record

    user = user_by_name(args.user)
    try:
        require(user, Permission.VIEW_GAPS, args.office)
    except PermissionDenied as error:
        raise CommandError(f"account '{args.user}' may not see {args.office}'s gaps") from error
    region = region_in_scope(user, args.region, args.user)
    card = scorecard_for(user=user, region=region, today=timezone.localdate())
    table = gap_list(card, office=args.office, user=user)
    write_table([table], args.output, worksheet=sheet_name(OFFICE_NAMES[Office(args.office)]))
    audit_record(
        user=user, action=Action.EXPORT, object_type=f"gaps:{args.office}", object_id=region.code
    )
    exchange_record(
        user=user,
        office=args.office,
        region=region,
        direction=Direction.EXPORT,
        channel=Channel.CLI,
        file_format=args.output.suffix.lower().lstrip("."),
        rows=table.height,
        file_name=args.output.name,
    )
    print(f"tumbuh report: {table.height} gaps -> {args.output}", file=sys.stderr)
    return 0


def run_scorecard(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in OUTPUTS:
        raise CommandError(f"{args.output}: use .xlsx or .csv")
    django_start()
    from django.utils import timezone

    from tumbuh.accounts.models import Action
    from tumbuh.accounts.services import audit_record
    from tumbuh.files import write_table
    from tumbuh.interventions.coverage import coverage_for
    from tumbuh.interventions.tables import by_kelurahan_and_office, percent_columns

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    card = coverage_for(user=user, region=region, today=timezone.localdate())
    table = by_kelurahan_and_office(card, region)
    write_table([table], args.output, worksheet="scorecard", percent=percent_columns(table))
    audit_record(user=user, action=Action.EXPORT, object_type="scorecard", object_id=region.code)
    print(f"tumbuh report: {table.height} kelurahan -> {args.output}", file=sys.stderr)
    return 0
