"""``tumbuh demo``: build the demo of a kab/kota (Kota Bitung by default; once) and serve it."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.serve import add_address, serve


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="build a demo of a kab/kota (Kota Bitung by default) and serve it"
    )
    add_address(parser)
    parser.add_argument(
        "--region",
        default="71.72",
        help="Kemendagri code of a kab/kota with bundled boundaries: 71.72 (Bitung, the default), "
        "64.02 (Kutai Kartanegara), 64.74 (Bontang), 21.71 (Batam)",
    )
    parser.add_argument(
        "--children",
        type=int,
        default=None,
        help="number of children (default: 13,000 for Bitung, scaled by desa/kelurahan elsewhere)",
    )
    parser.add_argument("--no-serve", action="store_true", help="build the database and stop")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.children is not None and args.children < 1:
        raise CommandError("--children: at least 1")
    django_start()
    from tumbuh.web.demo import DemoRegionError, demo_build

    try:
        print(demo_build(children=args.children, code=args.region))
    except DemoRegionError as error:
        raise CommandError(str(error)) from error
    if not args.no_serve:
        serve(args.host, args.port)
    return 0
