"""The facts tables stay current with every write and equal a rebuild from scratch."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.dashboard.selectors import dashboard_for
from tumbuh.facts.grade_services import STUCK_AFTER, grades_mark
from tumbuh.facts.models import AreaGrade, AreaMonth, ChildStatus, GradeStale, Stale
from tumbuh.facts.selectors import area_months, child_statuses, totals
from tumbuh.facts.services import facts_flush, facts_rebuild
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record

MARCH = date(2026, 3, 1)


def _measure(world: World, child: object, on: date, length: str) -> Measurement:
    return measurement_record(
        user=world.kader,
        child=child,  # type: ignore[arg-type]
        posyandu=world.posyandu_a,
        measured_on=on,
        weight_kg=Decimal("9.0"),
        lenhei_cm=Decimal(length),
        position="l",
    ).measurement


def _tables() -> tuple[list[tuple[object, ...]], ...]:
    statuses = sorted(ChildStatus.objects.values_list())
    months = sorted(tuple(row[1:]) for row in AreaMonth.objects.values_list())  # without the row id
    grades = sorted(
        AreaGrade.objects.values_list("area", "month", "children", "grade", "score", "reasons")
    )
    return statuses, months, grades


def _world_measured(world: World) -> list[object]:
    children = [world.child_a] + [
        ChildFactory(family=FamilyFactory(kelurahan=world.kelurahan_a), posyandu=world.posyandu_a)
        for _ in range(3)
    ]
    for child, length in zip(children, ["76.0", "68.0", "66.0", "77.0"], strict=True):
        _measure(world, child, date(2026, 1, 10), length)
        _measure(world, child, TODAY, length)
    return children


def test_a_saved_measurement_is_in_the_childs_status_at_the_next_read(world: World) -> None:
    facts_rebuild()
    measurement = _measure(world, world.child_a, TODAY, "70.0")
    assert Stale.objects.exists()
    status = child_statuses().get(child=world.child_a)
    assert (status.measured_on, status.zlen, status.measurement_id) == (
        TODAY,
        measurement.zlen,
        measurement.pk,
    )
    assert not Stale.objects.exists()


def test_facts_kept_current_write_by_write_equal_a_rebuild(world: World) -> None:
    facts_rebuild()
    children = _world_measured(world)
    wrong = _measure(world, children[1], date(2026, 2, 14), "60.0")
    wrong.delete()
    moved = children[2]
    moved.posyandu = world.posyandu_b  # type: ignore[attr-defined]
    moved.save()  # type: ignore[attr-defined]
    facts_flush()  # queues the grades job (run at once in tests)
    kept_current = _tables()
    assert not GradeStale.objects.exists()
    assert kept_current[2]  # grades of the areas measured
    facts_rebuild()
    assert _tables() == kept_current


def test_monthly_figures_agree_with_the_dashboards_recount(world: World) -> None:
    _world_measured(world)
    board = dashboard_for(user=world.tpps, region=world.kota, today=TODAY)
    (march,) = totals(area_months(user=world.tpps, months=[MARCH]), "month")
    assert march["latest"] == board.overall.measured
    assert march["stunted"] == board.overall.stunted
    assert march["wasted"] == board.overall.wasted
    assert march["weighed"] == board.measured_this_month
    assert march["naik"] == board.rose_this_month
    assert march["registered"] == board.registered


def test_a_kader_reads_only_the_figures_of_her_posyandu(world: World) -> None:
    _world_measured(world)
    ChildFactory(family=FamilyFactory(kelurahan=world.kelurahan_b), posyandu=world.posyandu_b)
    rows = area_months(user=world.outsider, months=[MARCH])
    assert set(rows.values_list("posyandu_id", flat=True)) == {world.posyandu_b.pk}


def test_a_region_rebuilt_alone_ends_as_a_rebuild_everywhere(world: World) -> None:
    _world_measured(world)
    facts_rebuild()
    Measurement.objects.filter(measured_on=TODAY).update(zlen=-5.0)  # behind the signals' back
    facts_rebuild(region=world.kota.code)
    by_region = _tables()
    assert AreaMonth.objects.filter(month=MARCH).values_list("stunted", flat=True)[0] == 4
    facts_rebuild()
    assert _tables() == by_region


def test_the_grades_job_is_queued_when_nothing_waits_or_what_waits_is_stuck(world: World) -> None:
    assert grades_mark([world.posyandu_a.pk]) is True
    assert grades_mark([world.posyandu_b.pk]) is False  # the queued job will see both
    assert set(GradeStale.objects.values_list("kabkota", flat=True)) == {"71.72"}
    GradeStale.objects.update(since=timezone.now() - STUCK_AFTER - timedelta(minutes=1))
    assert grades_mark([world.posyandu_a.pk]) is True
