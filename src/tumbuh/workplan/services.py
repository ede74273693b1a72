"""Writes of the work plan: plans, sub-activities, the plan import, survey figures and the
region's own targets. Every write checks the table itself and is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tumbuh.accounts.models import Action, AuditEvent
from tumbuh.accounts.permissions import Permission, in_scope, office_of, require
from tumbuh.accounts.scope import AnyUser, acting_user
from tumbuh.accounts.services import audit_record
from tumbuh.convergence.catalogue import Office, by_code
from tumbuh.files import read_table
from tumbuh.imports.services import ImportResult
from tumbuh.ingest.eppgbm import Rejected
from tumbuh.ingest.reasons import as_text
from tumbuh.regions.models import Level, Region
from tumbuh.regions.selectors import places_of
from tumbuh.workplan.ingest import DECIMALS, TEXTS, WHOLE_NUMBERS, PlanRecord, validate_plan
from tumbuh.workplan.models import (
    RegionalTarget,
    SubActivity,
    SurveyFigure,
    SurveySource,
    TargetKind,
    WorkPlan,
)
from tumbuh.workplan.sipd import activity_code, programme_code

#: The fields of a sub-activity a form or a file sets (besides its interventions and lokus).
FIELDS = (*TEXTS, *WHOLE_NUMBERS, *DECIMALS)


def require_plan_editor(user: AnyUser, plan: WorkPlan) -> None:
    """Refuse unless the user may edit this plan: its kab/kota in scope, and (for an office
    account) its own office."""
    require(user, Permission.MANAGE_WORKPLAN, plan.region)
    if not in_scope(user, plan.office):
        raise PermissionDenied


def _kabkota(region: Region) -> None:
    if region.level != Level.KABKOTA:
        raise ValueError(f"a work plan belongs to a kab/kota, not {region.code}")


@transaction.atomic
def plan_get_or_create(*, user: AnyUser, region: Region, office: str, year: int) -> WorkPlan:
    """The office's plan for the year in the kab/kota, created when it does not exist yet."""
    _kabkota(region)
    Office(office)  # refuses a code that is not an office
    plan = WorkPlan.objects.filter(region=region, office=office, year=year).first()
    probe = plan or WorkPlan(region=region, office=office, year=year)
    require_plan_editor(user, probe)
    if plan is None:
        probe.created_by = acting_user(user)
        probe.full_clean()
        probe.save()
        audit_record(user=user, action=Action.CREATE, object_type="work_plan", object_id=probe.pk)
    return probe


def _lokus_under(plan: WorkPlan, lokus: Iterable[Region]) -> list[Region]:
    regions = list(lokus)
    for region in regions:
        if region.level != Level.KELURAHAN or not region.code.startswith(plan.region_id + "."):
            raise ValueError(f"{region.code} is not a desa/kelurahan of {plan.region_id}")
    return regions


def _check_interventions(codes: Iterable[str]) -> list[str]:
    known = by_code()
    codes = list(dict.fromkeys(codes))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValueError(f"unknown interventions: {', '.join(unknown)}")
    return codes


def _same_names(plan: WorkPlan, sub: SubActivity) -> None:
    """One name per programme and per activity in a plan: the latest row's names win."""
    siblings = plan.sub_activities.exclude(pk=sub.pk)
    if sub.programme_name:
        siblings.filter(code__startswith=programme_code(sub.code) + ".").update(
            programme_name=sub.programme_name
        )
    if sub.activity_name:
        siblings.filter(code__startswith=activity_code(sub.code) + ".").update(
            activity_name=sub.activity_name
        )


@transaction.atomic
def sub_activity_save(
    *,
    user: AnyUser,
    plan: WorkPlan,
    values: Mapping[str, Any],
    interventions: Iterable[str],
    lokus: Iterable[Region],
    sub: SubActivity | None = None,
) -> SubActivity:
    """Add a sub-activity to ``plan`` or change ``sub`` (one of its rows)."""
    require_plan_editor(user, plan)
    if sub is not None and sub.plan_id != plan.pk:
        raise PermissionDenied
    creating = sub is None
    sub = sub or SubActivity(plan=plan)
    sub.code = str(values["code"]).strip()
    for name in FIELDS:
        if name in values:
            setattr(sub, name, values[name])
    sub.interventions = _check_interventions(interventions)
    regions = _lokus_under(plan, lokus)
    sub.full_clean()
    sub.save()
    sub.lokus.set(regions)
    _same_names(plan, sub)
    audit_record(
        user=user,
        action=Action.CREATE if creating else Action.UPDATE,
        object_type="sub_activity",
        object_id=sub.pk,
    )
    return sub


@transaction.atomic
def sub_activity_delete(*, user: AnyUser, sub: SubActivity) -> None:
    require_plan_editor(user, sub.plan)
    pk = sub.pk
    sub.delete()
    audit_record(user=user, action=Action.UPDATE, object_type="sub_activity_removed", object_id=pk)


