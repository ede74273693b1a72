"""The one loader of WHO's LMS tables bundled in ``data/`` (see ``data/SOURCE.md``).

Each table becomes a dense lookup: for every sex and every integer key (age in days, age in
months, or length/height in millimetres) the L, M and S values, NaN where WHO has no row. Dense
arrays let the kernel look up millions of records with one gather instead of a join.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class Table(Enum):
    """The bundled WHO tables, by file name and by what one key step means."""

    LENGTH_FOR_AGE = ("lenanthro.txt", 1)
    WEIGHT_FOR_AGE = ("weianthro.txt", 1)
    BMI_FOR_AGE = ("bmianthro.txt", 1)
    HEAD_CIRCUMFERENCE_FOR_AGE = ("hcanthro.txt", 1)
    ARM_CIRCUMFERENCE_FOR_AGE = ("acanthro.txt", 1)
    TRICEPS_SKINFOLD_FOR_AGE = ("tsanthro.txt", 1)
    SUBSCAPULAR_SKINFOLD_FOR_AGE = ("ssanthro.txt", 1)
    WEIGHT_FOR_LENGTH = ("wflanthro.txt", 10)
    WEIGHT_FOR_HEIGHT = ("wfhanthro.txt", 10)
    HEIGHT_FOR_AGE_2007 = ("hfawho2007.txt", 1)
    WEIGHT_FOR_AGE_2007 = ("wfawho2007.txt", 1)
    BMI_FOR_AGE_2007 = ("bfawho2007.txt", 1)

    @property
    def filename(self) -> str:
        return self.value[0]

    @property
    def keys_per_unit(self) -> int:
        """How many integer keys one unit of the table's key column spans (10 for 0.1 cm)."""
        return self.value[1]


@dataclass(frozen=True)
class LmsTable:
    """Dense L, M, S arrays of one WHO table: flat index = (sex - 1) * size + (key - first_key)."""

    l: FloatArray  # noqa: E741 - WHO's name
    m: FloatArray
    s: FloatArray
    first_key: int
    size: int

    @property
    def last_key(self) -> int:
        return self.first_key + self.size - 1

    def flat_index(self, sex: IntArray, key: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """Flat indices for sex codes (1/2) and integer keys, and where that row exists.

        Rows that do not exist (unknown sex, key outside the table) point at index 0; callers
        must mask them with the returned validity.
        """
        offset = key - self.first_key
        exists = (offset >= 0) & (offset < self.size) & ((sex == 1) | (sex == 2))
        index = np.where(exists, (sex.astype(np.intp) - 1) * self.size + offset, 0)
        exists &= ~np.isnan(self.m[index])
        return index, exists


def _read_rows(table: Table) -> npt.NDArray[np.float64]:
    text = files("tumbuh.growth").joinpath("data").joinpath(table.filename).read_text(encoding="ascii")
    rows = [line.split("\t")[:5] for line in text.splitlines()[1:] if line.strip()]
    return np.array(rows, dtype=np.float64)


@cache
def load(table: Table) -> LmsTable:
    """Load one bundled table (cached: each file is parsed once per process)."""
    rows = _read_rows(table)
    sexes = rows[:, 0].astype(np.intp)
    keys = np.rint(rows[:, 1] * table.keys_per_unit).astype(np.intp)
    first_key = int(keys.min())
    size = int(keys.max()) - first_key + 1
    index = (sexes - 1) * size + (keys - first_key)
    columns = []
    for column in (2, 3, 4):
        dense = np.full(2 * size, np.nan)
        dense[index] = rows[:, column]
        columns.append(dense)
    return LmsTable(l=columns[0], m=columns[1], s=columns[2], first_key=first_key, size=size)
