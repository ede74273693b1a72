"""One region's figures from its children's measurements, the same wherever they are computed.

DuckDB (one machine) and PySpark (a cluster, inside each executor) hand each region's rows to
these functions as an Arrow table; they score them and estimate exactly as ``tumbuh analyse``
does on a file of the same rows (``tumbuh.scoring`` for the z-scores WHO's way, rounded as WHO's
R packages round them, ``tumbuh.survey`` for prevalence with 95 % CIs and the SMART grade).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from tumbuh.national.layout import ANALYSIS_COLUMNS
from tumbuh.scoring.columns import resolve_columns
from tumbuh.scoring.frame import Z_OUTPUT, score_frame_with_input
from tumbuh.survey.analysis import Analysis, analyse

#: The prevalence table of one region: ``region`` then ``tumbuh analyse``'s tidy columns.
PREVALENCE_SCHEMA = pa.schema(
    [
        ("region", pa.string()),
        ("reference", pa.string()),
        ("Group", pa.string()),
        ("grouping", pa.string()),
        ("indicator", pa.string()),
        ("cutoff", pa.string()),
        ("pop", pa.float64()),
        ("unwpop", pa.float64()),
        ("r", pa.float64()),
        ("se", pa.float64()),
        ("ll", pa.float64()),
        ("ul", pa.float64()),
        ("stdev", pa.float64()),
    ]
)

#: Data quality of one region's children under five: the SMART grade and its main parts.
QUALITY_SCHEMA = pa.schema(
    [
        ("region", pa.string()),
        ("children", pa.int64()),
        ("smart_score", pa.float64()),
        ("smart_grade", pa.string()),
        ("smart_reasons", pa.string()),
    ]
)


def analyse_rows(rows: pl.DataFrame, *, language: str = "id") -> Analysis:
    """``tumbuh analyse`` of these rows (WHO anthro column names), without a file in between."""
    columns = resolve_columns(list(rows.columns), {})
    scored, _summary, data = score_frame_with_input(rows, columns, language=language)
    scores = {name: scored[name].cast(pl.Float64).fill_null(np.nan).to_numpy() for name in Z_OUTPUT}
    return analyse(data, scores, language=language)


def _rows(table: pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(table.select(list(ANALYSIS_COLUMNS)))
    assert isinstance(frame, pl.DataFrame)
    return frame


def _region_of(table: pa.Table, level: str) -> str:
    values = table.column(level).unique().to_pylist()
    if len(values) != 1:
        raise ValueError(f"one region expected in column {level!r}, got {len(values)}")
    return str(values[0])


def prevalence(table: pa.Table, level: str) -> pa.Table:
    """The tidy prevalence table of one region's children (one row each, ``level`` its code)."""
    region = _region_of(table, level)
    result = analyse_rows(_rows(table)).prevalence
    if result.is_empty():
        return PREVALENCE_SCHEMA.empty_table()
    framed = result.with_columns(region=pl.lit(region)).select(PREVALENCE_SCHEMA.names)
    return framed.to_arrow().cast(PREVALENCE_SCHEMA)


def quality(table: pa.Table, level: str) -> pa.Table:
    """The SMART grade of one region's measurements of children under five, with its reasons."""
    region = _region_of(table, level)
    overall = analyse_rows(_rows(table)).quality.row(0, named=True)
    score = overall.get("smart_score")
    record: dict[str, list[Any]] = {
        "region": [region],
        "children": [int(overall.get("children") or 0)],
        "smart_score": [None if score is None else float(score)],
        "smart_grade": [overall.get("smart_grade")],
        "smart_reasons": [overall.get("smart_reasons")],
    }
    return pa.table(record, schema=QUALITY_SCHEMA)
