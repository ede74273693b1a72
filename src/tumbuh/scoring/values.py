"""Parsing one field of a column into clean values plus, per row, the reason a value was refused.

Every function returns two polars expressions: the clean value (null where missing or refused)
and the error (null where the value is fine or simply empty): by default the text of the
``error`` column; ``explain`` may build it otherwise from the refusal's code (the import's
validators keep it as data). All of it runs vectorised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Final

import polars as pl

from tumbuh.growth.inputs import (
    MEASURE_LYING,
    MEASURE_STANDING,
    OEDEMA_NO,
    OEDEMA_YES,
    SEX_FEMALE,
    SEX_MALE,
)

Parsed = tuple[pl.Expr, pl.Expr]
#: (field, refusal code, the cell's text) -> the error expression.
Explain = Callable[[str, str, pl.Expr], pl.Expr]

#: Why a cell is refused: code -> the words the ``error`` column says it with.
REFUSALS: Final[Mapping[str, str]] = {
    "not_a_number": "not a number",
    "not_positive": "not a positive number",
    "negative": "negative",
    "unknown_value": "unknown value",
    "not_a_date": "not a date",
}

#: Texts that mean "no value".
EMPTY_TEXTS: Final = ("", "na", "nan", "n/a", "-", "null", "none")

SEX_TEXTS: Final[Mapping[str, int]] = {
    **dict.fromkeys(("1", "m", "male", "l", "laki-laki", "laki laki", "lk"), SEX_MALE),
    **dict.fromkeys(("2", "f", "female", "p", "perempuan", "pr", "w", "wanita"), SEX_FEMALE),
}
MEASURE_TEXTS: Final[Mapping[str, int]] = {
    **dict.fromkeys(
        ("l", "lying", "length", "terlentang", "telentang", "berbaring", "pb"), MEASURE_LYING
    ),
    **dict.fromkeys(("h", "standing", "height", "berdiri", "tb"), MEASURE_STANDING),
}
OEDEMA_TEXTS: Final[Mapping[str, int]] = {
    **dict.fromkeys(("y", "yes", "1", "ya", "true"), OEDEMA_YES),
    **dict.fromkeys(("n", "no", "2", "tidak", "t", "false"), OEDEMA_NO),
}
#: Date spellings seen in Indonesian exports (day first) and in ISO files.
DATE_FORMATS: Final = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%b-%Y")
#: Excel's day zero for serial dates.
EXCEL_EPOCH: Final = date(1899, 12, 30)


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.strip_chars()


def _is_empty(text: pl.Expr) -> pl.Expr:
    return text.is_null() | text.str.to_lowercase().is_in(EMPTY_TEXTS)


def in_words(field: str, code: str, text: pl.Expr) -> pl.Expr:
    """The ``error`` column's text for a refused cell: ``field: words 'cell'``."""
    return pl.format(f"{field}: {REFUSALS[code]} '{{}}'", text)


def number(
    column: str,
    dtype: pl.DataType,
    field: str,
    *,
    zero_allowed: bool = False,
    signed: bool = False,
    explain: Explain = in_words,
) -> Parsed:
    """A positive number (or >= 0 with ``zero_allowed``, as for an age); decimal commas (12,5)
    are accepted, anything else is refused. ``signed`` accepts any number (a z-score)."""
    if dtype.is_numeric():
        value = pl.col(column).cast(pl.Float64)
        text = value.cast(pl.String)
        unreadable = pl.lit(None)
    else:
        text = _text(column)
        decimal_comma = text.str.contains(r"^[+-]?\d+,\d+$")
        normalised = pl.when(decimal_comma).then(text.str.replace(",", ".")).otherwise(text)
        value = (
            pl.when(_is_empty(text)).then(None).otherwise(normalised.cast(pl.Float64, strict=False))
        )
        unreadable = pl.when(~_is_empty(text) & value.is_null()).then(
            explain(field, "not_a_number", text)
        )
    if signed:
        return value, unreadable
    out_of_range = value < 0 if zero_allowed else value <= 0
    refusal = "negative" if zero_allowed else "not_positive"
    error = pl.coalesce(unreadable, pl.when(out_of_range).then(explain(field, refusal, text)))
    return pl.when(out_of_range).then(None).otherwise(value), error


def code(
    column: str, field: str, texts: Mapping[str, int], *, explain: Explain = in_words
) -> Parsed:
    """A small integer code from any accepted spelling (case-insensitive); 0 where empty."""
    text = _text(column)
    lowered = text.str.to_lowercase().str.replace(r"\.0$", "")
    value = lowered.replace_strict(dict(texts), default=None, return_dtype=pl.Int8)
    error = pl.when(~_is_empty(text) & value.is_null()).then(explain(field, "unknown_value", text))
    return value.fill_null(0), error


def calendar_date(
    column: str, dtype: pl.DataType, field: str, *, explain: Explain = in_words
) -> Parsed:
    """A date from a date cell, an Excel serial number or text in one of ``DATE_FORMATS``."""
    if dtype == pl.Date:
        return pl.col(column), pl.lit(None, dtype=pl.String)
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.date(), pl.lit(None, dtype=pl.String)
    if dtype.is_numeric():
        days = pl.col(column).cast(pl.Int64, strict=False)
        value = pl.lit(EXCEL_EPOCH) + pl.duration(days=days)
        return value.cast(pl.Date), pl.lit(None, dtype=pl.String)
    text = _text(column)
    day_part = text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "")
    candidates = [day_part.str.to_date(fmt, strict=False, exact=True) for fmt in DATE_FORMATS]
    value = pl.coalesce(candidates)
    error = pl.when(~_is_empty(text) & value.is_null()).then(explain(field, "not_a_date", text))
    return value, error
