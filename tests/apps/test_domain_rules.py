"""Each domain rule has one home and every page uses it: under five, baduta, at-risk family, the
Permenkes cut-offs and the latest measurement per child."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

import tumbuh
from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.dashboard.selectors import dashboard_for
from tumbuh.growth.rules import is_baduta, is_under_five
from tumbuh.interventions.lokus_selectors import lokus_indicators
from tumbuh.interventions.selectors import targets_frame
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.selectors import latest_measurements, measurement_list
from tumbuh.measurements.worklists import worklists_for
from tumbuh.registry.models import Family, Person
from tumbuh.registry.selectors import families_at_risk

SOURCE = Path(tumbuh.__file__).parent
BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
#: Where the rules live (the WHO engine and WHO's own analyses keep WHO's numbers). The national
#: extract (Parquet, outside the database) has its own "latest per child" rule, ``LATEST_FIRST``
#: in ``national/layout.py``, which its engines and benchmark apply and partition by.
HOMES = (
    "growth/",
    "survey/",
    "registry/rules.py",
    "measurements/selectors.py",
    "national/",
    "measurements/national_export.py",
    "national_bench.py",
)
#: Literals that must not be written again outside their home.
FORBIDDEN = {
    "an under-five or baduta limit in days": re.compile(r"\b(1826|1827|1856|730|731)\b"),
    "a z-score cut-off compared by hand": re.compile(
        r"\bz\w*(\[[^\]]*\])?\s*[<>]=?\s*[-+]?[23](\.0+)?\b"
        r"|\bz\w*__(lt|gt|lte|gte)\s*=\s*[-+]?[23](\.0+)?\b"
        r"|is_between\(\s*-[23]"
        r"|^\s*[A-Z_]*(CUT|STUNT|WAST|WEIGHT|OBES|SEVERE|MODERATE)[A-Z_]*\s*(:\s*\w+)?\s*=\s*"
        r"[-+]?[23]\.0\s*$"
    ),
    "the at-risk home condition": re.compile(
        r"\b(no_clean_water|no_latrine|smoker_in_house)\s*=\s*True"
    ),
    "a latest-measurement query of its own": re.compile(r"\bRowNumber\b|partition_by"),
}


def _code_lines(path: Path) -> list[tuple[int, str]]:
    lines = path.read_text().splitlines()
    return [(n, line.split("#")[0]) for n, line in enumerate(lines, 1) if line.strip()]


def _sources() -> list[Path]:
    files = [*SOURCE.rglob("*.py"), *BENCHMARKS.glob("*.py")]
    return [
        path
        for path in files
        if "migrations" not in path.parts
        and not any(
            str(path.relative_to(SOURCE if SOURCE in path.parents else BENCHMARKS)).startswith(home)
            for home in HOMES
        )
    ]


def test_no_rule_is_written_again_outside_its_home() -> None:
    found = [
        f"{path}:{n}: {what}: {line.strip()}"
        for path in _sources()
        for n, line in _code_lines(path)
        for what, pattern in FORBIDDEN.items()
        if pattern.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("UNDER_FIVE_DAYS = 1856", "an under-five or baduta limit in days"),
        ("    earliest = on - timedelta(days=1826)", "an under-five or baduta limit in days"),
        ("        stunted += zlen < -2", "a z-score cut-off compared by hand"),
        ("    s=Count('pk', filter=Q(zlen__lt=-2.0)),", "a z-score cut-off compared by hand"),
        ("CUT = -2.0", "a z-score cut-off compared by hand"),
        ("    overweight=int(np.sum(z[:, 1] > 2)),", "a z-score cut-off compared by hand"),
        ("    risk = Q(no_clean_water=True) | Q(no_latrine=True)", "the at-risk home condition"),
        (
            "    newest=Window(RowNumber(), partition_by=[F('child_id')])",
            "a latest-measurement query of its own",
        ),
    ],
)
def test_the_search_finds_the_old_ways_of_writing_a_rule(line: str, what: str) -> None:
    assert FORBIDDEN[what].search(line)


def test_the_search_leaves_ordinary_numbers_alone() -> None:
    for line in ("if len(pair) < 2:", "    hb_g_dl__gte=3,", "SD_LINES = (-3, -2, -1, 0, 1, 2, 3)"):
        assert not any(pattern.search(line) for pattern in FORBIDDEN.values())


@pytest.mark.parametrize(
    ("age_days", "under_five"), [(0, True), (1826, True), (1827, False), (1840, False)]
)
def test_under_five_ends_at_60_months_of_days(
    world: World, age_days: int, under_five: bool
) -> None:
    child = ChildFactory(family=world.child_a.family, birth_date=TODAY - timedelta(days=age_days))
    assert (child in Person.objects.under_five(on=TODAY)) is under_five
    assert is_under_five(age_days) is under_five


def test_a_child_born_after_the_day_is_not_yet_under_five(world: World) -> None:
    child = ChildFactory(family=world.child_a.family, birth_date=TODAY + timedelta(days=1))
    assert child not in Person.objects.under_five(on=TODAY)
    assert child not in Person.objects.baduta(on=TODAY)


@pytest.mark.parametrize(("age_days", "baduta"), [(0, True), (730, True), (731, False)])
def test_baduta_ends_at_24_months_of_days(world: World, age_days: int, baduta: bool) -> None:
    child = ChildFactory(family=world.child_a.family, birth_date=TODAY - timedelta(days=age_days))
    assert (child in Person.objects.baduta(on=TODAY)) is baduta
    assert is_baduta(age_days) is baduta


@pytest.mark.parametrize(("age_days", "counted"), [(1826, True), (1840, False)])
def test_dashboard_work_lists_and_scorecard_agree_on_who_is_under_five(
    world: World, age_days: int, counted: bool
) -> None:
    month_end = date(2026, 3, 31)  # the day a past month's dashboard figures are taken on
    child = ChildFactory(
        family=world.child_a.family,
        posyandu=world.posyandu_a,
        birth_date=month_end - timedelta(days=age_days),
    )
    dashboard = dashboard_for(user=world.tpps, region=world.kota, today=month_end)
    due = [status.child for status in worklists_for(user=world.kader, today=month_end).due]
    targets = targets_frame(user=world.tpps, region=world.kota, today=month_end)
    on_scorecard = f"p{child.pk}" in targets["target_id"].to_list()
    assert [dashboard.registered == 3, child in due, on_scorecard] == [counted] * 3


def _measure(child: Person, on: date, zlen: float | None, posyandu_id: int) -> Measurement:
    return Measurement.objects.create(
        child=child,
        posyandu_id=posyandu_id,
        measured_on=on,
        age_days=(on - child.birth_date).days,
        zlen=zlen,
    )


def test_exactly_minus_two_is_not_stunted_and_just_below_is_everywhere(world: World) -> None:
    other = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a)
    _measure(world.child_a, TODAY, -2.0, world.posyandu_a.pk)
    _measure(other, TODAY, -2.01, world.posyandu_a.pk)
    dashboard = dashboard_for(user=world.tpps, region=world.kota, today=TODAY)
    lokus = lokus_indicators(user=world.tpps, region=world.kota, today=TODAY)
    row = lokus.filter(lokus["kelurahan"] == world.kelurahan_a.code).row(0, named=True)
    assert dashboard.overall.stunted == 1
    assert dashboard.by_kelurahan[world.kelurahan_a.code] == 50.0
    assert (row["stunted_children"], row["stunting_prevalence"]) == (1, 50.0)


def test_the_latest_measurement_is_the_newest_of_the_last_year_up_to_the_day(
    world: World,
) -> None:
    _measure(world.child_a, TODAY - timedelta(days=400), -3.0, world.posyandu_a.pk)
    older = _measure(world.child_a, TODAY - timedelta(days=40), -1.0, world.posyandu_a.pk)
    newer = _measure(world.child_a, TODAY - timedelta(days=10), -2.5, world.posyandu_a.pk)
    _measure(world.child_a, TODAY + timedelta(days=1), 0.0, world.posyandu_a.pk)
    only_old = ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a)
    _measure(only_old, TODAY - timedelta(days=366), -3.0, world.posyandu_a.pk)

    def latest(on: date, since: date | None) -> list[Measurement]:
        return list(
            latest_measurements(measurements=measurement_list(user=world.tpps), on=on, since=since)
        )

    assert latest(TODAY, TODAY - timedelta(days=365)) == [newer]
    assert latest(TODAY - timedelta(days=20), TODAY - timedelta(days=60)) == [older]
    assert len(latest(TODAY, None)) == 2  # and the child measured only long ago


def test_the_latest_measurement_at_the_areas_posyandu_only(world: World) -> None:
    at_a = _measure(world.child_a, TODAY - timedelta(days=20), -1.0, world.posyandu_a.pk)
    _measure(world.child_a, TODAY - timedelta(days=5), -1.0, world.posyandu_b.pk)
    chosen = latest_measurements(
        measurements=measurement_list(user=world.tpps).filter(posyandu=world.posyandu_a),
        on=TODAY,
        since=None,
        posyandu=type(world.posyandu_a).objects.filter(pk=world.posyandu_a.pk),
    )
    assert list(chosen) == [at_a]


def _mother(world: World, *, age_years: int, births: list[int]) -> Family:
    """A family whose mother is ``age_years`` old with children born ``births`` days ago."""
    family = FamilyFactory(kelurahan=world.kelurahan_a)
    mother = ChildFactory(
        family=family, sex=2, birth_date=TODAY - timedelta(days=int(age_years * 365.25) + 10)
    )
    for days in births:
        ChildFactory(family=family, mother=mother, birth_date=TODAY - timedelta(days=days))
    return family


def test_an_at_risk_family_has_a_risk_at_home_or_a_4t_mother(world: World) -> None:
    smoker = FamilyFactory(kelurahan=world.kelurahan_a, smoker_in_house=True)
    no_water = FamilyFactory(kelurahan=world.kelurahan_a, no_clean_water=True)
    no_latrine = FamilyFactory(kelurahan=world.kelurahan_a, no_latrine=True)
    young = _mother(world, age_years=19, births=[100])
    old = _mother(world, age_years=36, births=[100])
    close = _mother(world, age_years=27, births=[100, 100 + 729])
    many = _mother(world, age_years=30, births=[100, 1000, 2000, 3000])
    spaced = _mother(world, age_years=27, births=[100, 100 + 730])
    grandmother = _mother(world, age_years=50, births=[9000])  # no child under five
    at_risk = set(Family.objects.at_risk(on=TODAY))
    assert {smoker, no_water, no_latrine, young, old, close, many} <= at_risk
    assert not {spaced, grandmother, world.child_a.family} & at_risk


def test_tpk_list_lokus_and_scorecard_agree_on_the_at_risk_families(world: World) -> None:
    world.child_a.family.smoker_in_house = True
    world.child_a.family.save()
    four_t = _mother(world, age_years=19, births=[100])
    safe = _mother(world, age_years=27, births=[200])
    for family in (four_t, safe):
        family.members.filter(mother__isnull=False).update(posyandu=world.posyandu_a)
    expected = {world.child_a.family.pk, four_t.pk}
    listed = {f.pk for f in families_at_risk(user=world.tpps, on=TODAY)}
    lokus = lokus_indicators(user=world.tpps, region=world.kota, today=TODAY)
    row = lokus.filter(lokus["kelurahan"] == world.kelurahan_a.code).row(0, named=True)
    targets = targets_frame(user=world.tpps, region=world.kota, today=TODAY)
    flagged = targets.filter((pl.col("unit") == "family") & pl.col("at_risk"))
    assert listed == expected
    assert row["at_risk_families"] == len(expected)
    assert {int(t[1:]) for t in flagged["target_id"].to_list()} == expected
