"""One way to write numbers for people: pages, map tooltips, PDFs and spreadsheets alike.

Indonesian writes ``43,2 %`` (decimal comma, a space before the sign); English ``43.2 %``. The
language is the active one (Django's), so a page, a PDF rendered for a request and a worker's
report all agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

NO_VALUE = "-"


def decimal(value: float | Decimal | int | None, digits: int = 1) -> str:
    """``43.2`` as ``43,2`` in Indonesian; ``-`` when there is no value."""
    if value is None:
        return NO_VALUE
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=digits)


def percent(value: float | Decimal | int | None, digits: int = 1) -> str:
    """``43.2`` as ``43,2 %`` in Indonesian; ``-`` when there is no value."""
    if value is None:
        return NO_VALUE
    return f"{decimal(value, digits)} %"
