"""``tumbuh manage ARGS...``: any Django management command (``adduser``, ``migrate``, ...)."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("manage", help="run a Django management command", add_help=False)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tumbuh manage", *args.args])
    return 0
