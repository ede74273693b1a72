"""``tumbuh backup DIR [--keep N]``: a consistent copy of the database, the newest N kept."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError

#: Backups kept unless told otherwise: two weeks of nightly runs.
DEFAULT_KEEP = 14


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="write a consistent copy of the database into a directory",
        description=(
            "Copies the database into DIR as tumbuh-<UTC time>.sqlite3 (SQLite, online backup) "
            "or .dump (PostgreSQL, pg_dump --format=custom; restore with pg_restore --clean), "
            "while the server runs, then removes all but the newest --keep backups there."
        ),
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--keep",
        type=int,
        default=DEFAULT_KEEP,
        help=f"backups kept in DIR, this one included (default {DEFAULT_KEEP})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.keep < 1:
        raise CommandError("--keep: at least 1")
    django_start(migrate=False)  # a backup copies the database as it is
    from tumbuh.backups import BackupError, backup_create, size_text

    try:
        backup = backup_create(args.directory, keep=args.keep)
    except BackupError as error:
        raise CommandError(str(error)) from error
    print(f"backup: {backup.path} ({size_text(backup.size)})")
    return 0
