"""Score a whole table: parse each field, derive age, run the kernel, attach results and reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from tumbuh.growth import rules
from tumbuh.growth.categories import SCALES, Indicator, classify_array
from tumbuh.growth.kernel import OUTPUT_COLUMNS, CleanInput, compute
from tumbuh.scoring import values

#: Output columns: WHO's names, then one Permenkes category column per classified indicator.
Z_OUTPUT: Final = tuple(c for c in OUTPUT_COLUMNS if c != "c9mo_flag")
CATEGORY_SUFFIX: Final = "_category"
ERROR_COLUMN: Final = "error"
#: Derived measurements are written rounded (z-scores are already rounded by WHO's rule).
OUTPUT_DECIMALS: Final = {"clenhei": 2, "cbmi": 4}
_NUMBER_FIELDS: Final = ("weight", "lenhei", "headc", "armc", "triskin", "subskin")
_AGE_FIELDS: Final = ("age_days", "age_months")


@dataclass(frozen=True)
class ScoreSummary:
    rows: int
    scored: int
    with_errors: int
    flagged: int

    def __add__(self, other: ScoreSummary) -> ScoreSummary:
        return ScoreSummary(
            self.rows + other.rows,
            self.scored + other.scored,
            self.with_errors + other.with_errors,
            self.flagged + other.flagged,
        )

    def line(self) -> str:
        return (
            f"rows: {self.rows}, scored: {self.scored}, rows with errors: {self.with_errors}, "
            f"flagged: {self.flagged}"
        )


def output_names() -> tuple[str, ...]:
    """Every column ``score_frame`` adds, in order."""
    categories = tuple(indicator.value + CATEGORY_SUFFIX for indicator in Indicator)
    return (*Z_OUTPUT, *categories, ERROR_COLUMN)


def _clean_number_type(frame: pl.DataFrame, column: str, *, zero_allowed: bool) -> pl.DataType:
    """Float64 for a text column whose every cell is a plain number in range (the usual case):
    it is then read with one cast instead of the text path that explains each refusal."""
    series = frame.get_column(column)
    if series.dtype != pl.String:
        return series.dtype
    cast = series.cast(pl.Float64, strict=False)
    if cast.null_count() != series.null_count() or cast.is_nan().any():
        return series.dtype
    low = cast.min()
    if low is not None and (low < 0 if zero_allowed else low <= 0):  # type: ignore[operator]
        return series.dtype
    return pl.Float64()


def _clean_code(frame: pl.DataFrame, column: str, texts: Mapping[str, int]) -> values.Parsed | None:
    """Codes read by their few distinct spellings, when every spelling is known; else None."""
    spellings = frame.get_column(column).cast(pl.String).unique().drop_nulls().to_list()
    known: dict[str, int] = {}
    for spelling in spellings:
        key = spelling.strip().lower().removesuffix(".0")
        if key in texts:
            known[spelling] = texts[key]
        elif key not in values.EMPTY_TEXTS:
            return None
    value = (
        pl.col(column)
        .cast(pl.String)
        .replace_strict(known, default=None, return_dtype=pl.Int8)
        .fill_null(0)
    )
    return value, pl.lit(None, dtype=pl.String)


def _parse(frame: pl.DataFrame, columns: Mapping[str, str]) -> pl.DataFrame:
    """One clean column per field and one error column per field (``<field>__error``)."""
    exprs: list[pl.Expr] = []

    def add(field: str, parsed: values.Parsed) -> None:
        exprs.extend([parsed[0].alias(field), parsed[1].cast(pl.String).alias(field + "__error")])

    schema = frame.schema
    for field in _NUMBER_FIELDS:
        if field in columns:
            dtype = _clean_number_type(frame, columns[field], zero_allowed=False)
            add(field, values.number(columns[field], dtype, field))
    for field in _AGE_FIELDS:
        if field in columns:
            dtype = _clean_number_type(frame, columns[field], zero_allowed=True)
            add(field, values.number(columns[field], dtype, field, zero_allowed=True))
    for field, texts in (
        ("sex", values.SEX_TEXTS),
        ("measure", values.MEASURE_TEXTS),
        ("oedema", values.OEDEMA_TEXTS),
    ):
        if field in columns:
            add(
                field,
                _clean_code(frame, columns[field], texts)
                or values.code(columns[field], field, texts),
            )
    for field in ("birth_date", "measure_date"):
        if field in columns:
            add(field, values.calendar_date(columns[field], schema[columns[field]], field))
    return frame.select(exprs)


def _age_exprs(columns: Mapping[str, str]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Age in days and in months (exact), coalesced per row from the sources the file has."""
    days: list[pl.Expr] = []
    months: list[pl.Expr] = []
    if "age_days" in columns:
        days.append(pl.col("age_days"))
        months.append(pl.col("age_days") / rules.DAYS_PER_MONTH)
    if "age_months" in columns:
        days.append(pl.col("age_months") * rules.DAYS_PER_MONTH)
        months.append(pl.col("age_months"))
    date_error = pl.lit(None, dtype=pl.String)
    if "birth_date" in columns and "measure_date" in columns:
        span = (pl.col("measure_date") - pl.col("birth_date")).dt.total_days().cast(pl.Float64)
        before = span < 0
        date_error = pl.when(before).then(pl.lit("measure_date: before birth_date"))
        span = pl.when(before).then(None).otherwise(span)
        days.append(span)
        months.append(span / rules.DAYS_PER_MONTH)
    if not days:
        nothing = pl.lit(None, dtype=pl.Float64)
        return nothing, nothing, date_error
    return pl.coalesce(days), pl.coalesce(months), date_error


