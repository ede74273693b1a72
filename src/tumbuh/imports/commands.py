"""``tumbuh import KIND FILE [--rejects REPORT]``: import a national-app export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

KINDS = ("eppgbm", "keluarga", "dtsen", "template")
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


class _ProgressBar:
    """Rows imported so far, on stderr when it is a terminal; silent otherwise."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="rows", unit_scale=True, file=sys.stderr)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help=(
            "import an export (e-PPGBM, BKKBN keluarga, DTSEN) or a filled Tumbuh template "
            "into the web app's database"
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
        "--link",
        action="store_true",
        help="afterwards, link the region's children as `tumbuh link` does (summary on stderr)",
    )
    parser.set_defaults(handler=run)


def register_link(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "link",
        help="find the same child recorded more than once (merge the sure, queue the unsure)",
        description=(
            "Links the children of an area: the same full NIK, then probabilistic matching on "
            "name, birth date, sex, mother and kelurahan. Sure matches are merged (each merge "
            "can be undone in the web app); unsure pairs go to the review queue."
        ),
    )
    parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 71.72")
    parser.add_argument("--user", default="admin", help="account the merges are recorded under")
    parser.set_defaults(handler=run_link)


def run_link(args: argparse.Namespace) -> int:
    from tumbuh.web.commands import _django, _migrate

    _django()
    _migrate()
    from django.contrib.auth import get_user_model

    from tumbuh.imports.linkage_services import children_link
    from tumbuh.regions.models import Region

    user = get_user_model().objects.filter(username=args.user).first()
    region = Region.objects.filter(code=args.region).first()
    if user is None or region is None:
        print("tumbuh link: unknown --user or --region", file=sys.stderr)
        return 2
    summary = children_link(user=user, region=region)
    print(
        f"records: {summary.records}, merged: {summary.merged}, to review: {summary.to_review}"
        + ("" if summary.probabilistic else " (too few records for the model: NIK only)")
    )
    return 0


def run(args: argparse.Namespace) -> int:
    from tumbuh.web.commands import _django, _migrate

    _django()
    _migrate()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied
    from django.db import OperationalError

    from tumbuh.files import FileError, read_table
    from tumbuh.imports.kinds import FILE_ERRORS, MEASUREMENT_KINDS, import_file
    from tumbuh.imports.report import write_report
    from tumbuh.regions.models import Level, Region

    def fail(message: str) -> int:
        print(f"tumbuh import: {message}", file=sys.stderr)
        return 2

    if args.rejects and args.rejects.suffix.lower() not in (".xlsx", ".csv"):
        return fail(f"{args.rejects}: the report must be .xlsx or .csv")
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        return fail(f"no account '{args.user}' (use --user)")
    regions = Region.objects.filter(level=Level.KABKOTA)
    region = (
        regions.filter(code=args.region).first()
        if args.region
        else (regions.first() if regions.count() == 1 else None)
    )
    if region is None:
        return fail("name the kab/kota with --region (e.g. --region 71.72)")
    bar = _ProgressBar()
    try:
        result = import_file(
            user=user,
            path=args.file,
            region=region,
            kind=args.kind,
            progress=bar,
            waiting=lambda: print(WAITING, file=sys.stderr, flush=True),
        )
    except FILE_ERRORS as error:
        return fail(str(error) if isinstance(error, FileError) else f"{args.file}: {error}")
    except PermissionDenied:
        return fail(f"account '{args.user}' may not record measurements")
    except OperationalError as error:
        return fail(f"{args.file}: {BUSY} ({error})")
    finally:
        bar.close()
    status = 0
    if args.rejects:  # the import is stored: a report that cannot be written does not undo it
        try:
            written = write_report(read_table(args.file), result, args.rejects, args.lang)
        except (FileError, OSError) as error:
            print(f"tumbuh import: rows stored, but no report: {error}", file=sys.stderr)
            status = 1
        else:
            if written != args.rejects:
                print(
                    f"tumbuh import: too many rows for Excel, report in {written}", file=sys.stderr
                )
    for name in result.created_posyandu:
        print(f"new posyandu: {name}", file=sys.stderr)
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
