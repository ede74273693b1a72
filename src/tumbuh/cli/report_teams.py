"""``tumbuh report teams --region CODE -o FILE``: one row per team (TPPS, TP3S, TKPK, TPK) with
its member count, as the decree annexes imported set them up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import region_in_scope, user_by_name

#: The columns, in this order.
COLUMNS = ("tim", "jenis", "kelurahan", "anggota", "kecamatan", "sk", "kode")
OUTPUTS = (".xlsx", ".csv")


def register(reports: Any) -> None:
    parser = reports.add_parser(
        "teams",
        help="teams under --region: one row per team with its member count",
        description=(
            "One row per team under the region: tim (its name), jenis (tpps, tkpk, tpk), "
            "kelurahan (its desa/kelurahan, empty for a kecamatan or kab/kota team), anggota "
            "(members), kecamatan, sk (decree number), kode (its region's code)."
        ),
    )
    parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 21.71")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    parser.add_argument("--user", default="admin", help="account whose scope applies")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in OUTPUTS:
        raise CommandError(f"{args.output}: use .xlsx or .csv")
    django_start()
    import polars as pl
    from django.core.exceptions import PermissionDenied

    from tumbuh.accounts.models import Action
    from tumbuh.accounts.services import audit_record
    from tumbuh.files import write_table
    from tumbuh.teams.selectors import teams_report_rows

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    try:
        rows = teams_report_rows(user=user, region=region)
    except PermissionDenied as error:
        raise CommandError(
            f"region {args.region} is unknown or outside '{args.user}'s scope"
        ) from error
    table = pl.DataFrame(
        [
            (r.name, r.kind, r.kelurahan, r.members, r.kecamatan, r.decree_number, r.region_code)
            for r in rows
        ],
        schema={c: pl.Int64 if c == "anggota" else pl.String for c in COLUMNS},
        orient="row",
    )
    write_table([table], args.output, worksheet="tim")
    audit_record(user=user, action=Action.EXPORT, object_type="teams", object_id=region.code)
    print(f"tumbuh report: {table.height} teams -> {args.output}", file=sys.stderr)
    return 0
