"""``tumbuh import KIND FILE [--rejects REPORT]``: import a national-app export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tumbuh.cli.django_setup import django_start
from tumbuh.cli.failure import CommandError
from tumbuh.cli.progress import ProgressBar
from tumbuh.cli.users import user_by_name

if TYPE_CHECKING:
    from tumbuh.regions.models import Region

KINDS = (
    "eppgbm",
    "keluarga",
    "dtsen",
    "template",
    "deliveries",
    "facilities",
    "teams",
    "kpm",
    "programmes",
    "users",
)
REPORTS = (".xlsx", ".csv")
#: New posyandu named in the summary line (the rest are counted).
NEW_POSYANDU_SHOWN = 5
#: Said, in both languages, when another import holds the import lock.
WAITING = (
    "tumbuh import: another import is running; waiting for it to finish "
    "(impor lain sedang berjalan; menunggu sampai selesai)"
)
#: Said when the database stayed busy past its timeout; the import was undone.
BUSY = (
    "the database stayed busy, nothing of this import was kept; try again "
    "(basis data sedang sibuk, impor ini tidak disimpan; coba lagi)"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help=(
            "import an export (e-PPGBM, BKKBN keluarga, DTSEN), a filled Tumbuh template "
            "or an office's deliveries into the web app's database"
        ),
        description=(
            "Validates every row, links each child to the one person it is (NIK, else name, "
            "birth date and kelurahan), and stores the measurements, all in one transaction. "
            "Rows that cannot become a record are listed with their reasons in --rejects "
            "(.xlsx or .csv). Importing the same file twice adds nothing. Ends with one line: "
            "'rows: T, new: N, updated: U, unchanged: K, rejected: R'."
        ),
    )
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("file", type=Path)
    parser.add_argument("--rejects", type=Path, help="report of rejected rows (.xlsx or .csv)")
    parser.add_argument("--region", help="kab/kota code (default: the only one loaded)")
    parser.add_argument("--user", default="admin", help="account the import is recorded under")
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        default="id",
        help="language of the report's statuses and reasons (the summary line is always English)",
    )
    parser.add_argument(
        "--passwords",
        type=Path,
        help=(
            "users: where the new accounts' initial passwords go (.csv or .xlsx, readable by "
            "you only; default: FILE's name with -kata-sandi.csv, beside it)"
        ),
    )
    parser.add_argument(
        "--link",
        action="store_true",
        help="afterwards, link the region's children as `tumbuh link` does (summary on stderr)",
    )
    parser.set_defaults(handler=run)


def new_posyandu_line(names: list[str]) -> str:
    """One line for the posyandu an import created, however many: their count and the first
    few names (a kabupaten's first import may create hundreds)."""
    shown = ", ".join(names[:NEW_POSYANDU_SHOWN])
    more = ", …" if len(names) > NEW_POSYANDU_SHOWN else ""
    return f"new posyandu: {len(names)} ({shown}{more})"


def _kabkota(code: str | None) -> Region:
    """The kab/kota named by ``--region``, or the only one loaded."""
    from tumbuh.regions.models import Level, Region

    regions = Region.objects.filter(level=Level.KABKOTA)
    region = (
        regions.filter(code=code).first()
        if code
        else (regions.first() if regions.count() == 1 else None)
    )
    if region is None:
        raise CommandError("name the kab/kota with --region (e.g. --region 71.72)")
    return region


def run(args: argparse.Namespace) -> int:
    if args.rejects and args.rejects.suffix.lower() not in REPORTS:
        raise CommandError(f"{args.rejects}: the report must be .xlsx or .csv")
    django_start()
    from django.core.exceptions import PermissionDenied
    from django.db import OperationalError

    from tumbuh.files import FileError, open_table
    from tumbuh.imports.kinds import FILE_ERRORS, MEASUREMENT_KINDS, import_file
    from tumbuh.imports.report import write_report

    user = user_by_name(args.user)
    region = _kabkota(args.region)
    if args.kind == "users":
        return _users(args, user, region)
    try:
        with ProgressBar() as bar:
            result = import_file(
                user=user,
                path=args.file,
                region=region,
                kind=args.kind,
                progress=bar.reached,
                channel="cli",
                waiting=lambda: print(WAITING, file=sys.stderr, flush=True),
            )
    except FILE_ERRORS as error:
        raise CommandError(
            str(error) if isinstance(error, FileError) else f"{args.file}: {error}"
        ) from error
    except PermissionDenied as error:
        raise CommandError(f"account '{args.user}' may not import {args.kind} files") from error
    except OperationalError as error:
        raise CommandError(f"{args.file}: {BUSY} ({error})") from error
    status = 0
    if args.rejects:  # the import is stored: a report that cannot be written does not undo it
        try:
            written = write_report(open_table(args.file), result, args.rejects, args.lang)
        except (FileError, OSError) as error:
            print(f"tumbuh import: rows stored, but no report: {error}", file=sys.stderr)
            status = 1
        else:
            if written != args.rejects:
                print(
                    f"tumbuh import: too many rows for Excel, report in {written}", file=sys.stderr
                )
    if result.created_posyandu:
        print(new_posyandu_line(result.created_posyandu), file=sys.stderr)
    if result.tpk_assigned or result.tpk_without_team:
        print(
            f"TPK: {result.tpk_assigned} at-risk families assigned a team, "
            f"{result.tpk_without_team} in a desa/kelurahan without a TPK team",
            file=sys.stderr,
        )
    if args.link and args.kind in MEASUREMENT_KINDS:
        from tumbuh.imports.linkage_services import children_link

        linked = children_link(user=user, region=region)
        print(
            f"linked: records {linked.records}, merged {linked.merged}, "
            f"to review {linked.to_review}",
            file=sys.stderr,
        )
    print(result.line())
    return status


def _users(args: argparse.Namespace, user: Any, region: Region) -> int:
    """``tumbuh import users``: accounts created or updated; new accounts' initial passwords
    go to an owner-only file (never to the screen or a log)."""
    from django.core.exceptions import PermissionDenied

    from tumbuh.files import FileError, open_table
    from tumbuh.files.write import check_writable
    from tumbuh.imports.lock import import_lock
    from tumbuh.imports.report import write_report
    from tumbuh.imports.user_services import users_import, write_passwords
    from tumbuh.ingest.users import UserFileError

    passwords = args.passwords or args.file.with_name(f"{args.file.stem}-kata-sandi.csv")
    try:
        check_writable(passwords)
    except FileError as error:
        raise CommandError(str(error)) from error
    try:
        with import_lock(lambda: print(WAITING, file=sys.stderr, flush=True)):
            done = users_import(user=user, path=args.file, region=region)
    except (FileError, UserFileError) as error:
        raise CommandError(
            str(error) if isinstance(error, FileError) else f"{args.file}: {error}"
        ) from error
    except PermissionDenied as error:
        raise CommandError(f"account '{args.user}' may not import users files") from error
    status = 0
    if done.passwords:
        write_passwords(done.passwords, passwords)
        print(
            f"initial passwords of {len(done.passwords)} new accounts: {passwords} "
            "(readable by you only; hand each over privately, then delete the file)",
            file=sys.stderr,
        )
    if args.rejects:
        try:
            write_report(open_table(args.file), done.result, args.rejects, args.lang)
        except (FileError, OSError) as error:
            print(f"tumbuh import: accounts stored, but no report: {error}", file=sys.stderr)
            status = 1
    print(done.result.line())
    return status
