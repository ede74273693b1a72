"""Dashboard figures agree with a plain recount; the map and charts render as SVG."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory, PosyanduFactory
from tumbuh.charts.choropleth import NO_DATA_COLOUR
from tumbuh.dashboard.selectors import dashboard_for
from tumbuh.dashboard.statistics import LatestRow, survey_inputs
from tumbuh.measurements.charts import Chart, Point, render
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.regions.models import Posyandu
from tumbuh.survey.quality import quality_table


def _measure_four_children(world: World) -> None:
    children = [world.child_a] + [
        ChildFactory(family=FamilyFactory(kelurahan=world.kelurahan_a), posyandu=world.posyandu_a)
        for _ in range(3)
    ]
    lengths = ["76.0", "68.0", "66.0", "77.0"]
    for child, length in zip(children, lengths, strict=True):
        for on in (date(2026, 1, 10), TODAY):
            measurement_record(
                user=world.kader,
                child=child,
                posyandu=world.posyandu_a,
                measured_on=on,
                weight_kg=Decimal("9.0"),
                lenhei_cm=Decimal(length),
                position="l",
            )


def test_prevalence_is_a_plain_recount_of_latest_measurements(world: World) -> None:
    _measure_four_children(world)
    board = dashboard_for(user=world.tpps, region=world.kota, today=TODAY)
    latest = Measurement.objects.filter(measured_on=TODAY)
    assert board.overall.measured == 4
    assert board.overall.stunted == latest.filter(zlen__lt=-2).count()
    assert board.overall.wasted == latest.filter(zwfl__lt=-2).count()
    assert board.measured_this_month == 4
    assert board.coverage_pct == 80.0  # 4 of 5 registered children weighed this month
    assert board.rose_this_month == latest.filter(gain="N").count()
    assert board.registered == 5
    by_code = {area.code: area.prevalence for area in board.areas}
    assert by_code["71.72.01"].measured == 4
    assert {area.code: area.registered for area in board.areas} == {"71.72.01": 4, "71.72.02": 1}
    kelurahan = dashboard_for(user=world.tpps, region=world.kelurahan_a, today=TODAY)
    assert [(a.name, a.registered, a.prevalence.measured) for a in kelurahan.areas] == [
        (world.posyandu_a.name, 4, 4)
    ]
    one = dashboard_for(
        user=world.tpps, region=world.kelurahan_a, today=TODAY, posyandu=world.posyandu_a
    )
    assert one.overall == board.overall
    assert [month for month, _p in board.trend] == [date(2026, 1, 1), date(2026, 3, 1)]


def test_the_kota_dashboard_maps_every_kelurahan_and_links_each(
    world: World, client: Client
) -> None:
    client.force_login(world.tpps)
    page = client.get("/dashboard/").content.decode()
    assert "Kota Bitung" in page
    assert page.count("<path") == 69
    assert NO_DATA_COLOUR in page  # kelurahan without measurements are grey, not hidden
    assert 'href="?region=71.72.01.1001"' in page


def test_the_dashboard_shows_confidence_intervals_and_the_trend_chart(
    world: World, client: Client
) -> None:
    _measure_four_children(world)
    client.force_login(world.tpps)
    page = client.get("/dashboard/").content.decode()
    assert 'class="trend"' in page
    board = dashboard_for(user=world.tpps, region=world.kota, today=TODAY)
    assert board.statistics is not None
    assert board.statistics.stunting.low is not None
    assert (
        board.statistics.stunting.low
        <= (board.overall.stunting or 0)
        <= board.statistics.stunting.high
    )


def test_a_growth_chart_has_seven_sd_lines_and_the_points() -> None:
    svg = render(
        Chart.LENGTH_HEIGHT_FOR_AGE,
        sex=1,
        points=[Point(6, 65.0), Point(7, 66.0, flagged=True)],
        title="PB/U",
        x_label="umur",
        y_label="cm",
    )
    assert svg.count("<polyline") == 8  # seven SD lines and the child's line
    assert svg.count("child-point") == 2


def test_a_posyandu_dashboard_is_scoped(world: World, client: Client) -> None:
    client.force_login(world.kader)
    assert client.get(f"/dashboard/?posyandu={world.posyandu_a.pk}").status_code == 200
    assert client.get(f"/dashboard/?posyandu={world.posyandu_b.pk}").status_code == 403
    client.force_login(world.tpps)
    page = client.get(f"/dashboard/?region={world.kelurahan_a.code}").content.decode()
    assert f"?posyandu={world.posyandu_a.pk}" in page


def _measure_children(world: World, posyandu: Posyandu, count: int) -> list[Measurement]:
    """``count`` children of ``posyandu`` measured on TODAY, of varied sizes."""
    kelurahan = posyandu.kelurahan
    measurements = []
    for i in range(count):
        child = ChildFactory(
            family=FamilyFactory(kelurahan=kelurahan), posyandu=posyandu, sex=1 + i % 2
        )
        measurements.append(
            measurement_record(
                user=world.admin,
                child=child,
                posyandu=posyandu,
                measured_on=TODAY,
                weight_kg=Decimal(f"{7.5 + (i * 37 % 40) / 10:.1f}"),
                lenhei_cm=Decimal(f"{68.0 + (i * 53 % 120) / 10:.1f}"),
                position="l",
            ).measurement
        )
    return measurements


def test_the_grade_is_the_survey_engines_on_the_latest_measurements_and_says_when(
    world: World, client: Client
) -> None:
    _measure_children(world, world.posyandu_a, 32)
    board = dashboard_for(user=world.tpps, region=world.kelurahan_a, today=TODAY)
    rows = [
        LatestRow(
            area="",
            sex=m.child.sex,
            age_days=m.age_days,
            weight=float(m.weight_kg),
            lenhei=float(m.lenhei_cm),
            position=m.position,
            oedema=m.oedema,
            z=(m.zlen, m.zwei, m.zwfl, m.zbmi),
            flags=m.flags,
        )
        for m in Measurement.objects.select_related("child")
    ]
    (everyone,) = quality_table(survey_inputs(rows)[1]).iter_rows(named=True)
    assert board.statistics is not None
    assert (board.statistics.grade, board.statistics.score, board.statistics.reasons) == (
        everyone["smart_grade"],
        everyone["smart_score"],
        everyone["smart_reasons"] or "",
    )
    assert board.areas[0].statistics == board.statistics  # the one posyandu is the kelurahan
    client.force_login(world.tpps)
    page = client.get(f"/dashboard/?region={world.kelurahan_a.code}&month=2026-03").content
    assert "Kualitas data dihitung" in page.decode()


def test_a_kader_sees_the_grade_of_her_posyandu_not_of_the_kelurahan(world: World) -> None:
    other = PosyanduFactory(kelurahan=world.kelurahan_a, puskesmas=world.posyandu_a.puskesmas)
    _measure_children(world, other, 30)
    _measure_children(world, world.posyandu_a, 2)
    kader = dashboard_for(user=world.kader, region=world.kelurahan_a, today=TODAY)
    tpps = dashboard_for(user=world.tpps, region=world.kelurahan_a, today=TODAY)
    assert tpps.statistics is not None
    assert tpps.statistics.grade is not None
    assert kader.statistics is not None
    assert kader.statistics.grade is None  # her 2 children are too few; the 32 are not hers
    assert [area.name for area in kader.areas] == [world.posyandu_a.name]
    assert kader.overall.measured == 2
