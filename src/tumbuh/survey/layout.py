"""WHO's own column layout for prevalence tables (``--format anthro``), so analysts can set
Tumbuh's output beside the output of ``anthro_prevalence`` / ``anthroplus_prevalence``."""

from __future__ import annotations

from typing import Final

import polars as pl

from tumbuh.survey.prevalence import (
    COMBINED,
    CUTOFFS,
    INDICATORS,
    PERCENT_STATISTICS,
    Reference,
)

#: anthroplus's Years and Months columns per group label.
YEARS_MONTHS_2007: Final = {
    "All": ("Total (5-19)", "(60-228)"),
    "Sex: Female": ("Total (5-19)", "(60-228)"),
    "Sex: Male": ("Total (5-19)", "(60-228)"),
    **{
        f"Age Group 1: {label}": (str(5 + i), f"({label.removesuffix(' mo')})")
        for i, label in enumerate(
            (
                "60-71 mo",
                "72-83 mo",
                "84-95 mo",
                "96-107 mo",
                "108-119 mo",
                "120-131 mo",
                "132-143 mo",
                "144-155 mo",
                "156-167 mo",
                "168-179 mo",
                "180-191 mo",
                "192-203 mo",
                "204-215 mo",
                "216-227 mo",
                "228-228 mo",
            )
        )
    },
    **{
        f"Age Group 2: {months} mo": (years, f"({months})")
        for months, years in (
            ("60-119", "Total (5-9)"),
            ("120-179", "Total (10-14)"),
            ("180-228", "Total (15-19)"),
        )
    },
    **{
        f"Age + Sex: {sex}.{months} mo": (years, f"({months})")
        for months, years in (
            ("60-119", "Total (5-9)"),
            ("120-179", "Total (10-14)"),
            ("180-228", "Total (15-19)"),
        )
        for sex in ("Female", "Male")
    },
}


def anthro_columns(reference: Reference) -> list[str]:
    columns = ["Group"] + (["Years", "Months"] if reference is Reference.WHO_2007 else [])
    for indicator in INDICATORS[reference]:
        label = indicator.label
        columns += [f"{label}Z_pop", f"{label}Z_unwpop"]
        for suffix, _, _ in CUTOFFS:
            columns += [f"{label}{suffix}_{s}" for s in ("r", "se", "ll", "ul")]
        columns += [f"{label}_{s}" for s in ("r", "se", "ll", "ul", "stdev")]
    if reference is Reference.WHO_2006:
        first, second = (prefix for prefix, _, _ in COMBINED)
        columns += [f"{first}_{s}" for s in ("pop", "unwpop", "r", "se", "ll", "ul")]
        columns += [f"{second}_{s}" for s in ("r", "se", "ll", "ul")]
    return columns


def anthro_percent_columns(reference: Reference) -> list[str]:
    """The columns of WHO's layout that hold percentages: every cut-off's and combined
    indicator's estimate, standard error and limits (not the mean z's)."""
    stems = [f"{i.label}{suffix}" for i in INDICATORS[reference] for suffix, _, _ in CUTOFFS]
    if reference is Reference.WHO_2006:
        stems += [prefix for prefix, _, _ in COMBINED]
    columns = set(anthro_columns(reference))
    return [f"{stem}_{s}" for stem in stems for s in PERCENT_STATISTICS if f"{stem}_{s}" in columns]


def anthro_layout(tidy: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    """The tidy table of ``prevalence_table`` in WHO's wide layout, one row per group."""
    rows: dict[str, dict[str, object]] = {}
    for record in tidy.iter_rows(named=True):
        row = rows.setdefault(record["Group"], {"Group": record["Group"]})
        prefix, cutoff = record["indicator"], record["cutoff"]
        if cutoff == "combined":
            stem = prefix
            if prefix == COMBINED[0][0]:
                row[f"{stem}_pop"], row[f"{stem}_unwpop"] = record["pop"], record["unwpop"]
        else:
            stem = f"{prefix}{cutoff}"
            if cutoff == CUTOFFS[0][0]:
                row[f"{prefix}Z_pop"], row[f"{prefix}Z_unwpop"] = record["pop"], record["unwpop"]
        for statistic in ("r", "se", "ll", "ul"):
            row[f"{stem}_{statistic}"] = record[statistic]
        if cutoff == "":
            row[f"{prefix}_stdev"] = record["stdev"]
    columns = anthro_columns(reference)
    records = list(rows.values())
    if reference is Reference.WHO_2007:
        for row in records:
            row["Years"], row["Months"] = YEARS_MONTHS_2007.get(str(row["Group"]), ("", ""))
            if row["Group"] == "All" or str(row["Group"]).startswith("Sex: "):
                for column in columns:
                    if column.startswith("WA"):
                        row[column] = None
    schema = {c: (pl.String if c in ("Group", "Years", "Months") else pl.Float64) for c in columns}
    return pl.DataFrame([{c: row.get(c) for c in columns} for row in records], schema=schema)