def _changes(sub: SubActivity, record: PlanRecord) -> dict[str, object]:
    wanted: dict[str, object] = {
        **{k: v for k, v in record.texts.items() if v or k == "name"},
        **{k: int(v) for k, v in record.numbers.items() if k in WHOLE_NUMBERS},
        **{k: v for k, v in record.numbers.items() if k in DECIMALS},
        "interventions": list(record.interventions),
    }
    return {k: v for k, v in wanted.items() if getattr(sub, k) != v}


def workplan_import(*, user: AnyUser, path: Path, region: Region, year: int) -> ImportResult:
    """Import the plans of ``year`` in the kab/kota from a spreadsheet: one row per
    sub-activity, found by office and SIPD code. All or nothing; the same file imported again
    changes nothing."""
    _kabkota(region)
    require(user, Permission.MANAGE_WORKPLAN, region)
    own = office_of(user)
    frame = read_table(path)
    records, rejected = validate_plan(
        frame, places=places_of(region), offices=None if own is None else frozenset({own})
    )
    result = ImportResult(rows=frame.height, rejected=list(rejected))
    statuses: list[str] = []
    with transaction.atomic():
        plans: dict[str, WorkPlan] = {}
        for record in records:
            if record.office not in plans:
                plans[record.office] = plan_get_or_create(
                    user=user, region=region, office=record.office, year=year
                )
            plan = plans[record.office]
            sub = plan.sub_activities.filter(code=record.code).first()
            lokus = set(record.lokus)
            if sub is None:
                sub = SubActivity(plan=plan, code=record.code)
                status, changes = "new", _changes(sub, record)
            else:
                changes = _changes(sub, record)
                same_lokus = set(sub.lokus.values_list("code", flat=True)) == lokus
                status = "unchanged" if not changes and same_lokus else "updated"
            if status == "unchanged":
                statuses.append(status)
                continue
            for name, value in changes.items():
                setattr(sub, name, value)
            try:
                sub.full_clean()
            except ValidationError as error:
                reasons = tuple(as_text(m) for m in error.messages)
                result.rejected.append(Rejected(record.row, {}, reasons))
                continue
            sub.save()
            sub.lokus.set(list(Region.objects.filter(code__in=lokus)))
            _same_names(plan, sub)
            statuses.append(status)
            AuditEvent.objects.create(
                user=acting_user(user),
                action=Action.CREATE if status == "new" else Action.UPDATE,
                object_type="sub_activity",
                object_id=str(sub.pk),
            )
        result.count(statuses)
        result.rejected.sort(key=lambda r: r.row)
        audit_record(
            user=user, action=Action.CREATE, object_type="work_plan_import", object_id=year
        )
    return result


def _region_figures(user: AnyUser, region: Region) -> None:
    require(user, Permission.MANAGE_PLANNING, region)


@transaction.atomic
def survey_figure_save(
    *,
    user: AnyUser,
    region: Region,
    year: int,
    source: SurveySource,
    percent: Decimal,
    low: Decimal | None = None,
    high: Decimal | None = None,
    note: str = "",
    demo: bool = False,
) -> SurveyFigure:
    """Record (or correct) a survey's stunting prevalence for the region and year."""
    _region_figures(user, region)
    figure = SurveyFigure.objects.filter(region=region, year=year, source=source).first()
    figure = figure or SurveyFigure(region=region, year=year, source=source)
    figure.percent, figure.low, figure.high, figure.note, figure.demo = (
        percent,
        low,
        high,
        note.strip(),
        demo,
    )
    if low is not None and high is not None and not low <= percent <= high:
        raise ValueError("the confidence interval must contain the prevalence")
    figure.full_clean()
    figure.save()
    audit_record(user=user, action=Action.UPDATE, object_type="survey_figure", object_id=figure.pk)
    return figure


@transaction.atomic
def regional_target_save(
    *,
    user: AnyUser,
    region: Region,
    year: int,
    kind: TargetKind,
    percent: Decimal,
    demo: bool = False,
) -> RegionalTarget:
    """Record (or correct) the region's own RPJMD or RKPD target for a year."""
    _region_figures(user, region)
    target = RegionalTarget.objects.filter(region=region, year=year, kind=kind).first()
    target = target or RegionalTarget(region=region, year=year, kind=kind)
    target.percent, target.demo = percent, demo
    target.full_clean()
    target.save()
    audit_record(
        user=user, action=Action.UPDATE, object_type="regional_target", object_id=target.pk
    )
    return target


@transaction.atomic
def survey_figure_delete(*, user: AnyUser, figure: SurveyFigure) -> None:
    _region_figures(user, figure.region)
    pk = figure.pk
    figure.delete()
    audit_record(user=user, action=Action.UPDATE, object_type="survey_figure_removed", object_id=pk)


@transaction.atomic
def regional_target_delete(*, user: AnyUser, target: RegionalTarget) -> None:
    _region_figures(user, target.region)
    pk = target.pk
    target.delete()
    audit_record(
        user=user, action=Action.UPDATE, object_type="regional_target_removed", object_id=pk
    )
