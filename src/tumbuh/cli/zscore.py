"""``tumbuh zscore INPUT -o OUTPUT``: WHO z-scores, flags and Permenkes categories for a file."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from tumbuh.cli.failure import CommandError
from tumbuh.cli.progress import ProgressBar

#: Files at least this large get a progress bar (when stderr is a terminal).
PROGRESS_FROM_BYTES = 8_000_000

DESCRIPTION = """\
Scores every row of a CSV, XLSX or Parquet file with the WHO Child Growth Standards (2006) and
Growth Reference (2007), exactly as WHO's own software, and writes the file the output name asks
for (.csv, .xlsx or .parquet). Every input row comes out, in order, with its own columns, plus
z-scores, flags (1 = implausible), Permenkes 2/2020 categories and an 'error' column saying why
something could not be scored.

Recognised columns (any case): WHO anthro names (sex, age_days or age_months or birth_date +
measure_date, weight, lenhei, measure, oedema, headc, armc, triskin, subskin) and e-PPGBM
headers (JK, Tgl Lahir, Tanggal Pengukuran, Berat, Tinggi, Cara Ukur, LiLA). Use --map for others.
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "zscore",
        help="score a file of child measurements with WHO z-scores",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", type=Path, help="CSV, XLSX or Parquet file")
    parser.add_argument("-o", "--output", type=Path, required=True, help=".csv, .xlsx or .parquet")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="read field from COLUMN (repeatable), e.g. --map 'Umur (hari)=age_days'",
    )
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="language of category labels"
    )
    parser.set_defaults(handler=run)


def _large(path: Path) -> bool:
    return path.exists() and path.stat().st_size >= PROGRESS_FROM_BYTES


def run(args: argparse.Namespace) -> int:
    from tumbuh.files import FileError, write_table
    from tumbuh.files.write import check_writable
    from tumbuh.scoring import ColumnError
    from tumbuh.scoring.file import score_file

    started = time.perf_counter()
    try:
        with ProgressBar(desc="scoring", wanted=_large(args.input)) as bar:
            check_writable(args.output)
            scored = score_file(args.input, maps=args.map, language=args.lang, progress=bar.advance)
    except ColumnError as error:
        raise CommandError(f"{args.input}: {error}") from error
    except FileError as error:
        raise CommandError(str(error)) from error
    if not scored.has_age:
        print(
            "tumbuh zscore: warning: no age column; only weight-for-length/height can be scored",
            file=sys.stderr,
        )
    try:
        write_table(scored.parts, args.output, neutralise=False)
    except (FileError, OSError) as error:
        raise CommandError(str(error)) from error
    elapsed = time.perf_counter() - started
    line = scored.summary.line()
    print(f"tumbuh zscore: {line} ({elapsed:.1f} s) -> {args.output}", file=sys.stderr)
    return 0
