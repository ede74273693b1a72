"""Reads of the work plan, limited to the user's scope: plans of a kab/kota, one plan as
programmes -> activities -> sub-activities, and the plan's coverage of the scorecard's gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tumbuh.accounts.permissions import Permission, has_permission, in_scope, require
from tumbuh.accounts.scope import AnyUser
from tumbuh.accounts.selectors import region_for_request
from tumbuh.convergence.catalogue import OFFICE_NAMES, Office, by_code
from tumbuh.interventions.coverage import coverage_for
from tumbuh.regions.models import Level, Region
from tumbuh.workplan.models import SubActivity, WorkPlan
from tumbuh.workplan.sipd import QUARTERS, activity_code, percent, programme_code

KABKOTA_CODE_WIDTH = 5  # 71.72 of 71.72.01.1001


def workplan_region(*, user: AnyUser, code: str) -> Region:
    """The kab/kota whose plans a page shows: the one ``?region=`` names or lies in (the user's
    home region when empty); the user must see the whole kab/kota."""
    require(user, Permission.VIEW_WORKPLAN)
    region = region_for_request(user=user, code=code)
    if region.level != Level.KABKOTA:
        found = Region.objects.filter(
            code=region.code[:KABKOTA_CODE_WIDTH], level=Level.KABKOTA
        ).first()
        if found is None:
            raise PermissionDenied
        region = found
    if not in_scope(user, region):
        raise PermissionDenied
    return region


def plan_list(*, user: AnyUser, region: Region, year: int | None = None) -> QuerySet[WorkPlan]:
    require(user, Permission.VIEW_WORKPLAN, region)
    plans = WorkPlan.objects.filter(region=region).select_related("region")
    return plans if year is None else plans.filter(year=year)


def plan_get_for_user(*, user: AnyUser, pk: int) -> WorkPlan:
    plan = WorkPlan.objects.select_related("region").filter(pk=pk).first()
    if plan is None:
        raise PermissionDenied
    require(user, Permission.VIEW_WORKPLAN, plan.region)
    return plan


def sub_activity_get_for_user(*, user: AnyUser, pk: int) -> SubActivity:
    sub = SubActivity.objects.select_related("plan__region").filter(pk=pk).first()
    if sub is None:
        raise PermissionDenied
    require(user, Permission.VIEW_WORKPLAN, sub.plan.region)
    return sub


def may_edit(user: AnyUser, plan: WorkPlan) -> bool:
    return (
        has_permission(user, Permission.MANAGE_WORKPLAN)
        and in_scope(user, plan.region)
        and in_scope(user, plan.office)
    )


@dataclass
class Totals:
    """Budget and money per quarter of some sub-activities, and realisation percentages."""

    budget_rp: int = 0
    target_rp: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    realised_rp: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def add(self, sub: SubActivity) -> None:
        self.budget_rp += sub.budget_rp
        for quarter in sub.quarters:
            self.target_rp[quarter.number - 1] += quarter.target_rp
            self.realised_rp[quarter.number - 1] += quarter.realised_rp

    @property
    def quarters(self) -> list[tuple[int, int, int, float | None]]:
        """(quarter, target Rp, realised Rp, realised percent of target)."""
        return [
            (
                q,
                self.target_rp[q - 1],
                self.realised_rp[q - 1],
                percent(self.realised_rp[q - 1], self.target_rp[q - 1]),
            )
            for q in QUARTERS
        ]

    @property
    def realised_total(self) -> int:
        return sum(self.realised_rp)

    @property
    def realised_percent(self) -> float | None:
        """Realised rupiah of the whole budget, percent."""
        return percent(self.realised_total, self.budget_rp)


@dataclass
class Activity:
    code: str
    name: str
    subs: list[SubActivity] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Programme:
    code: str
    name: str
    activities: list[Activity] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class PlanTree:
    plan: WorkPlan
    programmes: list[Programme]
    totals: Totals
    intervention_names: dict[str, str]


def plan_tree(*, plan: WorkPlan) -> PlanTree:
    """The plan as programmes -> activities -> sub-activities, with totals at each level."""
    programmes: dict[str, Programme] = {}
    activities: dict[str, Activity] = {}
    totals = Totals()
    for sub in plan.sub_activities.prefetch_related("lokus").order_by("code"):
        p_code, a_code = programme_code(sub.code), activity_code(sub.code)
        programme = programmes.setdefault(p_code, Programme(p_code, sub.programme_name))
        if a_code not in activities:
            activities[a_code] = Activity(a_code, sub.activity_name)
            programme.activities.append(activities[a_code])
        activities[a_code].subs.append(sub)
        for level in (activities[a_code].totals, programme.totals, totals):
            level.add(sub)
    names = {code: item.name_id for code, item in by_code().items()}
    return PlanTree(plan, list(programmes.values()), totals, names)


@dataclass
class OfficeSummary:
    plan: WorkPlan
    sub_activities: int
    totals: Totals


def plan_summaries(plans: QuerySet[WorkPlan]) -> list[OfficeSummary]:
    subs: dict[int, list[SubActivity]] = defaultdict(list)
    for sub in SubActivity.objects.filter(plan__in=plans):
        subs[sub.plan_id].append(sub)
    out = []
    for plan in plans:
        totals = Totals()
        for sub in subs[plan.pk]:
            totals.add(sub)
        out.append(OfficeSummary(plan, len(subs[plan.pk]), totals))
    return out


@dataclass
class Funded:
    """A budgeted sub-activity tagged to an intervention, and where it works."""

    sub: SubActivity
    office_name: str
    lokus: list[str]  # desa/kelurahan codes; empty: the whole kab/kota


@dataclass
class GapCoverage:
    """One intervention with open gaps: how many, where, and the plan's activities for it."""

    code: str
    name: str
    office_name: str
    due: int
    open: int
    kelurahan: dict[str, int]  # code -> open gaps there
    funded: list[Funded]
    uncovered: list[str]  # desa/kelurahan with gaps no funded activity reaches

    @property
    def covered(self) -> bool:
        return bool(self.funded)


