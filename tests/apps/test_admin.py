"""The master-data admin: administrators only, changes audited, people kept on file."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.apps.conftest import World
from tumbuh.accounts.models import AuditEvent


def test_an_administrator_renames_a_posyandu_and_the_change_is_audited(
    world: World, client: Client
) -> None:
    client.force_login(world.admin)
    url = f"/admin/regions/posyandu/{world.posyandu_a.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "name": "Posyandu Melati Baru",
            "kelurahan": world.posyandu_a.kelurahan_id,
            "puskesmas": world.posyandu_a.puskesmas_id,
        },
    )
    assert response.status_code == 302
    world.posyandu_a.refresh_from_db()
    assert world.posyandu_a.name == "Posyandu Melati Baru"
    assert AuditEvent.objects.filter(
        user=world.admin,
        action="update",
        object_type="posyandu",
        object_id=str(world.posyandu_a.pk),
    ).exists()


@pytest.mark.parametrize("persona", ["kader", "puskesmas", "tpps", "outsider"])
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/registry/person/", "/admin/accounts/auditevent/"]
)
def test_everyone_but_an_administrator_is_refused(
    world: World, client: Client, persona: str, path: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(path)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]


def test_people_cannot_be_deleted_and_their_nik_is_read_only_here(
    world: World, client: Client
) -> None:
    client.force_login(world.admin)
    change = client.get(f"/admin/registry/person/{world.child_a.pk}/change/").content.decode()
    assert 'name="nik"' not in change
    delete = client.get(f"/admin/registry/person/{world.child_a.pk}/delete/")
    assert delete.status_code == 403
