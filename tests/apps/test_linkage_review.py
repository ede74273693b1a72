"""Merging duplicate children: everything moves, nothing is lost, and undo restores it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.apps.conftest import TODAY, World
from tests.apps.factories import ChildFactory
from tumbuh.imports.linkage_services import children_link, person_merge, person_merge_undo
from tumbuh.imports.models import LinkCandidate, PersonMerge
from tumbuh.measurements.models import Measurement
from tumbuh.measurements.services import measurement_record
from tumbuh.registry.models import Person
from tumbuh.registry.selectors import person_list


def _twins_of_one_child(world: World) -> tuple[Person, Person]:
    first = world.child_a
    second = ChildFactory(
        family=first.family,
        posyandu=world.posyandu_a,
        name=first.name + "h",
        birth_date=first.birth_date,
        sex=first.sex,
    )
    last_month = TODAY.replace(day=1) - timedelta(days=1)
    for child, on in ((first, last_month), (second, TODAY)):
        measurement_record(
            user=world.kader,
            child=child,
            posyandu=world.posyandu_a,
            measured_on=on,
            weight_kg=Decimal("9.0"),
            lenhei_cm=Decimal("75.0"),
            position="l",
        )
    return first, second


def test_a_merge_moves_the_measurements_and_hides_the_duplicate_and_undo_restores(
    world: World,
) -> None:
    first, second = _twins_of_one_child(world)
    merge = person_merge(user=world.puskesmas, survivor=first, merged=second)
    assert Measurement.objects.filter(child=first).count() == 2
    assert second not in person_list(user=world.puskesmas)
    person_merge_undo(user=world.puskesmas, merge=merge)
    assert Measurement.objects.filter(child=first).count() == 1
    assert Measurement.objects.filter(child=second).count() == 1
    assert second in person_list(user=world.puskesmas)


def test_a_same_day_measurement_stays_with_its_record(world: World) -> None:
    first, second = _twins_of_one_child(world)
    measurement_record(
        user=world.kader,
        child=first,
        posyandu=world.posyandu_a,
        measured_on=TODAY,
        weight_kg=Decimal("9.1"),
        lenhei_cm=Decimal("75.2"),
        position="l",
    )
    merge = person_merge(user=world.puskesmas, survivor=first, merged=second)
    assert merge.moved["measurement"] == []
    assert Measurement.objects.filter(child=second).count() == 1  # kept on file, not lost


def test_a_kader_may_not_merge(world: World) -> None:
    first, second = _twins_of_one_child(world)
    with pytest.raises(PermissionDenied):
        person_merge(user=world.kader, survivor=first, merged=second)


def test_linking_a_small_area_uses_exact_nik_only_and_says_so(world: World) -> None:
    summary = children_link(user=world.tpps, region=world.kota)
    assert summary.probabilistic is False
    assert summary.merged == 0


def test_the_review_page_decides_pairs_and_undoes_merges(world: World, client: Client) -> None:
    first, second = _twins_of_one_child(world)
    candidate = LinkCandidate.objects.create(left=first, right=second, match_probability=0.8)
    client.force_login(world.puskesmas)
    assert first.name in client.get("/imports/duplicates/").content.decode()
    client.post("/imports/duplicates/", {"action": "same", "pk": candidate.pk})
    merge = PersonMerge.objects.get()
    assert (merge.survivor, merge.merged) == (first, second)
    client.post("/imports/duplicates/", {"action": "undo", "pk": merge.pk})
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_an_outsider_cannot_decide_a_pair_they_cannot_see(world: World, client: Client) -> None:
    first, second = _twins_of_one_child(world)
    candidate = LinkCandidate.objects.create(left=first, right=second, match_probability=0.8)
    client.force_login(world.outsider)
    assert (
        client.post("/imports/duplicates/", {"action": "same", "pk": candidate.pk}).status_code
        == 403
    )


def test_a_merge_recomputes_gain_status_along_the_joined_visits(world: World) -> None:
    first, second = _twins_of_one_child(world)
    moved = Measurement.objects.get(child=second)
    assert moved.gain == "B"
    merge = person_merge(user=world.puskesmas, survivor=first, merged=second)
    moved.refresh_from_db()
    assert moved.gain == "T"  # 9.0 kg this month after 9.0 kg last month: below the KBM
    person_merge_undo(user=world.puskesmas, merge=merge)
    moved.refresh_from_db()
    assert moved.gain == "B"
