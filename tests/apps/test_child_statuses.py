"""The children's statuses a user may read are exactly the people the user may see."""

from __future__ import annotations

import pytest

from tests.apps.conftest import World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.facts.statuses import child_status_list
from tumbuh.registry.selectors import person_list

PERSONAS = ("kader", "puskesmas", "tpps", "admin", "outsider", "outsider_tpk")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_user_reads_the_status_of_exactly_the_children_they_may_see(
    world: World, persona: str
) -> None:
    family_b = FamilyFactory(kelurahan=world.kelurahan_b)
    ChildFactory(family=family_b, posyandu=world.posyandu_a)  # lives in B, weighed at A
    ChildFactory(family=world.child_a.family, posyandu=None)  # at no posyandu
    ChildFactory(family=world.child_a.family, posyandu=world.posyandu_a, merged_into=world.child_a)
    user = getattr(world, persona)
    seen = set(person_list(user=user).values_list("pk", flat=True))
    assert set(child_status_list(user=user).values_list("child_id", flat=True)) == seen


def test_an_outsider_reads_no_status_of_posyandu_a(world: World) -> None:
    statuses = child_status_list(user=world.outsider)
    assert not statuses.filter(child=world.child_a).exists()
    assert list(statuses.values_list("child_id", flat=True)) == [world.child_b.pk]
