"""The scorecard as a PDF for briefings (WeasyPrint renders a print template; no network)."""

from __future__ import annotations

from django.template.loader import render_to_string


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this server."""


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailableError(str(error)) from error
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def scorecard_pdf(context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string("interventions/scorecard_print.html", context))


def gaps_pdf(context: dict[str, object]) -> bytes:
    """An office's by-name gap list, printable (landscape A4)."""
    return html_to_pdf(render_to_string("interventions/gaps_print.html", context))
