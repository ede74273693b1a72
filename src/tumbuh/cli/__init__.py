"""The ``tumbuh`` command. Each subcommand imports what it needs only when it runs.

``tumbuh zscore`` and ``tumbuh analyse`` in particular never start Django.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tumbuh import __version__
from tumbuh.cli import analyse, zscore
from tumbuh.imports import commands as import_commands
from tumbuh.interventions import commands as report_commands
from tumbuh.web import commands as web_commands
from tumbuh.web import worker


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tumbuh",
        description="Tumbuh: WHO-exact growth scoring and stunting-reduction tools.",
    )
    parser.add_argument("--version", action="version", version=f"tumbuh {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    zscore.register(subparsers)
    analyse.register(subparsers)
    web_commands.register(subparsers)
    worker.register(subparsers)
    import_commands.register(subparsers)
    import_commands.register_link(subparsers)
    report_commands.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
