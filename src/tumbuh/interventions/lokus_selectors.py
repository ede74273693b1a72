"""Per-kelurahan figures for lokus selection, the saved lokus lists, and observed stunting by
year for the targets."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tumbuh.accounts.permissions import Permission, require
from tumbuh.accounts.scope import (
    AnyUser,
    person_filter,
    posyandu_filter,
    region_filter,
    scope_key,
    subtree,
)
from tumbuh.convergence import Coverage, Scorecard
from tumbuh.facts.cache import kept
from tumbuh.facts.models import AreaMonth
from tumbuh.facts.selectors import child_statuses, in_region
from tumbuh.growth.categories import STUNTED_BELOW
from tumbuh.interventions.coverage import coverage_for
from tumbuh.interventions.models import LokusList
from tumbuh.interventions.selectors import measured_after
from tumbuh.interventions.tables import by_kelurahan
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.selectors import latest_measurements, latest_since
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import Family, Person

POOR_DECILE_AT_MOST = 4


def lokus_indicators(
    *, user: AnyUser, region: Region, today: date, card: Scorecard | Coverage | None = None
) -> pl.DataFrame:
    """One row per kelurahan: stunting %, stunted children, at-risk and poor families, and the
    scorecard's coverage gap (100 - percent complete). ``card``: the area's scorecard, when the
    caller has it already; without it the table is kept until the data behind it change
    (``tumbuh.facts.cache``: a kabupaten's 0.5 s, once)."""
    if card is None:
        return kept(
            "lokus-indicators",
            (scope_key(user), region.code, today),
            partial(_indicators, user=user, region=region, today=today, card=None),
        )
    return _indicators(user=user, region=region, today=today, card=card)


def _indicators(
    *, user: AnyUser, region: Region, today: date, card: Scorecard | Coverage | None
) -> pl.DataFrame:
    measured, stunted = _stunting_by_kelurahan(user=user, region=region, today=today)
    families = Family.objects.filter(
        region_filter(user, "kelurahan__code"), subtree("kelurahan__code", region.code)
    )
    at_risk = dict(_count_by_kelurahan(families.at_risk(on=today)))
    poor = dict(_count_by_kelurahan(families.filter(welfare_decile__lte=POOR_DECILE_AT_MOST)))
    card = card if card is not None else coverage_for(user=user, region=region, today=today)
    rows = []
    for row in by_kelurahan(card, region).iter_rows(named=True):
        code = row["kelurahan"]
        n = measured.get(code, 0)
        rows.append(
            {
                "kelurahan": code,
                "name": row["name"],
                "stunting_prevalence": round(100 * stunted.get(code, 0) / n, 1) if n else 0.0,
                "stunted_children": stunted.get(code, 0),
                "at_risk_families": at_risk.get(code, 0),
                "poor_families": poor.get(code, 0),
                "coverage_gap": round(100 - row["percent_complete"], 1)
                if row["percent_complete"] is not None
                else 0.0,
            }
        )
    return pl.DataFrame(rows)


def _stunting_by_kelurahan(
    *, user: AnyUser, region: Region, today: date
) -> tuple[dict[str, int], dict[str, int]]:
    """Children with a length/height z-score and stunted children per kelurahan: each child's
    latest measurement of the last year (the facts' child status), counted at the posyandu
    where it was taken; a child measured after ``today`` (a day in the past) by its own
    measurements."""
    since = latest_since(today)
    visible = Person.objects.filter(person_filter(user)).values("pk")
    statuses = child_statuses().filter(child__in=visible)
    where = subtree("measured_at__kelurahan__code", region.code)
    rows = (
        statuses.filter(where, measured_on__gt=since, measured_on__lte=today, zlen__isnull=False)
        .order_by()
        .values("measured_at__kelurahan_id")
        .annotate(n=Count("pk"), stunted=Count("pk", filter=Q(zlen__lt=STUNTED_BELOW)))
        .values_list("measured_at__kelurahan_id", "n", "stunted")
    )
    measured: dict[str, int] = defaultdict(int)
    stunted: dict[str, int] = defaultdict(int)
    for kelurahan, n, cases in rows:
        measured[kelurahan] += n
        stunted[kelurahan] += cases
    if measured_after(today):
        later = statuses.filter(measured_on__gt=today)
        sought = latest_measurements(
            measurements=Measurement.objects.filter(
                child__in=later.values("child_id"), measured_on__gt=since
            ),
            on=today,
            since=since,
        ).filter(subtree("posyandu__kelurahan__code", region.code), zlen__isnull=False)
        for kelurahan, zlen in sought.values_list("posyandu__kelurahan_id", "zlen"):
            measured[kelurahan] += 1
            stunted[kelurahan] += zlen is not None and zlen < STUNTED_BELOW
    return measured, stunted


def _count_by_kelurahan(families: QuerySet[Family]) -> QuerySet[Family, tuple[str, int]]:
    return (
        families.order_by()
        .values("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    )


def stunting_by_year(*, user: AnyUser, region: Region) -> dict[int, float]:
    """Stunting % per calendar year from each child's last measurement of that year, counted
    at the area's posyandu where it was taken (the facts): a past year's from its December
    figures (each child's latest measurement up to 31 December within a year), this year's
    from the children's status (their latest measurement, when it is of this year)."""
    visible = Posyandu.objects.filter(posyandu_filter(user)).values("pk")
    statuses = child_statuses()  # refreshed first, the monthly figures too
    rows = in_region(AreaMonth.objects.filter(posyandu__in=visible), region.code)
    rows = rows.filter(latest_len__gt=0)
    this_year = timezone.localdate().year
    out: dict[int, float] = {}
    december = (
        rows.filter(month__month=12, month__year__lt=this_year)
        .order_by()
        .values_list("month__year")
        .annotate(n=Sum("latest_len"), cases=Sum("stunted"))
    )
    for year, n, cases in december:
        out[year] = round(100 * cases / n, 1)
    if rows.filter(month__year=this_year).exists():
        now = statuses.filter(
            subtree("measured_at__kelurahan__code", region.code),
            measured_at__in=visible,
            measured_on__year=this_year,
            zlen__isnull=False,
        )
        figures = now.aggregate(n=Count("pk"), cases=Count("pk", filter=Q(zlen__lt=STUNTED_BELOW)))
        if figures["n"]:
            out[this_year] = round(100 * figures["cases"] / figures["n"], 1)
    return dict(sorted(out.items()))


def lokus_lists_for(*, user: AnyUser, region: Region) -> QuerySet[LokusList]:
    """The lokus lists saved for ``region``, latest year first (for whoever may see the lokus
    page of the region)."""
    require(user, Permission.VIEW_PLANNING, region)
    return LokusList.objects.filter(region=region).select_related("saved_by").order_by("-year")


def lokus_list_get_for_user(*, user: AnyUser, pk: int) -> LokusList:
    """A saved lokus list with its region and who saved it; refused when there is none or it
    lies outside the user's scope."""
    found = LokusList.objects.select_related("region", "saved_by").filter(pk=pk).first()
    if found is None:
        raise PermissionDenied
    require(user, Permission.VIEW_PLANNING, found.region)
    return found
