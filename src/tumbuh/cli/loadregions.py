"""``tumbuh loadregions CODE...``: load Kemendagri regions from the bundled copy."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("loadregions", help="load Kemendagri regions (e.g. 71.72 or 71)")
    parser.add_argument("codes", nargs="+")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start()
    from tumbuh.regions.loader import regions_load

    for code in args.codes:
        print(f"{code}: {regions_load(code=code)} regions added")
    return 0
