"""A survey design: sampling weights, PSUs (clusters) nested in strata, the design's degrees
of freedom. Without clusters every record is its own PSU; without strata there is one stratum;
without weights every weight is 1 — the same formulas then give WHO's simple analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class DesignError(ValueError):
    """Design information that cannot be used (negative weights, unequal lengths)."""


@dataclass(frozen=True)
class Design:
    weights: FloatArray  # one per record; missing weights are 0 (WHO: excluded)
    psu: IntArray  # PSU index per record, 0..n_psu-1, nested in strata
    stratum: IntArray  # stratum index per record
    psu_per_stratum: IntArray  # number of PSUs in each stratum (the whole design)
    df: int  # design degrees of freedom: PSUs - strata, counting records with weight > 0
    one_psu_per_record: bool

    @property
    def size(self) -> int:
        return int(self.weights.size)

    @classmethod
    def build(
        cls,
        n: int,
        *,
        weights: npt.ArrayLike | None = None,
        cluster: npt.ArrayLike | None = None,
        strata: npt.ArrayLike | None = None,
    ) -> Design:
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64).copy()
        if w.size != n:
            raise DesignError(f"sampling weights: {w.size} values for {n} records")
        if (w < 0).any():
            raise DesignError("sampling weights: negative values are not allowed")
        w[np.isnan(w)] = 0.0
        stratum = _codes(strata, n, "strata")
        one_psu_per_record = cluster is None or np.unique(np.asarray(cluster)).size == 1
        if one_psu_per_record:
            psu = np.arange(n, dtype=np.int64)
        else:
            pairs = pl.DataFrame({"s": stratum, "c": np.asarray(cluster).astype(str)})
            psu = pairs.select(pl.struct("s", "c").rank("dense") - 1).to_series().to_numpy()
            psu = psu.astype(np.int64)
        n_psu = int(psu.max()) + 1 if n else 0
        stratum_of_psu = np.zeros(n_psu, dtype=np.int64)
        stratum_of_psu[psu] = stratum
        psu_per_stratum = np.bincount(stratum_of_psu, minlength=int(stratum.max()) + 1 if n else 0)
        positive = w > 0
        df = np.unique(psu[positive]).size - np.unique(stratum[positive]).size
        return cls(w, psu, stratum, psu_per_stratum.astype(np.int64), int(df), one_psu_per_record)


def _codes(values: npt.ArrayLike | None, n: int, name: str) -> IntArray:
    if values is None:
        return np.zeros(n, dtype=np.int64)
    array = np.asarray(values)
    if array.size != n:
        raise DesignError(f"{name}: {array.size} values for {n} records")
    _, codes = np.unique(array.astype(str), return_inverse=True)
    return codes.astype(np.int64)
