"""The groups WHO reports prevalence for, with WHO's labels.

A grouping turns each record into a group code (-1: in none) and names its groups in order.
2006 (anthro): All; Age group (00-05 ... 48-59 mo, unrounded months); Sex; Age + sex; then any
grouping column, labelled ``<name>: <value>`` in order of first appearance.
2007 (anthroplus): All; Sex; Age Group 1 (yearly); Age Group 2 (5-9, 10-14, 15-19 y);
Age + Sex.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tumbuh.survey.design import IntArray

FloatArray = npt.NDArray[np.float64]

AGE_BREAKS_2006 = (0, 6, 12, 24, 36, 48, 60)
AGE_LABELS_2006 = ("00-05 mo", "06-11 mo", "12-23 mo", "24-35 mo", "36-47 mo", "48-59 mo")
AGE_BREAKS_2007 = (60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 192, 204, 216, 228, 229)
AGE_LABELS_2007 = (
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
WIDE_BREAKS_2007 = (60, 120, 180, 229)
WIDE_LABELS_2007 = ("60-119 mo", "120-179 mo", "180-228 mo")
SEX_LABELS = ("Female", "Male")  # WHO's order (factor levels)


@dataclass(frozen=True)
class Grouping:
    label: str  # "Age group", "Sex", a column name ...
    codes: IntArray
    names: tuple[str, ...]

    def group_labels(self) -> list[str]:
        if self.label == "All":
            return ["All"]
        return [f"{self.label}: {name}" for name in self.names]


def everyone(n: int) -> Grouping:
    return Grouping("All", np.zeros(n, dtype=np.int64), ("All",))


def by_breaks(
    label: str, values: FloatArray, breaks: tuple[int, ...], names: tuple[str, ...]
) -> Grouping:
    """Intervals [break_i, break_i+1), as R's ``cut(..., right = FALSE)``."""
    codes = np.searchsorted(np.asarray(breaks, dtype=np.float64), values, side="right") - 1
    codes[np.isnan(values) | (values < breaks[0]) | (values >= breaks[-1])] = -1
    return Grouping(label, codes.astype(np.int64), names)


def by_sex(sex: npt.NDArray[np.int8]) -> Grouping:
    codes = np.where(sex == 2, 0, np.where(sex == 1, 1, -1))
    return Grouping("Sex", codes.astype(np.int64), SEX_LABELS)


def crossed(label: str, first: Grouping, second: Grouping) -> Grouping:
    """R's ``interaction(first, second)``: the first factor varies fastest."""
    size = len(first.names)
    codes = np.where(
        (first.codes >= 0) & (second.codes >= 0), second.codes * size + first.codes, -1
    )
    names = tuple(f"{a}.{b}" for b in second.names for a in first.names)
    return Grouping(label, codes.astype(np.int64), names)


def by_values(label: str, values: npt.ArrayLike) -> Grouping:
    """A grouping column: its distinct values in order of first appearance; missing: none."""
    import polars as pl

    text = pl.Series("v", np.asarray(values, dtype=object).tolist(), dtype=pl.String)
    text = text.replace("", None)
    names = text.drop_nulls().unique(maintain_order=True)
    codes = text.replace_strict(names, list(range(names.len())), default=-1, return_dtype=pl.Int64)
    return Grouping(label, codes.to_numpy().astype(np.int64), tuple(names.to_list()))
