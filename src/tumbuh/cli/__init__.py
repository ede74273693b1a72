"""Minimal ``tumbuh`` command (the lead's CLI replaces this at merge; it calls ``register``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from tumbuh.web.commands import register

    parser = argparse.ArgumentParser(prog="tumbuh")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
