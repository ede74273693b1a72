"""Desa/kelurahan lokus selection for next year: a transparent, weighted score with reasons.

Each criterion is rescaled to 0-1 across the kelurahan being compared (min-max), multiplied by
its weight; the score is the weighted sum divided by the sum of weights (0-100). The reasons
name the criteria where a kelurahan is in the top quarter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Final

import polars as pl

#: The criteria, their column names and their labels in reasons.
CRITERIA: Final = {
    "stunting_prevalence": "prevalensi stunting tinggi",
    "stunted_children": "banyak anak stunting",
    "at_risk_families": "banyak keluarga berisiko stunting",
    "poor_families": "banyak keluarga desil 1-4",
    "coverage_gap": "cakupan layanan rendah",
}


@dataclass(frozen=True)
class LokusWeights:
    """Editable weights (any non-negative numbers; they are normalised)."""

    stunting_prevalence: float = 3.0
    stunted_children: float = 2.0
    at_risk_families: float = 2.0
    poor_families: float = 1.0
    coverage_gap: float = 2.0

    def __post_init__(self) -> None:
        if any(w < 0 for w in asdict(self).values()) or sum(asdict(self).values()) == 0:
            raise ValueError("weights must be non-negative and not all zero")


def rank_lokus(indicators: pl.DataFrame, weights: LokusWeights | None = None) -> pl.DataFrame:
    """Rank kelurahan (columns ``kelurahan``, ``name`` and the ``CRITERIA``) by lokus score."""
    weights = weights or LokusWeights()
    chosen = {c: w for c, w in asdict(weights).items() if w > 0}
    total = sum(chosen.values())
    missing = [c for c in chosen if c not in indicators.columns]
    if missing:
        raise ValueError(f"missing lokus criteria: {', '.join(missing)}")
    scaled = [
        ((pl.col(c) - pl.col(c).min()) / (pl.col(c).max() - pl.col(c).min()))
        .fill_nan(0.0)
        .fill_null(0.0)
        .alias(f"{c}_scaled")
        for c in chosen
    ]
    top_quarter = [
        pl.when(pl.col(c) >= pl.col(c).quantile(0.75)).then(pl.lit(CRITERIA[c])).alias(f"{c}_why")
        for c in chosen
    ]
    score = sum(pl.col(f"{c}_scaled") * w for c, w in chosen.items()) / total * 100
    ranked = (
        indicators.with_columns(scaled)
        .with_columns(top_quarter)
        .with_columns(
            score.round(1).alias("score"),
            pl.concat_str(
                [pl.col(f"{c}_why") for c in chosen], separator="; ", ignore_nulls=True
            ).alias("reasons"),
        )
        .sort("score", descending=True)
        .with_row_index("rank", offset=1)
    )
    return ranked.select("rank", "kelurahan", "name", "score", "reasons", *chosen)
