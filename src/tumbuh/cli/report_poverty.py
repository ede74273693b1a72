"""``tumbuh report poverty --region CODE -o FILE``: poverty indicators per desa/kelurahan for the
TKPK (households known, desil 1, desil 1-4, desil 1-4 without PKH, then each programme)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import region_in_scope, user_by_name

OUTPUTS = (".xlsx", ".csv")
DESCRIPTION = """\
One row per desa/kelurahan under --region: kelurahan, keluarga (households known), desil_1,
desil_1_4, desil_1_4_tanpa_pkh (households in desil 1-4 receiving no PKH), then per programme of
the register: households receiving it in the last 12 months (<code>), the percent of its eligible
households receiving it (<code>_persen; of all households for a programme without a rule), and
for a programme with a rule its exclusion (<code>_eksklusi) and inclusion (<code>_inklusi)
errors; last kode_kelurahan.
"""


def register(reports: Any) -> None:
    parser = reports.add_parser(
        "poverty",
        help="poverty indicators: one row per desa/kelurahan (deciles, programme coverage)",
        description=DESCRIPTION,
    )
    parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".xlsx or .csv")
    parser.add_argument("--user", default="admin", help="account whose scope applies")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in OUTPUTS:
        raise CommandError(f"{args.output}: use .xlsx or .csv")
    django_start()
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from tumbuh.accounts.models import Action
    from tumbuh.accounts.services import audit_record
    from tumbuh.files import write_table
    from tumbuh.poverty.selectors import households, indicators
    from tumbuh.poverty.tables import indicators_frame, percent_columns

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    try:
        data = households(user=user, region=region, today=timezone.localdate())
    except PermissionDenied as error:
        raise CommandError(f"account '{args.user}' may not see poverty figures") from error
    table = indicators_frame(indicators(data))
    write_table([table], args.output, worksheet="kemiskinan", percent=percent_columns(table))
    audit_record(user=user, action=Action.EXPORT, object_type="poverty", object_id=region.code)
    print(f"tumbuh report: {table.height} kelurahan -> {args.output}", file=sys.stderr)
    return 0
