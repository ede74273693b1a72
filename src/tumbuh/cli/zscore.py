"""``tumbuh zscore INPUT -o OUTPUT``: WHO z-scores, flags and Permenkes categories for a file."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

#: Rows scored per step; the progress bar advances by one step.
BATCH_ROWS = 250_000
#: Files at least this long get a progress bar (when stderr is a terminal).
PROGRESS_FROM_ROWS = 200_000

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


def _progress(total: int) -> Any:
    if total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="rows", unit_scale=True, file=sys.stderr, desc="scoring")


def run(args: argparse.Namespace) -> int:
    from tumbuh.files import FileError, read_table, write_table
    from tumbuh.files.write import check_writable
    from tumbuh.scoring import ColumnError, ScoreSummary, resolve_columns, score_frame
    from tumbuh.scoring.columns import parse_map

    started = time.perf_counter()
    try:
        check_writable(args.output)
        frame = read_table(args.input)
        columns = resolve_columns(frame.columns, parse_map(args.map))
    except (FileError, ColumnError) as error:
        print(
            f"tumbuh zscore: {args.input}: {error}"
            if isinstance(error, ColumnError)
            else f"tumbuh zscore: {error}",
            file=sys.stderr,
        )
        return 2
    if not {"age_days", "age_months", "birth_date"} & columns.keys():
        print(
            "tumbuh zscore: warning: no age column; only weight-for-length/height can be scored",
            file=sys.stderr,
        )
    bar = _progress(frame.height)
    summary = ScoreSummary(0, 0, 0, 0)
    parts = []
    for start in range(0, max(frame.height, 1), BATCH_ROWS):
        part, part_summary = score_frame(
            frame.slice(start, BATCH_ROWS), columns, language=args.lang
        )
        parts.append(part)
        summary += part_summary
        if bar is not None:
            bar.update(part.height)
    if bar is not None:
        bar.close()
    try:
        write_table(parts, args.output)
    except (FileError, OSError) as error:
        print(f"tumbuh zscore: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"tumbuh zscore: {summary.line()} ({elapsed:.1f} s) -> {args.output}", file=sys.stderr)
    return 0
