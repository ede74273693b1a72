"""The scorecard's figures kept in the facts: equal to the scorecard, forgotten by the writes
that change them, and the user's own scorecard for a facility that sees part of an area."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.apps.conftest import PASSWORD, TODAY, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.facts.models import Coverage, CoverageDay
from tumbuh.facts.services import facts_rebuild
from tumbuh.interventions.coverage import (
    PAST_COVERAGE_KEPT,
    coverage_for,
    coverage_task,
    reads_facts,
)
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.interventions.services import delivery_record
from tumbuh.interventions.tables import by_kelurahan, by_kelurahan_and_office, by_office
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Family


def _dinsos(world: World) -> User:
    return user_create(
        username="dinsos", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinsos"
    )


def _poor_family(world: World) -> Family:
    family = FamilyFactory(kelurahan=world.kelurahan_a, welfare_decile=2, no_latrine=True)
    ChildFactory(family=family, posyandu=world.posyandu_a)
    return family


def _same_figures(world: World) -> None:
    stored = coverage_for(user=world.tpps, region=world.kota, today=TODAY)
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY)
    assert by_kelurahan(stored, world.kota).equals(by_kelurahan(card, world.kota))
    assert by_office(stored) == by_office(card)
    assert stored.by_intervention().equals(card.by_intervention())
    assert by_kelurahan_and_office(stored, world.kota).equals(
        by_kelurahan_and_office(card, world.kota)
    )


def test_the_stored_figures_are_the_scorecards_after_each_write(world: World) -> None:
    family = _poor_family(world)
    _same_figures(world)
    assert CoverageDay.objects.filter(day=TODAY).count() == 2  # both kelurahan, once each
    delivery_record(user=_dinsos(world), intervention="pkh", family=family, delivered_on=TODAY)
    _same_figures(world)
    measurement_record(
        user=world.kader,
        child=world.child_a,
        posyandu=world.posyandu_a,
        measured_on=TODAY - timedelta(days=2),
        weight_kg=Decimal("8.6"),
        lenhei_cm=Decimal("71.0"),
    )
    _same_figures(world)
    family.welfare_decile = 9
    family.save()
    _same_figures(world)


def test_a_delivery_forgets_only_its_kelurahan(world: World) -> None:
    family = _poor_family(world)
    coverage_for(user=world.tpps, region=world.kota, today=TODAY)
    delivery_record(user=_dinsos(world), intervention="pkh", family=family, delivered_on=TODAY)
    kept = set(CoverageDay.objects.values_list("kelurahan_code", flat=True))
    assert kept == {world.kelurahan_b.code}


def test_an_import_forgets_every_figure(world: World) -> None:
    coverage_for(user=world.tpps, region=world.kota, today=TODAY)
    assert Coverage.objects.exists()
    facts_rebuild()
    assert not Coverage.objects.exists()
    assert not CoverageDay.objects.exists()


def test_an_office_reads_its_own_interventions(world: World) -> None:
    _poor_family(world)
    stored = coverage_for(user=world.tpps, region=world.kota, today=TODAY, office="dinsos")
    card = scorecard_for(user=world.tpps, region=world.kota, today=TODAY, office="dinsos")
    assert stored.due == card.expected.height > 0
    assert stored.received == int(card.expected["received"].sum())
    assert set(stored.by_intervention()["intervention"]) == {"pkh", "bpnt", "pbi_jkn"}


def test_a_facility_reads_its_own_scorecard_not_the_areas(world: World) -> None:
    _poor_family(world)
    assert reads_facts(world.tpps, world.kota)
    assert not reads_facts(world.puskesmas, world.kota)
    mine = coverage_for(user=world.puskesmas, region=world.kota, today=TODAY)
    card = scorecard_for(user=world.puskesmas, region=world.kota, today=TODAY)
    assert by_office(mine) == by_office(card)
    assert not CoverageDay.objects.exists()


def test_figures_kept_too_long_are_computed_again(world: World) -> None:
    family = _poor_family(world)
    _same_figures(world)
    Family.objects.filter(pk=family.pk).update(welfare_decile=9)  # no signal: a bulk write
    stale = timezone.now() - PAST_COVERAGE_KEPT - timedelta(minutes=1)
    CoverageDay.objects.update(computed_at=stale)
    _same_figures(world)
    assert not CoverageDay.objects.filter(computed_at__lte=stale).exists()


def test_the_trend_of_past_months_is_prepared_by_a_worker(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _poor_family(world)
    client = Client()
    client.force_login(world.tpps)
    page = client.get("/offices/dinsos/?region=71.72")
    past = page.context["trend"][:-1]
    assert [point.pending for point in page.context["trend"]] == [True] * len(past) + [False]
    assert "sedang disiapkan" in page.content.decode()
    client.get("/offices/dinsos/?region=71.72")  # viewed again before the worker is done
    asked = DBTaskResult.objects.filter(task_path__endswith="coverage_task")
    assert asked.count() == len(past)  # each month asked for once
    for point in past:  # what the worker does
        coverage_task.call("71.72", point.on.isoformat())
    page = client.get("/offices/dinsos/?region=71.72")
    assert "sedang disiapkan" not in page.content.decode()
    for point in page.context["trend"]:
        card = scorecard_for(user=world.tpps, region=world.kota, today=point.on, office="dinsos")
        assert (point.due, point.pending) == (card.expected.height, False)
