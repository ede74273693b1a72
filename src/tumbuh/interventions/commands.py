"""``tumbuh report scorecard --region CODE -o FILE``: the convergence scorecard per kelurahan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


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


def run_scorecard(args: argparse.Namespace) -> int:
    from tumbuh.web.commands import _django, _migrate

    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        print(f"tumbuh report: {args.output}: use .xlsx or .csv", file=sys.stderr)
        return 2
    _django()
    _migrate()
    import polars as pl
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from tumbuh.accounts.selectors import region_get_for_user
    from tumbuh.interventions.selectors import scorecard_for
    from tumbuh.interventions.tables import by_kelurahan

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        print(f"tumbuh report: no account '{args.user}' (use --user)", file=sys.stderr)
        return 2
    try:
        region = region_get_for_user(user=user, code=args.region)
    except PermissionDenied:
        print(
            f"tumbuh report: region {args.region} is unknown or outside '{args.user}'s scope",
            file=sys.stderr,
        )
        return 2
    card = scorecard_for(user=user, region=region, today=timezone.localdate())
    table = by_kelurahan(card, region)
    if card.expected.height:
        offices = (
            card.expected.group_by("kelurahan", "office")
            .agg((100 * pl.col("received").mean()).round(1).alias("percent"))
            .pivot(on="office", index="kelurahan", values="percent")
        )
        table = table.join(
            offices.rename({c: f"{c}_percent" for c in offices.columns if c != "kelurahan"}),
            on="kelurahan",
            how="left",
        )
    if args.output.suffix.lower() == ".xlsx":
        table.write_excel(args.output, worksheet="scorecard")
    else:
        table.write_csv(args.output)
    print(f"tumbuh report: {table.height} kelurahan -> {args.output}", file=sys.stderr)
    return 0
