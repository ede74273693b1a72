"""The convergence scorecard: the package each target should receive versus what it received.

Percent complete per kelurahan and per office, and the by-name gap list per office (for example
Dinsos: at-risk families in desil 1-4 without PKH).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from tumbuh.convergence.catalogue import CATALOGUE, Intervention
from tumbuh.convergence.targets import DELIVERY_SCHEMA, as_targets

#: The columns of ``Scorecard.expected`` before deliveries are matched (an empty catalogue too).
EXPECTED_SCHEMA: Final = {
    "target_id": pl.String,
    "name": pl.String,
    "sasaran": pl.String,
    "family_id": pl.String,
    "kelurahan": pl.String,
    "intervention": pl.String,
    "intervention_name": pl.String,
    "office": pl.String,
}


@dataclass(frozen=True)
class Scorecard:
    """``expected``: one row per (target, intervention) due, with ``received`` (bool)."""

    expected: pl.DataFrame
    #: The catalogue it was built with (codes to interventions).
    catalogue: Sequence[Intervention] = CATALOGUE

    def by_kelurahan(self) -> pl.DataFrame:
        """Per kelurahan: targets with a package, items due, items received, percent complete."""
        return _summary(self.expected, "kelurahan")

    def by_office(self) -> pl.DataFrame:
        return _summary(self.expected, "office")

    def by_intervention(self) -> pl.DataFrame:
        return _summary(self.expected, "intervention")

    def gaps(self, *, office: str | None = None, kelurahan: str | None = None) -> pl.DataFrame:
        """The by-name list of what is due and not received, optionally for one office/area."""
        gaps = self.expected.filter(~pl.col("received"))
        if office is not None:
            gaps = gaps.filter(pl.col("office") == office)
        if kelurahan is not None:
            gaps = gaps.filter(pl.col("kelurahan") == kelurahan)
        return gaps.select(
            "kelurahan",
            "office",
            "intervention",
            "intervention_name",
            "target_id",
            "name",
            "sasaran",
            "family_id",
        ).sort("kelurahan", "office", "intervention", "name")


def _summary(expected: pl.DataFrame, key: str) -> pl.DataFrame:
    return (
        expected.group_by(key)
        .agg(
            pl.col("target_id").n_unique().alias("targets"),
            pl.len().alias("due"),
            pl.col("received").sum().alias("received"),
        )
        .with_columns((100 * pl.col("received") / pl.col("due")).round(1).alias("percent_complete"))
        .sort(key)
    )


def build_scorecard(
    targets: pl.DataFrame,
    deliveries: pl.DataFrame,
    *,
    catalogue: Sequence[Intervention] = CATALOGUE,
) -> Scorecard:
    """Match every target against the catalogue and mark what was delivered."""
    frame = as_targets(targets)
    due = [
        frame.filter(item.applies_to.fill_null(value=False)).select(
            "target_id",
            "name",
            "sasaran",
            "family_id",
            "kelurahan",
            pl.lit(item.code).alias("intervention"),
            pl.lit(item.name_id).alias("intervention_name"),
            pl.lit(item.office.value).alias("office"),
        )
        for item in catalogue
    ]
    expected = pl.concat(due, how="vertical") if due else pl.DataFrame(schema=EXPECTED_SCHEMA)
    delivered = (
        deliveries.select([pl.col(c).cast(t) for c, t in DELIVERY_SCHEMA.items()])
        .unique()
        .with_columns(pl.lit(value=True).alias("received"))
    )
    expected = expected.join(delivered, on=["target_id", "intervention"], how="left").with_columns(
        pl.col("received").fill_null(value=False)
    )
    return Scorecard(expected, tuple(catalogue))
