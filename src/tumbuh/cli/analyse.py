"""``tumbuh analyse INPUT -o OUTPUT``: prevalence with confidence intervals and data quality."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from tumbuh.cli.failure import CommandError

DESCRIPTION = """\
Scores the file as `tumbuh zscore` does, then estimates the prevalence of stunting, wasting,
underweight and overweight (every WHO cut-off, with 95 % confidence intervals, exactly as WHO's
anthro_prevalence / anthroplus_prevalence) for everyone, WHO's age groups, sex, age x sex and
each --by column, and grades the data's quality (SMART plausibility check) per group.
Output by extension: .html (a self-contained report), .xlsx, .csv, .json.
"""

OUTPUTS = (".html", ".xlsx", ".csv", ".json")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyse",
        help="prevalence with confidence intervals and data quality for a file",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", type=Path, help="CSV, XLSX or Parquet file of measurements")
    parser.add_argument("-o", "--output", type=Path, required=True, help=", ".join(OUTPUTS))
    parser.add_argument("--sw", metavar="COL", help="column of sampling weights")
    parser.add_argument("--cluster", metavar="COL", help="column of clusters (PSUs)")
    parser.add_argument("--strata", metavar="COL", help="column of strata")
    parser.add_argument(
        "--by",
        metavar="COL",
        action="append",
        default=[],
        help="report by this column too (repeatable): kecamatan, posyandu, kader",
    )
    parser.add_argument(
        "--format",
        choices=("tidy", "anthro"),
        default="tidy",
        help="tidy rows, or WHO anthro_prevalence's column layout",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="read a field from COLUMN (as in tumbuh zscore)",
    )
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="report language")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np
    import polars as pl

    from tumbuh.files import FileError
    from tumbuh.scoring import ColumnError
    from tumbuh.scoring.file import score_file
    from tumbuh.survey import export, report_html
    from tumbuh.survey.analysis import analyse, concat_inputs
    from tumbuh.survey.design import DesignError

    started = time.perf_counter()
    suffix = args.output.suffix.lower()
    if suffix not in OUTPUTS:
        raise CommandError(f"{args.output}: cannot write '{suffix}' (use {', '.join(OUTPUTS)})")
    try:
        scored = score_file(args.input, maps=args.map, language=args.lang)
    except (FileError, ColumnError) as error:
        raise CommandError(f"{args.input}: {error}") from error
    frame = scored.frame()
    wanted = [c for c in (args.sw, args.cluster, args.strata, *args.by) if c]
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise CommandError(
            f"{args.input}: no column {', '.join(repr(c) for c in missing)} "
            f"(columns: {', '.join(frame.columns)})"
        )

    def numbers(column: str) -> Any:
        return frame[column].cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()

    def labels(column: str) -> Any:
        return np.asarray(frame[column].cast(pl.String).to_list(), dtype=object)

    from tumbuh.scoring.frame import Z_OUTPUT

    scores = {name: numbers(name) for name in Z_OUTPUT}
    try:
        analysis = analyse(
            concat_inputs(scored.inputs),
            scores,
            weights=numbers(args.sw) if args.sw else None,
            cluster=labels(args.cluster) if args.cluster else None,
            strata=labels(args.strata) if args.strata else None,
            by={column: labels(column) for column in args.by},
            language=args.lang,
        )
    except DesignError as error:
        raise CommandError(f"{args.input}: {error}") from error
    writers = {".csv": export.write_csv, ".json": export.write_json, ".xlsx": export.write_xlsx}
    if suffix == ".html":
        report_html.write_report(analysis, args.output, title=args.input.name, language=args.lang)
    else:
        writers[suffix](analysis, args.output, args.format)
    elapsed = time.perf_counter() - started
    grade = analysis.quality["smart_grade"][0]
    print(
        f"tumbuh analyse: {scored.summary.line()}, data quality: {grade} "
        f"({elapsed:.1f} s) -> {args.output}",
        file=sys.stderr,
    )
    return 0
