"""Domain (subpopulation) estimates of means and proportions with Taylor-linearised standard
errors, as R's ``survey`` package computes them (``svymean`` over ``svyby`` domains with
``survey.lonely.psu = "adjust"``), for many variables and all groups of a grouping at once.

For a domain d and variable y (records with y missing are outside the domain):
  mean r = sum(w y) / W with W = sum(w) over the domain;
  influence u_k = w_k (y_k - r) / W in the domain, 0 outside;
  PSU totals t_hi = (sum w y - r sum w) / W over the PSU's domain records;
  var = sum_h n_h / (n_h - 1) * sum_i (t_hi - mean_h t)^2, or t_h1^2 for a lonely PSU, where
  n_h counts the stratum's PSUs in the whole design.
Every term is a sum over records of w, w y, w y^2, w^2, w^2 y, w^2 y^2: one sparse product per
grouping over columns computed once, whatever the number of groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import sparse, stats

from tumbuh.survey.design import Design, FloatArray, IntArray

#: Confidence level of every interval.
CONFIDENCE = 0.95
#: Variables estimated together (bounds the memory of the records x columns work arrays).
VARIABLES_PER_PASS = 8


@dataclass(frozen=True)
class DomainEstimates:
    """Arrays of shape (groups, variables)."""

    n: FloatArray  # records with a value
    pop: FloatArray  # their summed weights
    r: FloatArray  # mean (a proportion for 0/1 variables)
    se: FloatArray
    sd: FloatArray  # weighted SD with the n/(n-1) factor, as survey::svyvar


#: Per-record sums kept per cell, in this order: valid, positive (valid and w > 0), w, w y,
#: w y^2, w^2, w^2 y, w^2 y^2.
SUMS = 8


def _cell_sums(member: sparse.csr_matrix, design: Design, y: npt.NDArray[np.float64]) -> FloatArray:
    """(cells x SUMS*k): each cell's sums, one records x k block at a time (bounded memory)."""
    n, k = y.shape
    valid = ~np.isnan(y)
    w = np.where(valid, design.weights[:, None], 0.0)
    y0 = np.where(valid, y, 0.0)
    term = np.empty((n, k))
    blocks = [member @ valid.astype(np.float64), member @ (valid & (w > 0)).astype(np.float64)]
    blocks.append(member @ w)
    np.multiply(w, y0, out=term)
    blocks.append(member @ term)  # w y
    np.multiply(term, y0, out=term)
    blocks.append(member @ term)  # w y^2
    np.multiply(w, w, out=w)
    blocks.append(member @ w)  # w^2
    np.multiply(w, y0, out=term)
    blocks.append(member @ term)  # w^2 y
    np.multiply(term, y0, out=term)
    blocks.append(member @ term)  # w^2 y^2
    return np.hstack(blocks)


