"""Writing an analysis as CSV, JSON or XLSX (the HTML report lives in ``report_html``)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl

from tumbuh.files import write_table
from tumbuh.survey.analysis import Analysis
from tumbuh.survey.layout import anthro_layout
from tumbuh.survey.prevalence import Reference


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


def write_xlsx(analysis: Analysis, path: Path, layout: str) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(path) as workbook:
        prevalence_for_output(analysis, layout).write_excel(workbook, worksheet="prevalensi")
        analysis.quality.write_excel(workbook, worksheet="kualitas_data")
        for reference in analysis.references():
            rows = analysis.prevalence.filter(pl.col("reference") == reference.value)
            anthro_layout(rows, Reference(reference)).write_excel(
                workbook, worksheet=f"who_{reference.value}"
            )
