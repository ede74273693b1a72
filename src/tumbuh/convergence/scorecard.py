"""The convergence scorecard: the package each target should receive versus what it received.

Percent complete per kelurahan and per office, and the by-name gap list per office (for example
Dinsos: at-risk families in desil 1-4 without PKH).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
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

    def coverage(self) -> Coverage:
        """The scorecard summed per kelurahan: what the summary pages show."""
        return Coverage(coverage_rows(self.expected), tuple(self.catalogue))

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


#: The columns of ``Coverage.rows``.
COVERAGE_SCHEMA: Final[dict[str, pl.DataType]] = {
    "kelurahan": pl.String(),
    "office": pl.String(),
    "intervention": pl.String(),
    "targets": pl.UInt32(),
    "due": pl.UInt32(),
    "received": pl.UInt32(),
}


def coverage_rows(expected: pl.DataFrame) -> pl.DataFrame:
    """Per kelurahan: targets with an item due, items due and items received, for each
    intervention (with its office), for each office (``intervention`` "") and in all (both "").
    Each target lies in one kelurahan, so the rows add up over any set of kelurahan."""
    if not expected.height:
        return pl.DataFrame(schema=COVERAGE_SCHEMA)

    def summed(*keys: str) -> pl.DataFrame:
        return expected.group_by("kelurahan", *keys).agg(
            pl.col("target_id").n_unique().alias("targets"),
            pl.len().alias("due"),
            pl.col("received").sum().alias("received"),
        )

    blank = pl.lit("")
    parts = [
        summed("office", "intervention"),
        summed("office").with_columns(blank.alias("intervention")),
        summed().with_columns(blank.alias("office"), blank.alias("intervention")),
    ]
    return pl.concat(
        [part.select([pl.col(c).cast(t) for c, t in COVERAGE_SCHEMA.items()]) for part in parts]
    ).sort("kelurahan", "office", "intervention")


@dataclass(frozen=True)
class Coverage:
    """A scorecard summed, without its by-name rows (``coverage_rows``): read from the facts
    for a whole area, or computed from a ``Scorecard``. ``office``: that office's
    interventions only (its targets, its items)."""

    rows: pl.DataFrame
    catalogue: Sequence[Intervention] = CATALOGUE
    office: str | None = None
    #: When the figures were computed (None: just now).
    computed_at: datetime | None = None

    def for_office(self, office: str) -> Coverage:
        mine = tuple(item for item in self.catalogue if item.office.value == office)
        return replace(self, catalogue=mine, office=office)

    def _rows(self, *, office: bool, intervention: bool) -> pl.DataFrame:
        rows = self.rows
        if self.office is not None:
            rows = rows.filter(pl.col("office") == self.office)
        elif not office:
            rows = rows.filter(pl.col("office") == "")
        else:
            rows = rows.filter(pl.col("office") != "")
        if intervention:
            return rows.filter(pl.col("intervention") != "")
        return rows.filter(pl.col("intervention") == "")

    @property
    def due(self) -> int:
        return int(self._rows(office=False, intervention=False)["due"].sum())

    @property
    def received(self) -> int:
        return int(self._rows(office=False, intervention=False)["received"].sum())

    @property
    def percent(self) -> float | None:
        return round(100 * self.received / self.due, 1) if self.due else None

    def by_kelurahan(self) -> pl.DataFrame:
        """Per kelurahan: targets with a package, items due, items received, percent complete."""
        return _summed(self._rows(office=False, intervention=False), "kelurahan")

    def by_office(self) -> pl.DataFrame:
        return _summed(self._rows(office=True, intervention=False), "office")

    def by_intervention(self) -> pl.DataFrame:
        return _summed(self._rows(office=True, intervention=True), "intervention")

    def by_kelurahan_and_office(self) -> pl.DataFrame:
        """Per kelurahan and office: the percent complete."""
        return (
            self._rows(office=True, intervention=False)
            .with_columns((100 * pl.col("received") / pl.col("due")).round(1).alias("percent"))
            .select("kelurahan", "office", "percent")
        )


def _summed(rows: pl.DataFrame, key: str) -> pl.DataFrame:
    return (
        rows.group_by(key)
        .agg(pl.col("targets", "due", "received").sum())
        .with_columns((100 * pl.col("received") / pl.col("due")).round(1).alias("percent_complete"))
        .sort(key)
    )


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
