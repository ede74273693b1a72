"""Per-kelurahan figures for lokus selection, and observed stunting by year for the targets."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import polars as pl
from django.db.models import Count, F, Q, Window
from django.db.models.functions import ExtractYear, RowNumber

from tumbuh.accounts.scope import AnyUser, region_filter, subtree
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.tables import by_kelurahan
from tumbuh.measurements.selectors import measurement_list
from tumbuh.regions.models import Region
from tumbuh.registry.models import Family

STUNTED_BELOW = -2.0
POOR_DECILE_AT_MOST = 4


def lokus_indicators(*, user: AnyUser, region: Region, today: date) -> pl.DataFrame:
    """One row per kelurahan: stunting %, stunted children, at-risk and poor families, and the
    scorecard's coverage gap (100 - percent complete)."""
    latest = (
        measurement_list(user=user)
        .filter(
            subtree("posyandu__kelurahan__code", region.code),
            measured_on__gt=today - timedelta(days=365),
            zlen__isnull=False,
        )
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("child_id")],
                order_by=[F("measured_on").desc(), F("pk").desc()],
            )
        )
        .filter(newest=1)
        .values_list("posyandu__kelurahan_id", "zlen")
    )
    measured: dict[str, int] = defaultdict(int)
    stunted: dict[str, int] = defaultdict(int)
    for kelurahan, zlen in latest:
        measured[kelurahan] += 1
        stunted[kelurahan] += zlen is not None and zlen < STUNTED_BELOW
    families = (
        Family.objects.filter(
            region_filter(user, "kelurahan__code"), subtree("kelurahan__code", region.code)
        )
        .values("kelurahan_id")
        .annotate(
            at_risk=Count(
                "pk", filter=Q(no_clean_water=True) | Q(no_latrine=True) | Q(smoker_in_house=True)
            ),
            poor=Count("pk", filter=Q(welfare_decile__lte=POOR_DECILE_AT_MOST)),
        )
    )
    by_family = {row["kelurahan_id"]: row for row in families}
    card = by_kelurahan(scorecard_for(user=user, region=region, today=today), region)
    rows = []
    for row in card.iter_rows(named=True):
        code = row["kelurahan"]
        n = measured.get(code, 0)
        rows.append(
            {
                "kelurahan": code,
                "name": row["name"],
                "stunting_prevalence": round(100 * stunted.get(code, 0) / n, 1) if n else 0.0,
                "stunted_children": stunted.get(code, 0),
                "at_risk_families": by_family.get(code, {}).get("at_risk", 0),
                "poor_families": by_family.get(code, {}).get("poor", 0),
                "coverage_gap": round(100 - row["percent_complete"], 1)
                if row["percent_complete"] is not None
                else 0.0,
            }
        )
    return pl.DataFrame(rows)


def stunting_by_year(*, user: AnyUser, region: Region) -> dict[int, float]:
    """Stunting % per calendar year from each child's last measurement of that year."""
    rows = (
        measurement_list(user=user)
        .filter(subtree("posyandu__kelurahan__code", region.code), zlen__isnull=False)
        .annotate(year=ExtractYear("measured_on"))
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("child_id"), ExtractYear("measured_on")],
                order_by=[F("measured_on").desc(), F("pk").desc()],
            )
        )
        .filter(newest=1)
        .values_list("year", "zlen")
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for year, zlen in rows:
        counts[year][0] += 1
        counts[year][1] += zlen is not None and zlen < STUNTED_BELOW
    return {year: round(100 * s / n, 1) for year, (n, s) in sorted(counts.items()) if n}