def _one_hot(keys: IntArray, rows: IntArray, size: int, n: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((np.ones(rows.size), (keys, rows)), shape=(size, n))


def domain_estimates(
    design: Design,
    groups: IntArray,
    n_groups: int,
    values: npt.NDArray[np.float64],
    *,
    sd_counts_missing: bool = False,
) -> DomainEstimates:
    """Estimates for every group code in 0..n_groups-1 (-1: in no group) and every column of
    ``values`` (records x variables, NaN = missing).

    ``sd_counts_missing``: the n of the SD's n/(n-1) factor counts every record of the group
    with a positive weight, missing values included, as ``survey::svyvar`` does on a design;
    otherwise only records with a value (WHO's simple and weights-only analyses).
    """
    return estimate_many(design, [(groups, n_groups)], values, sd_counts_missing=sd_counts_missing)[
        0
    ]


def estimate_many(
    design: Design,
    groupings: list[tuple[IntArray, int]],
    values: npt.NDArray[np.float64],
    *,
    sd_counts_missing: bool = False,
) -> list[DomainEstimates]:
    """``domain_estimates`` for several groupings, in one pass over the records.

    Records are summed into the finest cells (every grouping's code, the stratum, and the PSU
    where PSUs are clusters); each grouping then only aggregates the cells.
    """
    cells, cell_codes = _cells(design, groupings)
    n_cells = int(cells.max()) + 1 if cells.size else 0
    member = _one_hot(cells, np.arange(design.size), n_cells, design.size)
    sd_sizes = [
        _group_size(design, groups, n_groups)[:, None] if sd_counts_missing else None
        for groups, n_groups in groupings
    ]
    results: list[list[DomainEstimates]] = [[] for _ in groupings]
    for start in range(0, values.shape[1], VARIABLES_PER_PASS):
        chunk = values[:, start : start + VARIABLES_PER_PASS]
        cell_sums = _cell_sums(member, design, chunk)
        for i, (_, n_groups) in enumerate(groupings):
            results[i].append(
                _estimate(design, cell_codes, i, n_groups, cell_sums, chunk.shape[1], sd_sizes[i])
            )
    return [
        DomainEstimates(
            *(np.hstack([getattr(p, f) for p in parts]) for f in ("n", "pop", "r", "se", "sd"))
        )
        for parts in results
    ]


def _cells(design: Design, groupings: list[tuple[IntArray, int]]) -> tuple[IntArray, IntArray]:
    """Each record's cell, and per cell: the stratum, the PSU and each grouping's code."""
    psu = design.psu if not design.one_psu_per_record else np.zeros(design.size, np.int64)
    columns = [design.stratum, psu] + [groups for groups, _ in groupings]
    frame = pl.DataFrame({f"c{i}": c for i, c in enumerate(columns)})
    ranks = frame.select(pl.struct(pl.all()).rank("dense").cast(pl.Int64) - 1).to_series()
    cells = ranks.to_numpy().astype(np.int64)
    first = np.zeros(int(cells.max()) + 1 if cells.size else 0, dtype=np.int64)
    first[cells[::-1]] = np.arange(cells.size)[::-1]
    return cells, np.column_stack(columns)[first].astype(np.int64)


def _estimate(  # noqa: PLR0917 - internal, called in one place
    design: Design,
    cell_codes: IntArray,
    which: int,
    n_groups: int,
    cell_sums: FloatArray,
    k: int,
    sd_size: FloatArray | None,
) -> DomainEstimates:
    """One grouping's estimates from the cell sums; ``sd_size`` overrides the SD's n."""
    groups = cell_codes[:, 2 + which]
    keep = groups >= 0
    groups, stratum = groups[keep], cell_codes[keep, 0]
    sums = cell_sums[keep]
    n_strata = design.psu_per_stratum.size

    def by(keys: IntArray, size: int) -> FloatArray:
        result: FloatArray = _one_hot(keys, np.arange(keys.size), size, keys.size) @ sums
        return result

    per_group = by(groups, n_groups)
    valid, positive, w, wy, wyy = (per_group[:, j * k : (j + 1) * k] for j in range(5))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = wy / w
        spread = wyy - 2 * r * wy + r * r * w
        size = positive if sd_size is None else sd_size
        sd = np.sqrt(np.clip(spread, 0, None) / w * size / (size - 1))
        if design.one_psu_per_record:
            per_cell = by(groups * n_strata + stratum, n_groups * n_strata)
            cw, cwy, cww, cwwy, cwwyy = (per_cell[:, j * k : (j + 1) * k] for j in (2, 3, 5, 6, 7))
            group_of_cell = np.repeat(np.arange(n_groups), n_strata)
            rr, total = r[group_of_cell], w[group_of_cell]
            s1 = (cwy - rr * cw) / total
            s2 = (cwwyy - 2 * rr * cwwy + rr * rr * cww) / (total * total)
            stratum_of_cell = np.tile(np.arange(n_strata), n_groups)
        else:
            # a PSU may span several cells (other groupings split it): add them up first
            psu = cell_codes[keep, 1]
            t_cell = (sums[:, 3 * k : 4 * k] - r[groups] * sums[:, 2 * k : 3 * k]) / w[groups]
            n_psu = int(design.psu.max()) + 1
            psu_keys, inverse = np.unique(groups * n_psu + psu, return_inverse=True)
            t = _one_hot(inverse, np.arange(inverse.size), psu_keys.size, inverse.size) @ t_cell
            psu_group = psu_keys // n_psu
            psu_stratum = np.zeros(n_psu, dtype=np.int64)
            psu_stratum[design.psu] = design.stratum
            keys = psu_group * n_strata + psu_stratum[psu_keys % n_psu]
            one_hot = _one_hot(keys, np.arange(keys.size), n_groups * n_strata, keys.size)
            s1, s2 = one_hot @ t, one_hot @ (t * t)
            stratum_of_cell = np.tile(np.arange(n_strata), n_groups)
        n_h = design.psu_per_stratum.astype(np.float64)[stratum_of_cell][:, None]
        contribution = np.where(n_h > 1, n_h / (n_h - 1) * (s2 - s1 * s1 / n_h), s2)
        var = contribution.reshape(n_groups, n_strata, k).sum(axis=1)
    se = np.where(valid > 0, np.sqrt(np.clip(var, 0, None)), np.nan)
    return DomainEstimates(valid, w, r, se, sd)


def _group_size(design: Design, groups: IntArray, n_groups: int) -> FloatArray:
    """Records with a positive weight in each group (missing values included)."""
    in_group = (groups >= 0) & (design.weights > 0)
    return np.bincount(groups[in_group], minlength=n_groups).astype(np.float64)


def logit_bounds(p: FloatArray, se: FloatArray, t: float) -> tuple[FloatArray, FloatArray]:
    """The logit confidence interval of proportions ``p`` with standard errors ``se`` (WHO's);
    0 and 1 get the degenerate intervals [0, 0] and [1, 1]."""
    with np.errstate(invalid="ignore", divide="ignore"):
        logit = np.log(p / (1 - p))
        half = t * se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(logit - half)))
        high = 1 / (1 + np.exp(-(logit + half)))
    edge = (p == 0) | (p == 1)
    return np.where(edge, p, low), np.where(edge, p, high)


@lru_cache(maxsize=4096)
def t_quantile(df: int) -> float:
    """The two-sided ``CONFIDENCE`` quantile of Student's t (NaN without degrees of freedom)."""
    return float(stats.t.ppf(1 - (1 - CONFIDENCE) / 2, df)) if df > 0 else float("nan")


def logit_interval(cases: int, n: int, *, records: int | None = None) -> tuple[float, float] | None:
    """The 95 % logit CI, in percent, of ``cases`` among ``n`` children of a simple random
    sample, as ``prevalence_table`` gives it without weights, clusters or strata: the standard
    error sqrt(N/(N-1) p(1-p)/n) and t on N-1 degrees of freedom, where N (``records``, ``n``
    unless given) counts every child analysed, with or without a value for this indicator.
    None without children; NaN bounds when N is 1."""
    if n <= 0:
        return None
    total = n if records is None else records
    p = cases / n
    var = total / (total - 1) * p * (1 - p) / n if total > 1 else float("nan")
    low, high = logit_bounds(np.array([p]), np.array([np.sqrt(var)]), t_quantile(total - 1))
    return float(low[0]) * 100, float(high[0]) * 100