def gap_coverage(
    *, user: AnyUser, region: Region, year: int, today: date
) -> tuple[list[GapCoverage], dict[str, str]]:
    """Per intervention with open gaps in the scorecard of ``region`` (a kab/kota): the
    budgeted sub-activities of the year's plans tagged to it and the desa/kelurahan with gaps
    none of them reaches. Interventions no activity covers come first. Also returns the
    desa/kelurahan names."""
    require(user, Permission.VIEW_WORKPLAN, region)
    require(user, Permission.VIEW_SCORECARD, region)
    card = coverage_for(user=user, region=region, today=today)
    open_by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    due: dict[str, int] = defaultdict(int)
    per_item = card.rows.filter((pl.col("office") != "") & (pl.col("intervention") != ""))
    for code, kelurahan, items, received in per_item.select(
        "intervention", "kelurahan", "due", "received"
    ).iter_rows():
        due[code] += items
        if items > received:
            open_by[code][kelurahan] += items - received
    funded: dict[str, list[Funded]] = defaultdict(list)
    subs = (
        SubActivity.objects.filter(plan__region=region, plan__year=year, budget_rp__gt=0)
        .select_related("plan")
        .prefetch_related("lokus")
    )
    for sub in subs:
        lokus = sorted(r.code for r in sub.lokus.all())
        for code in sub.interventions:
            funded[code].append(Funded(sub, sub.plan.office_name, lokus))
    catalogue = by_code()
    rows = []
    for code, places in open_by.items():
        item = catalogue.get(code)
        if item is None:
            continue
        reach: set[str] | None = set()
        for entry in funded.get(code, []):
            if not entry.lokus:
                reach = None
                break
            assert reach is not None
            reach.update(entry.lokus)
        uncovered = [] if reach is None else sorted(k for k in places if k not in reach)
        rows.append(
            GapCoverage(
                code,
                item.name_id,
                OFFICE_NAMES.get(Office(item.office), item.office),
                due[code],
                sum(places.values()),
                dict(places),
                funded.get(code, []),
                uncovered,
            )
        )
    rows.sort(key=lambda r: (r.covered, len(r.uncovered) == 0, -r.open))
    names = dict(
        Region.objects.filter(
            code__startswith=region.code + ".", level=Level.KELURAHAN
        ).values_list("code", "name")
    )
    return rows, names
