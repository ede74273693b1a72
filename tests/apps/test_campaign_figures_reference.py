"""The campaign figures read in columns (one query per period, numpy) are the figures of the plain
reading they replaced: every measurement of the period as a model, the last one per child kept,
counted and estimated row by row. Kept as the reference, on a world with the awkward cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from tests.apps.campaign_world import AUGUST, FEBRUARY, measured_children
from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.scope import subtree
from tumbuh.campaigns.figures import (
    POSYANDU,
    Change,
    Figures,
    campaign_figures,
    paired_change,
)
from tumbuh.campaigns.statistics import (
    EVERYONE,
    KECAMATAN,
    KELURAHAN,
    NO_ESTIMATES,
    campaign_estimates,
)
from tumbuh.dashboard.statistics import LatestRow, latest_columns
from tumbuh.growth.categories import STUNTED_BELOW, UNDERWEIGHT_BELOW, WASTED_BELOW
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.regions.models import Posyandu, Region
from tumbuh.registry.models import PersonQuerySet
from tumbuh.registry.selectors import person_list
from tumbuh.reporting.figures import _short_counts


def _latest_models(
    people: PersonQuerySet, region: Region, start: date, end: date
) -> tuple[dict[int, tuple[int, str, int]], dict[int, Measurement]]:
    """The reference reading: the registered children (posyandu, kelurahan, sex) and each one's
    last measurement of the period, from model instances in date order."""
    kelurahan_of = dict(
        Posyandu.objects.filter(subtree("kelurahan__code", region.code)).values_list(
            "pk", "kelurahan_id"
        )
    )
    children = people.under_five(on=start).filter(posyandu_id__in=list(kelurahan_of))
    where = {
        pk: (posyandu, kelurahan_of[posyandu], sex)
        for pk, posyandu, sex in children.values_list("pk", "posyandu_id", "sex")
    }
    latest: dict[int, Measurement] = {}
    for m in Measurement.objects.filter(
        child_id__in=list(where), measured_on__gte=start, measured_on__lte=end
    ).order_by("measured_on"):
        latest[m.child_id] = m
    return where, latest


def _row(m: Measurement, kelurahan: str, sex: int) -> LatestRow:
    return LatestRow(
        area=kelurahan,
        sex=sex,
        age_days=m.age_days,
        weight=None if m.weight_kg is None else float(m.weight_kg),
        lenhei=None if m.lenhei_cm is None else float(m.lenhei_cm),
        position=m.position,
        oedema=m.oedema,
        z=(m.zlen, m.zwei, m.zwfl, m.zbmi),
        flags=m.flags,
    )


def _kept(m: Measurement, name: str) -> float | None:
    value: float | None = getattr(m, name)
    return None if name in m.flags.split() else value


def _percents(measurements: list[Measurement]) -> tuple[float | None, ...]:
    result = []
    for name, cut in (("zlen", STUNTED_BELOW), ("zwfl", WASTED_BELOW), ("zwei", UNDERWEIGHT_BELOW)):
        values = [v for m in measurements if (v := _kept(m, name)) is not None]
        below = sum(1 for v in values if v < cut)
        result.append(round(100.0 * below / len(values), 1) if values else None)
    return tuple(result)


def _assert_same_as_reference(
    user: User, region: Region, *, before: tuple[date, date] = FEBRUARY
) -> Figures:
    people = person_list(user=user)
    figures = campaign_figures(
        people=people, region=region, start=AUGUST[0], end=AUGUST[1], language="id"
    )
    where, latest = _latest_models(people, region, *AUGUST)
    # counts
    expected: dict[tuple[str, str], list[int]] = {}
    for child, (posyandu, kelurahan, _sex) in where.items():
        for key in (
            (EVERYONE, EVERYONE),
            (KECAMATAN, kelurahan[:8]),
            (KELURAHAN, kelurahan),
            (POSYANDU, str(posyandu)),
        ):
            entry = expected.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += child in latest
    areas = [
        (EVERYONE, figures.total),
        *((KECAMATAN, a) for a in figures.kecamatan),
        *((KELURAHAN, a) for a in figures.kelurahan),
        *((POSYANDU, a) for a in figures.posyandu),
    ]
    for grouping, area in areas:
        assert [area.sasaran, area.diukur] == expected.get((grouping, area.key), [0, 0])
    # estimates: the same engine on the rows read one by one
    rows = [_row(m, where[c][1], where[c][2]) for c, m in latest.items()]
    estimates = campaign_estimates(latest_columns(rows), language="id")
    for grouping, area in areas:
        assert area.estimates == estimates.get((grouping, area.key), NO_ESTIMATES)
    # the change since February: the same children, by their kelurahan now
    _where, then = _latest_models(people, region, *before)
    paired = [c for c in then if c in latest]
    groups: dict[str, list[int]] = {EVERYONE: paired}
    for c in paired:
        groups.setdefault(where[c][1], []).append(c)
    names = {EVERYONE: region.name} | {a.key: a.name for a in figures.kelurahan}
    assert paired_change(figures=figures, before=before) == [
        Change(
            key,
            names[key],
            len(groups.get(key, [])),
            _percents([then[c] for c in groups.get(key, [])]),  # type: ignore[arg-type]
            _percents([latest[c] for c in groups.get(key, [])]),  # type: ignore[arg-type]
        )
        for key in [EVERYONE, *(a.key for a in figures.kelurahan)]
    ]
    return figures


def _record(world: World, child: object, posyandu: Posyandu, on: date, length: str) -> None:
    measurement_record(
        user=world.admin,
        child=child,  # type: ignore[arg-type]
        posyandu=posyandu,
        measured_on=on,
        weight_kg=Decimal("11.2"),
        lenhei_cm=None if length == "" else Decimal(length),
        position="h",
    )


@pytest.fixture
def awkward(world: World) -> World:
    """Children measured twice in August (the later one counts), flagged and missing z-scores,
    one measured at another posyandu than its own, one born after the first day, one measured
    in February only, one in August only, and kelurahan B's children."""
    a = measured_children(world, posyandu=world.posyandu_a, count=14, seed=11)
    measured_children(world, posyandu=world.posyandu_b, count=9, seed=12)
    measured_children(world, posyandu=world.posyandu_a, count=3, seed=13, days=(date(2026, 8, 12),))
    measured_children(world, posyandu=world.posyandu_b, count=2, seed=14, days=(date(2026, 2, 3),))
    late = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_a),
        posyandu=world.posyandu_a,
        birth_date=AUGUST[0] + timedelta(days=3),
    )
    _record(world, late, world.posyandu_a, date(2026, 8, 25), "50.0")
    elsewhere = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_b),
        posyandu=world.posyandu_b,
        birth_date=date(2024, 1, 5),
    )
    _record(world, elsewhere, world.posyandu_a, date(2026, 8, 9), "80.0")
    _record(world, elsewhere, world.posyandu_b, date(2026, 2, 9), "76.0")
    no_length = ChildFactory(
        family=FamilyFactory(kelurahan=world.kelurahan_a),
        posyandu=world.posyandu_a,
        birth_date=date(2023, 6, 1),
    )
    _record(world, no_length, world.posyandu_a, date(2026, 8, 14), "")
    flagged = Measurement.objects.filter(child__in=a[:3], measured_on=date(2026, 8, 20))
    flagged.update(flags="zlen zwfl")
    Measurement.objects.filter(child=a[3], measured_on=date(2026, 2, 10)).update(flags="zwei")
    return world


