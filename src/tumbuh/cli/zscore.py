"""``tumbuh zscore INPUT -o OUTPUT``: WHO z-scores, flags and Permenkes categories for a file."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

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


class _Progress:
    """A progress bar on stderr for large files when stderr is a terminal; silent otherwise."""

    def __init__(self, path: Path) -> None:
        self._bar: Any = None
        if sys.stderr.isatty() and path.exists() and path.stat().st_size >= PROGRESS_FROM_BYTES:
            from tqdm import tqdm

            width = shutil.get_terminal_size().columns or 80
            self._bar = tqdm(
                unit="rows", unit_scale=True, file=sys.stderr, desc="scoring", ncols=width
            )

    def __call__(self, rows: int) -> None:
        if self._bar is not None:
            self._bar.update(rows)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run(args: argparse.Namespace) -> int:
    from tumbuh.files import FileError, write_table
    from tumbuh.files.write import check_writable
    from tumbuh.scoring import ColumnError
    from tumbuh.scoring.file import score_file

    started = time.perf_counter()
    progress = _Progress(args.input)
    try:
        check_writable(args.output)
        scored = score_file(args.input, maps=args.map, language=args.lang, progress=progress)
    except ColumnError as error:
        print(f"tumbuh zscore: {args.input}: {error}", file=sys.stderr)
        return 2
    except FileError as error:
        print(f"tumbuh zscore: {error}", file=sys.stderr)
        return 2
    finally:
        progress.close()
    if not scored.has_age:
        print(
            "tumbuh zscore: warning: no age column; only weight-for-length/height can be scored",
            file=sys.stderr,
        )
    try:
        write_table(scored.parts, args.output, neutralise=False)
    except (FileError, OSError) as error:
        print(f"tumbuh zscore: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    line = scored.summary.line()
    print(f"tumbuh zscore: {line} ({elapsed:.1f} s) -> {args.output}", file=sys.stderr)
    return 0
