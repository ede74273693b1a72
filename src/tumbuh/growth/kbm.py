"""Weight-gain status at the posyandu (SKDN N/T/O/B) by the KBM rule of the Buku KIA / KMS.

Pure numpy, no Django: the entry form, the importers and the demo all call ``gain_statuses``.

- **B** (baru): the child's first weighing.
- **O**: the child was not weighed in the previous calendar month.
- **N** (naik): the gain since the last weighing of the previous calendar month, in grams, is at
  least the KBM (kenaikan berat badan minimal) for the child's age in completed months at this
  weighing; **T** (tidak naik) below it.
- **2T**: T at this weighing and T at the weighing before (refer to the puskesmas).

A visit without a weight is not a weighing: it is O and is never the reference of another visit.
The KBM table is ``data/kbm.csv`` (see ``data/SOURCE.md``).
"""

from __future__ import annotations

import csv
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Final

import numpy as np
import numpy.typing as npt

from tumbuh.growth.rules import DAYS_PER_MONTH

#: Grams per kilogram (weights are stored in kg, the KBM is in grams).
GRAMS_PER_KG: Final = 1000


class GainStatus(StrEnum):
    NAIK = "N"
    TIDAK_NAIK = "T"
    NOT_WEIGHED_LAST_MONTH = "O"
    FIRST_WEIGHING = "B"


@cache
def kbm_table() -> npt.NDArray[np.int64]:
    """KBM in grams indexed by completed month of age, 0 to the table's last month.

    The table starts at 1 month: month 0 (a second weighing within the first month of life)
    takes the 1-month value. Ages beyond the last row take the last row (see ``kbm_grams``).
    """
    text = files("tumbuh.growth").joinpath("data").joinpath("kbm.csv").read_text()
    rows = [
        (int(r["age_months_from"]), int(r["age_months_to"]), int(r["kbm_grams"]))
        for r in csv.DictReader(text.splitlines())
    ]
    table = np.zeros(rows[-1][1] + 1, dtype=np.int64)
    for start, end, grams in rows:
        table[start : end + 1] = grams
    table[: rows[0][0]] = rows[0][2]
    table.setflags(write=False)
    return table


def completed_months(age_days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Age in completed months, by WHO's month of 30.4375 days."""
    return np.floor(np.asarray(age_days, dtype=np.float64) / DAYS_PER_MONTH).astype(np.int64)


def kbm_grams(age_days: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The KBM for each age in days (clipped to the table's range of months)."""
    table = kbm_table()
    return table[np.clip(completed_months(age_days), 0, table.size - 1)]


def is_two_t(status: str | None, previous_status: str | None) -> bool:
    """2T: weight did not rise at this weighing nor at the one before."""
    return status == GainStatus.TIDAK_NAIK and previous_status == GainStatus.TIDAK_NAIK


def gain_statuses(
    *,
    child: npt.ArrayLike,
    measured_on: npt.ArrayLike,
    weight_kg: npt.ArrayLike,
    age_days: npt.ArrayLike,
) -> npt.NDArray[np.str_]:
    """N/T/O/B of every visit, in input order. ``measured_on`` as dates (anything numpy reads as
    ``datetime64[D]``), ``weight_kg`` NaN where not weighed; one visit per child and day."""
    ids = np.asarray(child, dtype=np.int64)
    days = np.asarray(measured_on, dtype="datetime64[D]")
    grams = np.rint(np.asarray(weight_kg, dtype=np.float64) * GRAMS_PER_KG)
    ages = np.asarray(age_days, dtype=np.int64)
    status = np.full(ids.size, GainStatus.NOT_WEIGHED_LAST_MONTH.value, dtype="<U1")
    weighed = np.flatnonzero(~np.isnan(grams))
    order = weighed[np.lexsort((days[weighed], ids[weighed]))]
    status[order] = _weighed_statuses(
        ids[order], days[order].astype("datetime64[M]").astype(np.int64), grams[order], ages[order]
    )
    return status


def _weighed_statuses(
    ids: npt.NDArray[np.int64],
    months: npt.NDArray[np.int64],
    grams: npt.NDArray[np.float64],
    ages: npt.NDArray[np.int64],
) -> npt.NDArray[np.str_]:
    """Statuses of weighings sorted by child and date (``months``: calendar month numbers)."""
    first = np.ones(ids.size, dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    span = int(months.max() - months.min() + 2) if ids.size else 1
    keys = ids * span + (months - (months.min() if ids.size else 0))
    reference = np.searchsorted(keys, keys - 1, side="right") - 1
    found = reference >= 0
    found[found] = keys[reference[found]] == keys[found] - 1
    gain = np.where(found, grams - grams[np.where(found, reference, 0)], np.nan)
    rose = gain >= kbm_grams(ages)
    out = np.where(
        found,
        np.where(rose, GainStatus.NAIK.value, GainStatus.TIDAK_NAIK.value),
        GainStatus.NOT_WEIGHED_LAST_MONTH.value,
    ).astype("<U1")
    out[first] = GainStatus.FIRST_WEIGHING.value
    return out
