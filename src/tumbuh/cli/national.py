"""``tumbuh national``: the region's pseudonymous extract as Parquet, and national analytics over
extracts gathered from many regions, with DuckDB (one machine) or PySpark (a cluster).

    tumbuh national export --region 71.72 -o extract/
    tumbuh national analyse extract/ --level kabkota --from 2026-08-01 --to 2026-08-31 -o out.csv
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tumbuh.cli.failure import CommandError

TABLES = ("prevalence", "quality", "coverage")
ENGINES = ("duckdb", "spark")
OUTPUTS = (".csv", ".xlsx", ".parquet")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "national",
        help="national extract (Parquet) and analytics over it (DuckDB or Spark)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="national_command", required=True)

    export = commands.add_parser(
        "export",
        help="the region's measurements (pseudonymous) and registered counts as Parquet",
        description=(
            "Writes the kab/kota's or province's measurements (a child is a keyed hash: no "
            "name, NIK, birth date or address) and children under five registered per "
            "desa/kelurahan and month, partitioned province=/kabkota=/month=. Its old "
            "partitions are replaced; other regions' are kept."
        ),
    )
    export.add_argument("--region", required=True, help="kab/kota or province code, e.g. 71.72")
    export.add_argument("-o", "--output", type=Path, required=True, help="extract folder")
    export.add_argument("--user", default="admin", help="account whose scope applies")
    export.set_defaults(handler=run_export)

    analyse = commands.add_parser(
        "analyse",
        help="prevalence with CIs, data quality or coverage per region of an extract",
        description=(
            "Each child's latest measurement in the period, then per region of --level: "
            "prevalence (tumbuh analyse's tidy rows with a region column), quality (SMART "
            "grade) or coverage (registered, measured, percent)."
        ),
    )
    analyse.add_argument("extract", type=Path, help="extract folder (tumbuh national export)")
    analyse.add_argument(
        "--level", choices=("province", "kabkota", "kecamatan", "kelurahan"), default="kabkota"
    )
    analyse.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    analyse.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    analyse.add_argument("--table", choices=TABLES, default="prevalence")
    analyse.add_argument("--engine", choices=ENGINES, default="duckdb")
    analyse.add_argument("-o", "--output", type=Path, required=True, help=", ".join(OUTPUTS))
    analyse.set_defaults(handler=run_analyse)


def run_export(args: argparse.Namespace) -> int:
    from tumbuh.cli.django_setup import django_start

    django_start()
    from django.core.exceptions import PermissionDenied

    from tumbuh.cli.users import region_in_scope, user_by_name
    from tumbuh.measurements.national_export import NotAnExtractRegionError, national_extract

    user = user_by_name(args.user)
    region = region_in_scope(user, args.region, args.user)
    try:
        summary = national_extract(user=user, region=region, root=args.output)
    except NotAnExtractRegionError as error:
        raise CommandError(f"region {error}: extracts are made per kab/kota or province") from None
    except PermissionDenied as error:
        raise CommandError(f"region {args.region} is outside '{args.user}'s scope") from error
    print(
        f"tumbuh national: {summary.measurements} measurements, {summary.months} months, "
        f"{summary.kelurahan} desa/kelurahan -> {args.output}",
        file=sys.stderr,
    )
    return 0


def _percent_cells(table: str) -> dict[str, Any]:
    """Which cells of a table are percentages (XLSX writes them as percent cells): the
    coverage, and the prevalence rows' estimates and limits (the mean z's rows are z-scores)."""
    if table == "coverage":
        return {"percent": ("coverage",)}
    if table == "prevalence":
        from tumbuh.survey.prevalence import PERCENT_STATISTICS, PREVALENCE_ROWS

        return {"percent": PERCENT_STATISTICS, "percent_rows": PREVALENCE_ROWS}
    return {}


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} {text!r}: not a date (YYYY-MM-DD)") from None


def run_analyse(args: argparse.Namespace) -> int:
    from tumbuh.files import write_table
    from tumbuh.national.layout import MEASUREMENTS, Level

    suffix = args.output.suffix.lower()
    if suffix not in OUTPUTS:
        raise CommandError(f"{args.output}: cannot write '{suffix}' (use {', '.join(OUTPUTS)})")
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if end < start:
        raise CommandError(f"--to {end} is before --from {start}")
    if not (args.extract / MEASUREMENTS).is_dir():
        raise CommandError(f"{args.extract}: no {MEASUREMENTS}/ folder (tumbuh national export)")
    level = Level(args.level)
    if args.engine == "spark":
        frame = _with_spark(args.table, args.extract, level, start, end)
    else:
        from tumbuh.national import duck

        frame = getattr(duck, args.table)(args.extract, level, start, end)
    write_table([frame], args.output, worksheet=args.table, **_percent_cells(args.table))
    print(f"tumbuh national: {frame.height} rows -> {args.output}", file=sys.stderr)
    return 0


def _with_spark(table: str, extract: Path, level: Any, start: date, end: date) -> Any:
    try:
        from tumbuh.national import spark
    except ImportError:  # pragma: no cover - pyspark is in the dev lock
        raise CommandError("--engine spark needs pyspark (pip install pyspark)") from None
    import polars as pl

    session = spark.session("local[2]")
    result = spark.TABLES[table](session, extract, level, start, end)
    frame = pl.from_arrow(result.toArrow())
    assert isinstance(frame, pl.DataFrame)
    return frame
