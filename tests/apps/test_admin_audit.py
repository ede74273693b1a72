"""The master-data admin shows full NIKs: opening a person or a family there is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.apps.conftest import World
from tumbuh.accounts.models import Action, AuditEvent


@pytest.mark.parametrize("model", ["person", "family"])
def test_opening_a_record_in_the_admin_is_audited_as_a_view(
    world: World, client: Client, model: str
) -> None:
    record = world.child_a if model == "person" else world.child_a.family
    client.force_login(world.admin)
    assert client.get(f"/admin/registry/{model}/{record.pk}/change/").status_code == 200
    assert (
        AuditEvent.objects.filter(
            user=world.admin, action=Action.VIEW, object_type=model, object_id=str(record.pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize("model", ["person", "family"])
def test_a_list_of_them_is_audited_as_a_list(world: World, client: Client, model: str) -> None:
    client.force_login(world.admin)
    assert client.get(f"/admin/registry/{model}/").status_code == 200
    assert AuditEvent.objects.filter(
        user=world.admin, action=Action.VIEW_LIST, object_type=model
    ).exists()


def test_a_refused_visitor_leaves_no_view_event(world: World, client: Client) -> None:
    client.force_login(world.kader)
    client.get(f"/admin/registry/person/{world.child_a.pk}/change/")
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()
