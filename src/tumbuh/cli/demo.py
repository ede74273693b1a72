"""``tumbuh demo``: build the demo of Kota Bitung (once) and serve it."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.serve import add_address, serve


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="build a demo of Kota Bitung and serve it")
    add_address(parser)
    parser.add_argument("--no-serve", action="store_true", help="build the database and stop")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start()
    from tumbuh.web.demo import demo_build

    print(demo_build())
    if not args.no_serve:
        serve(args.host, args.port)
    return 0
