"""Domain (subpopulation) estimates of means and proportions with Taylor-linearised standard
errors, as R's ``survey`` package computes them (``svymean`` over ``svyby`` domains with
``survey.lonely.psu = "adjust"``), for many variables and all groups of a grouping at once.

For a domain d and variable y (records with y missing are outside the domain):
  mean r = sum(w y) / sum(w) over the domain;
  influence u_k = w_k (y_k - r) / sum(w) in the domain, 0 outside;
  PSU totals t_hi; per stratum h with n_h PSUs in the whole design:
  var = sum_h n_h / (n_h - 1) * sum_i (t_hi - mean_h t)^2, or t_h1^2 for a lonely PSU.
The sums run as sparse one-hot matrix products: one pass over the records per grouping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from tumbuh.survey.design import Design, FloatArray, IntArray

#: Variables estimated together (bounds the memory of the n x k work arrays).
VARIABLES_PER_PASS = 8


@dataclass(frozen=True)
class DomainEstimates:
    """Arrays of shape (groups, variables)."""

    n: FloatArray  # records with a value
    pop: FloatArray  # their summed weights
    r: FloatArray  # mean (a proportion for 0/1 variables)
    se: FloatArray
    sd: FloatArray  # weighted SD with the n/(n-1) factor, as survey::svyvar


def _one_hot(keys: IntArray, rows: IntArray, size: int, n: int) -> sparse.csr_matrix:
    data = np.ones(rows.size)
    return sparse.csr_matrix((data, (keys, rows)), shape=(size, n))


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
    parts = [
        _estimate(
            design, groups, n_groups, values[:, i : i + VARIABLES_PER_PASS], sd_counts_missing
        )
        for i in range(0, values.shape[1], VARIABLES_PER_PASS)
    ]
    return DomainEstimates(
        *(np.hstack([getattr(p, f) for p in parts]) for f in ("n", "pop", "r", "se", "sd"))
    )


def _estimate(
    design: Design,
    groups: IntArray,
    n_groups: int,
    y: npt.NDArray[np.float64],
    sd_counts_missing: bool,
) -> DomainEstimates:
    n = design.size
    rows = np.flatnonzero(groups >= 0)
    g = groups[rows]
    member = _one_hot(g, rows, n_groups, n)
    valid = ~np.isnan(y)
    valid[groups < 0] = False
    w = design.weights[:, None]
    wv = np.where(valid, w, 0.0)
    y0 = np.where(valid, y, 0.0)
    count = member @ valid.astype(np.float64)
    if sd_counts_missing:
        in_group = np.broadcast_to((groups >= 0)[:, None], valid.shape)
        count_positive = member @ (in_group & (w > 0)).astype(np.float64)
    else:
        count_positive = member @ (valid & (w > 0)).astype(np.float64)
    pop = member @ wv
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (member @ (wv * y0)) / pop
        safe_g = np.where(groups >= 0, groups, 0)
        deviation = np.where(valid, y0 - r[safe_g], 0.0)
        u = np.where(valid, wv * deviation / pop[safe_g], 0.0)
        spread = member @ (wv * deviation**2)
        sd = np.sqrt(spread / pop * count_positive / (count_positive - 1))
    var = _variance(design, groups, rows, n_groups, u)
    se = np.where(count > 0, np.sqrt(np.clip(var, 0, None)), np.nan)
    return DomainEstimates(count, pop, r, se, sd)


def _variance(
    design: Design, groups: IntArray, rows: IntArray, n_groups: int, u: FloatArray
) -> FloatArray:
    """Between-PSU variance of the influence values, stratum by stratum, per group."""
    n_strata = design.psu_per_stratum.size
    if design.one_psu_per_record:
        totals = u[rows]
        stratum = design.stratum[rows]
        group_of_total = groups[rows]
    else:
        n_psu = int(design.psu.max()) + 1
        keys = groups[rows].astype(np.int64) * n_psu + design.psu[rows]
        unique_keys, inverse = np.unique(keys, return_inverse=True)
        totals = _one_hot(inverse, np.arange(rows.size), unique_keys.size, rows.size) @ u[rows]
        group_of_total = unique_keys // n_psu
        psu_stratum = np.zeros(n_psu, dtype=np.int64)
        psu_stratum[design.psu] = design.stratum
        stratum = psu_stratum[unique_keys % n_psu]
    cell = group_of_total.astype(np.int64) * n_strata + stratum
    by_cell = _one_hot(cell, np.arange(cell.size), n_groups * n_strata, cell.size)
    s1 = by_cell @ totals
    s2 = by_cell @ (totals * totals)
    n_h = np.tile(design.psu_per_stratum, n_groups).astype(np.float64)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        per_cell = np.where(n_h > 1, n_h / (n_h - 1) * (s2 - s1 * s1 / n_h), s2)
    result: FloatArray = per_cell.reshape(n_groups, n_strata, -1).sum(axis=1)
    return result
