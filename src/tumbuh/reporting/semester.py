"""The TPPS semester report (Perpres 72/2021): the region's figures for the semester, as a PDF
(WeasyPrint, like the scorecard) and as an editable DOCX (python-docx). Written in Bahasa
Indonesia, the language it is sent upward in."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from tumbuh.accounts.scope import AnyUser
from tumbuh.interventions.pdf import html_to_pdf
from tumbuh.regions.models import Region
from tumbuh.reporting.figures import (
    CampaignRow,
    PeriodFigures,
    TrendPoint,
    campaigns_in,
    deadlines_in,
    met_count,
    period_figures,
    semester_period,
    semester_trend,
)
from tumbuh.reporting.selectors import Item

#: The language the report is written in.
REPORT_LANGUAGE = "id"
ROMAN = {1: "I", 2: "II"}


@dataclass(frozen=True)
class SemesterReport:
    region: Region
    year: int
    semester: int
    made_on: date
    period: PeriodFigures
    trend: list[TrendPoint]
    campaigns: list[CampaignRow]
    deadlines: list[Item]

    @property
    def title(self) -> str:
        return _("TPPS report, semester %(semester)s %(year)s: %(region)s") % {
            "semester": ROMAN[self.semester],
            "year": self.year,
            "region": self.region.name,
        }

    @property
    def met(self) -> tuple[int, int]:
        return met_count(self.deadlines)

    @property
    def stem(self) -> str:
        return f"laporan-tpps-{self.region.code}-{self.year}-s{self.semester}"


def semester_report(
    *, user: AnyUser, region: Region, year: int, semester: int, today: date
) -> SemesterReport:
    """The figures of the semester (up to ``today``); PermissionDenied unless the user may
    build reports for ``region``."""
    start, end = semester_period(year, semester)
    with translation.override(REPORT_LANGUAGE):
        period = period_figures(user=user, region=region, start=start, end=end, today=today)
        return SemesterReport(
            region=region,
            year=year,
            semester=semester,
            made_on=today,
            period=period,
            trend=semester_trend(
                user=user, region=region, year=year, semester=semester, today=today
            ),
            campaigns=campaigns_in(user=user, region=region, start=start, end=end, today=today),
            deadlines=deadlines_in(user=user, region=region, start=start, end=end, today=today),
        )


def _context(report: SemesterReport) -> dict[str, Any]:
    return {"report": report, "total": report.period.total, "LANGUAGE_CODE": REPORT_LANGUAGE}


def semester_pdf(report: SemesterReport) -> bytes:
    """The report as a PDF (raises ``PdfUnavailableError`` without Pango)."""
    with translation.override(REPORT_LANGUAGE):
        return html_to_pdf(render_to_string("reporting/semester_print.html", _context(report)))


def _number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    return formats.number_format(value, digits)


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _status(item: Item) -> str:
    return {"done": _("done"), "late": _("late"), "due": _("due")}.get(
        str(item.status), _("upcoming")
    )


def semester_docx(report: SemesterReport) -> bytes:
    """The report as an editable Word document: the same sections as the PDF."""
    from docx import Document

    with translation.override(REPORT_LANGUAGE):
        document = Document()
        document.add_heading(report.title, level=1)
        total = report.period.total
        start, end = report.period.start, report.period.end
        document.add_paragraph(
            _("Period %(start)s to %(end)s; made on %(made)s from the data in Tumbuh.")
            % {
                "start": formats.date_format(start, "j F Y"),
                "end": formats.date_format(end, "j F Y"),
                "made": formats.date_format(report.made_on, "j F Y"),
            }
        )
        document.add_heading(_("Summary"), level=2)
        met, due = report.met
        for line in (
            _("Children under five registered: %(n)s; measured in the semester: %(m)s (%(p)s %%).")
            % {
                "n": _number(total.sasaran),
                "m": _number(total.diukur),
                "p": _number(total.cakupan),
            },
            _("Stunting: %(p)s %% (95 %% CI %(low)s to %(high)s).")
            % {
                "p": _number(total.estimates.stunting.percent),
                "low": _number(total.estimates.stunting.low),
                "high": _number(total.estimates.stunting.high),
            },
            _("Interventions received among those due (scorecard): %(p)s %%.")
            % {"p": _number(report.period.percent_complete())},
            _("Reports submitted: %(met)s of %(due)s due in the semester.")
            % {"met": met, "due": due},
        ):
            document.add_paragraph(line, style="List Bullet")
        document.add_heading(_("Stunting prevalence by semester"), level=2)
        _table(
            document,
            [_("Semester"), _("Measured"), _("Stunting %"), _("95% CI")],
            [
                [
                    p.label,
                    _number(p.measured),
                    _number(p.stunting),
                    f"{_number(p.low)} - {_number(p.high)}",
                ]
                for p in report.trend
            ],
        )
        document.add_heading(_("Coverage and prevalence per desa/kelurahan"), level=2)
        _table(
            document,
            [
                _("Kecamatan"),
                _("Desa/kelurahan"),
                _("Registered"),
                _("Measured"),
                _("Coverage %"),
                _("Stunting %"),
            ],
            [
                [
                    p.area.parent,
                    p.area.name,
                    _number(p.area.sasaran),
                    _number(p.area.diukur),
                    _number(p.area.cakupan),
                    _number(p.area.estimates.stunting.percent),
                ]
                for p in report.period.places
            ],
        )
        document.add_heading(_("Scorecard per intervention"), level=2)
        _table(
            document,
            [_("Intervention"), _("Due"), _("Received"), _("Complete %")],
            [
                [
                    str(row["name"]),
                    _number(row["due"]),  # type: ignore[arg-type]
                    _number(row["received"]),  # type: ignore[arg-type]
                    _number(row["percent_complete"]),  # type: ignore[arg-type]
                ]
                for row in report.period.interventions()
            ],
        )
        document.add_heading(_("Weighing campaigns"), level=2)
        if report.campaigns:
            _table(
                document,
                [_("Campaign"), _("Period"), _("Measured"), _("Coverage %"), _("Stunting %")],
                [
                    [
                        c.name,
                        f"{formats.date_format(c.start, 'j M Y')} - "
                        f"{formats.date_format(c.end, 'j M Y')}",
                        _number(c.total.diukur),
                        _number(c.total.cakupan),
                        _number(c.total.estimates.stunting.percent),
                    ]
                    for c in report.campaigns
                ],
            )
        else:
            document.add_paragraph(_("No campaign in the semester."))
        document.add_heading(_("Deadlines of the semester"), level=2)
        _table(
            document,
            [_("Report"), _("Due"), _("Status")],
            [
                [i.deadline.title, formats.date_format(i.due_on, "j M Y"), _status(i)]
                for i in report.deadlines
            ],
        )
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()
