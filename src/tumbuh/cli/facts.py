"""``tumbuh facts rebuild``: recompute the facts tables (children's status, monthly figures)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from tumbuh.cli.django_setup import django_start


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "facts",
        help="rebuild the figures pages read (each child's status, monthly figures per posyandu)",
        description=(
            "Every save and import keeps the facts current; rebuild recomputes them from the "
            "measurements and the registry (after a restore, or to check them)."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True)
    rebuild = actions.add_parser("rebuild", help="recompute both tables from scratch")
    rebuild.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    django_start()
    from tumbuh.facts.services import facts_rebuild

    start = time.perf_counter()
    children, rows = facts_rebuild()
    seconds = time.perf_counter() - start
    print(f"facts: {children} children, {rows} posyandu-months in {seconds:.1f} s")
    return 0