def test_the_figures_of_a_kota_are_those_of_the_row_by_row_reading(awkward: World) -> None:
    figures = _assert_same_as_reference(awkward.tpps, awkward.kota)
    assert figures.total.diukur > 0
    assert figures.total.estimates.stunting.n > 0


def test_a_kaders_figures_are_those_of_the_row_by_row_reading(awkward: World) -> None:
    figures = _assert_same_as_reference(awkward.kader, awkward.kota)
    assert figures.total.sasaran < person_list(user=awkward.tpps).count()


def test_a_kelurahans_figures_are_those_of_the_row_by_row_reading(awkward: World) -> None:
    _assert_same_as_reference(awkward.tpps, awkward.kelurahan_b)


def test_a_period_nobody_was_measured_in_has_counts_and_no_estimates(awkward: World) -> None:
    figures = campaign_figures(
        people=person_list(user=awkward.tpps),
        region=awkward.kota,
        start=date(2026, 5, 1),
        end=date(2026, 5, 31),
        language="id",
    )
    assert figures.total.sasaran > 0
    assert figures.total.diukur == 0
    assert figures.total.estimates.stunting.percent is None
    assert paired_change(figures=figures, before=FEBRUARY)[0].paired == 0


def test_the_page_without_kecamatan_estimates_keeps_every_other_figure(awkward: World) -> None:
    people = person_list(user=awkward.tpps)
    every = campaign_figures(
        people=people, region=awkward.kota, start=AUGUST[0], end=AUGUST[1], language="id"
    )
    page = campaign_figures(
        people=people,
        region=awkward.kota,
        start=AUGUST[0],
        end=AUGUST[1],
        language="id",
        kecamatan=False,
    )
    assert (page.total, page.kelurahan, page.posyandu) == (
        every.total,
        every.kelurahan,
        every.posyandu,
    )
    assert all(a.estimates.stunting.n == 0 for a in page.kecamatan)
    assert [(a.sasaran, a.diukur) for a in page.kecamatan] == [
        (a.sasaran, a.diukur) for a in every.kecamatan
    ]


def test_the_short_children_per_kelurahan_count_each_latest_length_unflagged(
    awkward: World,
) -> None:
    people = person_list(user=awkward.tpps)
    figures = campaign_figures(
        people=people, region=awkward.kota, start=AUGUST[0], end=AUGUST[1], language="id"
    )
    where, latest = _latest_models(people, awkward.kota, *AUGUST)
    shorts = _short_counts(figures)
    for kelurahan in (awkward.kelurahan_a.code, awkward.kelurahan_b.code):
        values = [
            v
            for c, m in latest.items()
            if where[c][1] == kelurahan and (v := _kept(m, "zlen")) is not None
        ]
        assert sum(shorts[kelurahan].values()) == sum(1 for v in values if v < STUNTED_BELOW)
