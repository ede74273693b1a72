"""``tumbuh link --region CODE``: find the same child recorded more than once."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.users import user_by_name


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "link",
        help="find the same child recorded more than once (merge the sure, queue the unsure)",
        description=(
            "Links the children of an area: the same full NIK, then probabilistic matching on "
            "name, birth date, sex, mother and kelurahan. Sure matches are merged (each merge "
            "can be undone in the web app); unsure pairs go to the review queue."
        ),
    )
    parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    parser.add_argument("--user", default="admin", help="account the merges are recorded under")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start()
    from tumbuh.imports.linkage_services import children_link
    from tumbuh.regions.models import Region

    user = user_by_name(args.user)
    region = Region.objects.filter(code=args.region).first()
    if region is None:
        raise CommandError(f"no region '{args.region}' (use --region, e.g. 71.72)")
    summary = children_link(user=user, region=region)
    print(
        f"records: {summary.records}, merged: {summary.merged}, to review: {summary.to_review}"
        + ("" if summary.probabilistic else " (too few records for the model: NIK only)")
    )
    return 0
