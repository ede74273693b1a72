"""Partners (CSR): their commitments and deliveries credited per kelurahan, shown on the
scorecard ("Kontribusi mitra") and on the partners page; a partner's account sees its own."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import FamilyFactory
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.partners.models import Commitment, Contribution, Partner
from tumbuh.partners.selectors import partner_contributions


def _partners(world: World) -> tuple[Partner, Partner]:
    pertamina = Partner.objects.create(name="PT Pertamina", kind="perusahaan", region=world.kota)
    baas = Partner.objects.create(
        name="Bapak Asuh Anak Stunting", kind="pemerintah", region=world.kota
    )
    Commitment.objects.create(
        partner=pertamina,
        kind="kelurahan",
        description="Kelurahan binaan",
        amount_rp=300_000_000,
        year=2026,
        kelurahan=world.kelurahan_a,
    )
    Contribution.objects.create(
        partner=pertamina,
        delivered_on=date(2026, 2, 1),
        what="PMT lokal",
        value_rp=100_000_000,
        kelurahan=world.kelurahan_a,
    )
    homes = [FamilyFactory(kelurahan=world.kelurahan_a) for _ in range(3)]
    homes.append(FamilyFactory(kelurahan=world.kelurahan_b))
    adopted = Commitment.objects.create(
        partner=baas, kind="keluarga", description="Asuh BAAS 2026", amount_rp=4_000_000, year=2026
    )
    adopted.families.set(homes)
    given = Contribution.objects.create(
        partner=baas, delivered_on=date(2026, 2, 10), what="Paket gizi", value_rp=2_000_000
    )
    given.families.set(homes[:2])
    return pertamina, baas


def test_contributions_are_credited_to_their_kelurahan_or_shared_by_families(
    world: World,
) -> None:
    _partners(world)

    rows = {row["kelurahan"]: row for row in partner_contributions(world.kota)}

    a, b = rows[world.kelurahan_a.code], rows[world.kelurahan_b.code]
    assert a["partners"] == "Bapak Asuh Anak Stunting, PT Pertamina"
    assert a["commitments"] == 2
    assert a["committed_rp"] == 300_000_000 + 3_000_000  # 3 of the 4 families adopted live in A
    assert b["committed_rp"] == 1_000_000
    assert a["delivered_rp"] == 100_000_000 + 2_000_000  # both families reached live in A
    assert (a["families_adopted"], a["families_reached"]) == (3, 2)
    assert (b["families_adopted"], b["families_reached"], b["deliveries"]) == (1, 0, 0)
    assert partner_contributions(world.kelurahan_b) == [rows[world.kelurahan_b.code]]


def test_the_scorecard_credits_the_partners_in_kontribusi_mitra(world: World) -> None:
    _partners(world)
    client = Client()
    client.force_login(world.tpps)

    html = client.get(f"/convergence/?region={world.kota.code}").content.decode()

    assert "Kontribusi mitra" in html
    section = html[html.index("Kontribusi mitra") :]
    assert "PT Pertamina" in section
    assert "102.000.000" in section  # delivered in kelurahan A, Indonesian thousands


def test_a_partner_account_sees_its_own_commitments_and_no_one_elses(world: World) -> None:
    pertamina, _baas = _partners(world)
    mitra = user_create(username="mitra", password=PASSWORD, role=Role.PARTNER, region=world.kota)
    pertamina.accounts.add(mitra)
    client = Client()
    client.force_login(mitra)

    html = client.get("/partners/").content.decode()

    assert f'id="partner-{pertamina.pk}"' in html
    assert "Asuh BAAS 2026" not in html  # the other partner's commitment
    assert "Kepala" not in html  # no family's head named anywhere


def test_an_outsider_is_refused_the_partners_of_another_area(world: World) -> None:
    _partners(world)
    lurah_b = user_create(
        username="lurah_b", password=PASSWORD, role=Role.LURAH, region=world.kelurahan_b
    )
    client = Client()
    client.force_login(lurah_b)
    assert client.get(f"/partners/?region={world.kelurahan_a.code}").status_code == 403
