"""Writing an analysis as CSV, JSON or XLSX (the HTML report lives in ``report_html``)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl

from tumbuh.files import write_table
from tumbuh.files.xlsx import WORKBOOK_OPTIONS, Sheet, sheet_write
from tumbuh.survey.analysis import Analysis
from tumbuh.survey.layout import anthro_layout, anthro_percent_columns
from tumbuh.survey.prevalence import PERCENT_STATISTICS, PREVALENCE_ROWS, Reference


def prevalence_for_output(analysis: Analysis, layout: str) -> pl.DataFrame:
    """The tidy table, or WHO's layout of the first reference present (2006 before 2007)."""
    if layout == "tidy":
        return analysis.prevalence
    reference = analysis.references()[0]
    rows = analysis.prevalence.filter(pl.col("reference") == reference.value)
    return anthro_layout(rows, reference)


def write_csv(analysis: Analysis, path: Path, layout: str) -> None:
    """Through ``tumbuh.files``: group labels come from the file's columns, and a label a
    spreadsheet would run as a formula is neutralised as in every CSV Tumbuh writes."""
    write_table([prevalence_for_output(analysis, layout)], path)


def _clean(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def write_json(analysis: Analysis, path: Path, layout: str) -> None:
    document = {
        "design": analysis.design,
        "prevalence": [
            {k: _clean(v) for k, v in row.items()}
            for row in prevalence_for_output(analysis, layout).iter_rows(named=True)
        ],
        "quality": [
            {k: _clean(v) for k, v in row.items()} for row in analysis.quality.iter_rows(named=True)
        ],
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def _percent_sheet(analysis: Analysis, layout: str) -> Sheet:
    """The prevalence sheet: in the tidy table a prevalence row's statistics are percentages,
    in WHO's layout the cut-off columns are."""
    table = prevalence_for_output(analysis, layout)
    if layout == "tidy":
        return Sheet(table, PERCENT_STATISTICS, PREVALENCE_ROWS)
    return Sheet(table, tuple(anthro_percent_columns(analysis.references()[0])))


def write_xlsx(analysis: Analysis, path: Path, layout: str) -> None:
    """The prevalence, the data quality and WHO's layout per reference, a sheet each;
    percentages as percent cells (43.2 % as 0.432 formatted ``0.0%``)."""
    import xlsxwriter

    sheets = {
        "prevalensi": _percent_sheet(analysis, layout),
        "kualitas_data": Sheet(analysis.quality),
    }
    for reference in analysis.references():
        rows = analysis.prevalence.filter(pl.col("reference") == reference.value)
        sheets[f"who_{reference.value}"] = Sheet(
            anthro_layout(rows, Reference(reference)), tuple(anthro_percent_columns(reference))
        )
    with xlsxwriter.Workbook(path, WORKBOOK_OPTIONS) as workbook:
        for name, sheet in sheets.items():
            sheet_write(
                sheet.frame,
                workbook,
                worksheet=name,
                percent=sheet.percent,
                percent_rows=sheet.percent_rows,
            )