def _age_message(months: pl.Expr, has_age: bool) -> pl.Expr:
    shown = months.round(2).cast(pl.String)
    _low, high = rules.AGE_RANGE_MONTHS_2007
    message = (
        pl.when(months > high)
        .then(pl.format(f"age: {{}} months is beyond {high:g}", shown))
        .when(months >= rules.MAX_AGE_MONTHS_2006)
        .then(
            pl.format(
                "age: {} months is beyond 60; scored with the WHO 2007 reference (5-19 years)",
                shown,
            )
        )
    )
    if has_age:
        missing = pl.lit("age: missing; only weight-for-length/height can be scored")
        message = message.when(months.is_null()).then(missing)
    return message


def _series(name: str, array: np.ndarray) -> pl.Series:
    return pl.Series(name, array, nan_to_null=True)


def _category_series(indicator: Indicator, z: np.ndarray, language: str) -> pl.Series:
    labels = {i: c.label(language) for i, c in enumerate(SCALES[indicator].categories)}
    codes = pl.Series(classify_array(indicator, z))
    return codes.replace_strict(labels, default=None, return_dtype=pl.String).alias(
        indicator.value + CATEGORY_SUFFIX
    )


def _as_numpy(parsed: pl.DataFrame, field: str, dtype: type) -> np.ndarray:
    if field not in parsed.columns:
        return (
            np.full(parsed.height, np.nan) if dtype is float else np.zeros(parsed.height, np.int8)
        )
    series = parsed[field]
    if dtype is float:
        return series.cast(pl.Float64).to_numpy().astype(np.float64, copy=False)
    return series.cast(pl.Int8).fill_null(0).to_numpy().astype(np.int8, copy=False)


def score_frame(
    frame: pl.DataFrame, columns: Mapping[str, str], *, language: str = "id"
) -> tuple[pl.DataFrame, ScoreSummary]:
    """The input frame with WHO z-scores, flags, categories and an ``error`` column added.

    Input columns whose names clash with an output column are kept, renamed ``<name>_input``.
    """
    result, summary, _ = score_frame_with_input(frame, columns, language=language)
    return result, summary


def score_frame_with_input(
    frame: pl.DataFrame, columns: Mapping[str, str], *, language: str = "id"
) -> tuple[pl.DataFrame, ScoreSummary, CleanInput]:
    """``score_frame``, also returning the parsed input the kernel scored (for analyses)."""
    parsed = _parse(frame, columns)
    days, months, date_error = _age_exprs(columns)
    has_age = bool(set(columns) & {"age_days", "age_months", "birth_date"})
    ages = parsed.select(
        days.alias("age_days_exact"),
        months.alias("age_months_exact"),
        date_error.alias("age__error"),
    )
    months_array = ages["age_months_exact"].cast(pl.Float64).to_numpy().astype(np.float64)
    data = CleanInput(
        sex=_as_numpy(parsed, "sex", int),
        age_days=ages["age_days_exact"].cast(pl.Float64).to_numpy().astype(np.float64),
        age_months=months_array,
        weight=_as_numpy(parsed, "weight", float),
        lenhei=_as_numpy(parsed, "lenhei", float),
        measure=_as_numpy(parsed, "measure", int),
        oedema=_as_numpy(parsed, "oedema", int) == values.OEDEMA_TEXTS["y"],
        headc=_as_numpy(parsed, "headc", float),
        armc=_as_numpy(parsed, "armc", float),
        triskin=_as_numpy(parsed, "triskin", float),
        subskin=_as_numpy(parsed, "subskin", float),
    )
    scores = compute(data)
    added: list[pl.Series] = []
    for name in Z_OUTPUT:
        series = _series(name, scores[name])
        if name.startswith("f"):
            series = series.cast(pl.Int8)
        elif name in OUTPUT_DECIMALS:
            series = series.round(OUTPUT_DECIMALS[name])
        added.append(series)
    added.extend(_category_series(i, scores[i.value], language) for i in Indicator)
    field_errors = [pl.col(c) for c in parsed.columns if c.endswith("__error")]
    sex_missing = pl.when((pl.col("sex") == 0) & pl.col("sex__error").is_null()).then(
        pl.lit("sex: missing")
    )
    errors = parsed.with_columns(ages).select(
        pl.concat_str(
            [
                *field_errors,
                pl.col("age__error"),
                sex_missing,
                _age_message(pl.col("age_months_exact"), has_age),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias(ERROR_COLUMN)
    )[ERROR_COLUMN]
    errors = errors.replace("", None)
    clashes = {c: c + "_input" for c in frame.columns if c in output_names()}
    result = frame.rename(clashes).with_columns([*added, errors])
    z_names = [n for n in Z_OUTPUT if n.startswith("z")]
    flag_names = ["f" + n[1:] for n in z_names]
    stats = result.select(
        pl.any_horizontal([pl.col(n).is_not_null() for n in z_names]).sum().alias("scored"),
        pl.col(ERROR_COLUMN).is_not_null().sum().alias("errors"),
        pl.any_horizontal([pl.col(n) == 1 for n in flag_names]).sum().alias("flagged"),
    ).row(0)
    summary = ScoreSummary(frame.height, int(stats[0]), int(stats[1]), int(stats[2]))
    return result, summary, data
