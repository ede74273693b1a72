"""The demo city's casework and partners: the ``pkh`` account works through its 1000-HPK KPM
families, ``tksk`` sees its kecamatan, the TKPK sits by decree, partners show on the scorecard."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tumbuh.casework.models import KpmAssignment, P2k2Session, Referral
from tumbuh.casework.selectors import kpm_cards
from tumbuh.partners.models import Partner
from tumbuh.regions.models import Region
from tumbuh.teams.models import Position, Team
from tumbuh.web.demo import demo_build

TODAY = date(2026, 3, 10)


@pytest.mark.django_db
def test_the_demo_pkh_works_through_its_1000_hpk_families_first() -> None:
    demo_build(today=TODAY, children=400)
    pkh = User.objects.get(username="pkh")
    caseload = KpmAssignment.objects.filter(facilitator=pkh, until__isnull=True)
    assert caseload.count() > 10
    assert P2k2Session.objects.filter(facilitator=pkh).count() == 4
    assert Referral.objects.filter(status="open").exists()
    assert Referral.objects.filter(status="done").exists()

    cards = kpm_cards(user=pkh, region=pkh.profile.region, today=TODAY)
    priorities = [card.priority for card in cards]
    assert priorities == sorted(priorities)
    assert cards[0].hpk

    tksk = User.objects.get(username="tksk")
    assert tksk.profile.region == pkh.profile.region  # the same kecamatan

    tkpk = Team.objects.get(kind="tkpk")
    assert tkpk.decree_number == "188.45/KHM/SK/67/2025"
    chair = tkpk.members.get(position=Position.CHAIR)
    assert chair.name == "Wakil Wali Kota Bitung"
    institutions = set(tkpk.members.values_list("institution", flat=True))
    assert set(Partner.objects.values_list("name", flat=True)) <= institutions
    assert Partner.objects.filter(accounts__username="mitra").count() == 1


@pytest.mark.django_db
def test_demo_pages_for_pkh_tksk_and_the_scorecard_with_partners() -> None:
    demo_build(today=TODAY, children=300)
    client = Client()
    client.force_login(User.objects.get(username="pkh"))
    page = client.get("/kpm/").content.decode()
    families = re.findall(r'id="kpm-(\d+)"', page)
    assert families
    assert client.get(f"/kpm/family/{families[0]}/").status_code == 200
    assert client.get("/kpm/p2k2/").status_code == 200

    client.force_login(User.objects.get(username="tksk"))
    assert len(re.findall(r'id="kpm-(\d+)"', client.get("/kpm/").content.decode())) == len(families)

    client.force_login(User.objects.get(username="tpps"))
    city = Region.objects.get(code="71.72")
    scorecard = client.get(f"/convergence/?region={city.code}").content.decode()
    assert "Kontribusi mitra" in scorecard
    assert "PT Pertamina" in scorecard

    client.force_login(User.objects.get(username="mitra"))
    partners = client.get("/partners/").content.decode()
    assert "PT Pertamina" in partners
    assert "PT Multi Nabati Sulawesi" in partners  # in the per-kelurahan aggregates
    assert 'id="partner-' in partners
    assert partners.count('class="card partner"') == 1  # its own partner only
