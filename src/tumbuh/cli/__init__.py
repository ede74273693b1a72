"""The ``tumbuh`` command: one module per subcommand, each importing what it needs only when it
runs (``tumbuh zscore`` and ``tumbuh analyse`` never start Django); the subcommands that use the
database share one set-up (``tumbuh.cli.django_setup``), one progress bar
(``tumbuh.cli.progress``) and one lookup of ``--user`` (``tumbuh.cli.users``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tumbuh import __version__
from tumbuh.cli import (
    analyse,
    backup,
    demo,
    exchange,
    facts,
    importing,
    link,
    loadregions,
    manage,
    national,
    report,
    serve,
    token,
    worker,
    zscore,
)
from tumbuh.cli.failure import EXIT_REFUSED, CommandError

#: The subcommands of the web system (they start Django).
WEB_COMMANDS = (demo, serve, manage, loadregions)
#: Every subcommand, in the order ``tumbuh --help`` lists them.
COMMANDS = (
    zscore,
    analyse,
    *WEB_COMMANDS,
    worker,
    backup,
    importing,
    link,
    report,
    national,
    facts,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tumbuh",
        description="Tumbuh: WHO-exact growth scoring and stunting-reduction tools.",
    )
    parser.add_argument("--version", action="version", version=f"tumbuh {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    token.register(subparsers)
    exchange.register_satusehat(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.handler(args)
    except CommandError as failure:
        print(f"tumbuh {args.command}: {failure}", file=sys.stderr)
        return EXIT_REFUSED
    return result


if __name__ == "__main__":
    sys.exit(main())
