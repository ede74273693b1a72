"""Scorecard tables ready to show or export: kelurahan names, office names, percentages."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _

from tumbuh.convergence import Scorecard
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office
from tumbuh.regions.models import Region


def by_kelurahan(card: Scorecard, region: Region) -> pl.DataFrame:
    """One row per kelurahan under ``region`` (also those with no target yet)."""
    kelurahan = (
        Region.objects.filter(code__startswith=region.code + ".", level="desa_kelurahan")
        .order_by("code")
        .values_list("code", "name")
    )
    names = pl.DataFrame(
        list(kelurahan), schema={"kelurahan": pl.String, "name": pl.String}, orient="row"
    )
    if region.level == "desa_kelurahan":
        names = pl.DataFrame({"kelurahan": [region.code], "name": [region.name]})
    summary = (
        card.by_kelurahan()
        if card.expected.height
        else pl.DataFrame(
            schema={
                "kelurahan": pl.String,
                "targets": pl.UInt32,
                "due": pl.UInt32,
                "received": pl.UInt32,
                "percent_complete": pl.Float64,
            }
        )
    )
    return names.join(summary, on="kelurahan", how="left").with_columns(
        pl.col("targets", "due", "received").fill_null(0)
    )


def by_office(card: Scorecard) -> list[dict[str, object]]:
    if not card.expected.height:
        return []
    return [
        {**row, "office_name": OFFICE_NAMES.get(Office(row["office"]), row["office"])}
        for row in card.by_office().iter_rows(named=True)
    ]


def gap_list(card: Scorecard, *, office: str, kelurahan_names: dict[str, str]) -> pl.DataFrame:
    """The by-name list of one office's gaps, with column names in the user's language."""
    gaps = card.gaps(office=office) if card.expected.height else pl.DataFrame()
    if not gaps.height:
        return pl.DataFrame({_("Kelurahan"): [], _("Intervention"): [], _("Name"): []})
    return gaps.select(
        pl.col("kelurahan")
        .replace_strict(kelurahan_names, default=pl.col("kelurahan"))
        .alias(_("Kelurahan")),
        pl.col("intervention_name").alias(_("Intervention")),
        pl.col("name").alias(_("Name")),
        pl.col("sasaran").alias(_("Target group")),
    )
