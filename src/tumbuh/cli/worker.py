"""``tumbuh worker [--batch]``: run the background jobs (imports) queued in the database."""

from __future__ import annotations

import argparse
from typing import Any

from tumbuh.cli.django_setup import django_start


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run background jobs (imports) apart from the web server",
        description=(
            "Runs the jobs queued in the database (uploaded imports) until stopped. "
            "tumbuh serve already starts one; run more, here or on other machines sharing "
            "the database, for more jobs at once."
        ),
    )
    parser.add_argument(
        "--batch", action="store_true", help="stop once no job is waiting (for cron or tests)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start()
    from tumbuh.web.worker import worker_run

    worker_run(batch=args.batch)
    return 0
