"""``tumbuh report campaign --region CODE --from DATE --to DATE -o FILE``: a weighing campaign
(Operasi Timbang) per desa/kelurahan: registered, measured, coverage, prevalence with 95 % CIs."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import region_in_scope, user_by_name

if TYPE_CHECKING:
    import polars as pl

    from tumbuh.campaigns.figures import Area, Figures

#: The first columns, in this order (percent numbers); more follow them.
COLUMNS = ("kelurahan", "sasaran", "diukur", "cakupan", "stunting", "stunting_ll", "stunting_ul")
MORE_COLUMNS = (
    "kode",
    "kecamatan",
    "wasting",
    "wasting_ll",
    "wasting_ul",
    "underweight",
    "underweight_ll",
    "underweight_ul",
    "mutu_data",
)
#: The columns that hold percentages (coverage, prevalences and their 95 % limits; 0-100).
PERCENT_COLUMNS = (
    "cakupan",
    *(f"{p}{s}" for p in ("stunting", "wasting", "underweight") for s in ("", "_ll", "_ul")),
)
DESCRIPTION = """\
One row per desa/kelurahan under --region for the period --from .. --to (a campaign such as
Operasi Timbang): sasaran (children under five registered at its posyandu on the first day),
diukur (those measured in the period), cakupan (percent), and stunting, wasting and underweight
(percent below -2 SD, each child's latest measurement in the period) with 95 % confidence
intervals and the SMART data-quality grade, computed as `tumbuh analyse --by kelurahan` does.
"""


def register(reports: Any) -> None:
    """Add ``campaign`` to the ``tumbuh report`` subcommands."""
    parser = reports.add_parser(
        "campaign",
        help="a weighing campaign per kelurahan: coverage, prevalence with 95%% CIs",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    parser.add_argument(
        "--from", dest="start", required=True, type=date.fromisoformat, help="YYYY-MM-DD"
    )
    parser.add_argument(
        "--to", dest="end", required=True, type=date.fromisoformat, help="YYYY-MM-DD"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    parser.add_argument("--user", default="admin", help="account whose scope applies")
    parser.set_defaults(handler=run)


def _row(area: Area) -> dict[str, object]:
    e = area.estimates
    return {
        "kelurahan": area.name,
        "sasaran": area.sasaran,
        "diukur": area.diukur,
        "cakupan": area.cakupan,
        "stunting": e.stunting.percent,
        "stunting_ll": e.stunting.low,
        "stunting_ul": e.stunting.high,
        "kode": area.key,
        "kecamatan": area.parent,
        "wasting": e.wasting.percent,
        "wasting_ll": e.wasting.low,
        "wasting_ul": e.wasting.high,
        "underweight": e.underweight.percent,
        "underweight_ll": e.underweight.low,
        "underweight_ul": e.underweight.high,
        "mutu_data": e.grade or "",
    }


def campaign_table(figures: Figures) -> pl.DataFrame:
    import polars as pl

    schema: dict[str, Any] = dict.fromkeys((*COLUMNS, *MORE_COLUMNS), pl.Float64)
    schema |= {
        "kelurahan": pl.String,
        "kode": pl.String,
        "kecamatan": pl.String,
        "mutu_data": pl.String,
        "sasaran": pl.Int64,
        "diukur": pl.Int64,
    }
    return pl.DataFrame([_row(a) for a in figures.kelurahan], schema=schema, orient="row")


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        raise CommandError(f"{args.output}: use .xlsx or .csv")
    if args.end < args.start:
        raise CommandError("--to comes before --from")
    django_start()
    from django.core.exceptions import PermissionDenied

    from tumbuh.accounts.permissions import Permission, require
    from tumbuh.campaigns.figures import campaign_figures
    from tumbuh.files.write import write_table
    from tumbuh.registry.selectors import person_list

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    try:
        require(user, Permission.VIEW_CAMPAIGNS, region)
    except PermissionDenied as error:
        raise CommandError(
            f"region {args.region} is unknown or outside '{args.user}'s scope"
        ) from error
    figures = campaign_figures(
        people=person_list(user=user), region=region, start=args.start, end=args.end, language="id"
    )
    table = campaign_table(figures)
    write_table([table], args.output, worksheet="kampanye", percent=PERCENT_COLUMNS)
    total = figures.total
    print(
        f"tumbuh report: {table.height} kelurahan, {total.diukur} of {total.sasaran} children "
        f"measured -> {args.output}",
        file=sys.stderr,
    )
    return 0
