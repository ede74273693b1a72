"""PKH facilitators and TKSK at work: Keluarga KPM saya (1000 HPK first, with what each family
lacks), P2K2 sessions, referrals, caseloads assigned in the app and by ``tumbuh import kpm``."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from tests.apps.conftest import PASSWORD, World
from tests.apps.factories import ChildFactory, FamilyFactory
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.casework.models import KpmAssignment, P2k2Session, Referral
from tumbuh.casework.selectors import kpm_cards, lokus_kelurahan
from tumbuh.casework.services import p2k2_record
from tumbuh.cli import main
from tumbuh.interventions.selectors import scorecard_for
from tumbuh.registry.models import Family, SasaranRole


def _today() -> date:
    return timezone.localdate()


def _facilitator(world: World, name: str = "pkh_a") -> User:
    return user_create(username=name, password=PASSWORD, role=Role.PKH, region=world.kelurahan_a)


def _families(world: World) -> dict[str, Family]:
    """Four KPM families of kelurahan A: no young child, a balita, a baduta, a pregnant woman."""
    today = _today()
    homes = {
        name: FamilyFactory(
            kelurahan=world.kelurahan_a, head_name=f"Keluarga {name}", welfare_decile=2
        )
        for name in ("tanpa_anak", "balita", "baduta", "hamil")
    }
    ChildFactory(family=homes["balita"], birth_date=today - timedelta(days=365 * 3))
    ChildFactory(family=homes["baduta"], birth_date=today - timedelta(days=200))
    mother = ChildFactory(
        family=homes["hamil"], name="Ibu Hamil", sex=2, birth_date=date(1998, 5, 1)
    )
    SasaranRole.objects.create(person=mother, role="ibu_hamil", start=today - timedelta(days=60))
    return homes


def _assign(facilitator: User, *families: Family) -> None:
    for family in families:
        KpmAssignment.objects.create(family=family, facilitator=facilitator, since=_today())


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_facilitator_sees_their_kpm_families_1000_hpk_first_then_balita_then_the_rest(
    world: World,
) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    _assign(pkh, *homes.values())
    other = _facilitator(world, "pkh_lain")
    _assign(other, FamilyFactory(kelurahan=world.kelurahan_a, head_name="Keluarga Lain"))

    page = _client(pkh).get("/kpm/")

    assert page.status_code == 200
    order = [int(pk) for pk in re.findall(r'id="kpm-(\d+)"', page.content.decode())]
    names = [Family.objects.get(pk=pk).head_name for pk in order]
    assert set(names[:2]) == {"Keluarga hamil", "Keluarga baduta"}
    assert names[2:] == ["Keluarga balita", "Keluarga tanpa_anak"]  # not the other's family


def test_each_card_lists_what_the_family_still_lacks_as_the_scorecard_says(world: World) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    _assign(pkh, *homes.values())
    today = _today()

    cards = {c.family.pk: c for c in kpm_cards(user=pkh, region=world.kelurahan_a, today=today)}

    card = scorecard_for(user=pkh, region=world.kelurahan_a, today=today)
    gaps = card.gaps().filter(pl.col("family_id") == f"f{homes['baduta'].pk}")
    assert gaps.height > 0
    lacking = cards[homes["baduta"].pk].lacks
    assert sorted(lack.intervention for lack in lacking) == sorted(gaps["intervention"])
    assert cards[homes["hamil"].pk].pregnant == 1
    assert cards[homes["baduta"].pk].baduta == 1
    assert cards[homes["balita"].pk].balita == 1


def test_the_kpm_page_is_cards_for_a_phone_not_a_wide_table(world: World) -> None:
    pkh = _facilitator(world)
    _assign(pkh, *_families(world).values())
    html = _client(pkh).get("/kpm/").content.decode()
    assert "<table" not in html
    assert html.count('class="card kpm-card"') == 4
    assert "Keluarga KPM saya" in html  # Indonesian by default


def test_a_large_caseload_pages_fifty_cards_with_the_true_count_and_each_page_its_lacks(
    world: World,
) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    more = [
        FamilyFactory(kelurahan=world.kelurahan_a, head_name=f"Keluarga {n:02}") for n in range(56)
    ]
    _assign(pkh, *homes.values(), *more)
    client = _client(pkh)

    first = client.get("/kpm/").content.decode()
    last = client.get("/kpm/?page=2").content.decode()

    assert first.count('class="card kpm-card"') == 50
    assert last.count('class="card kpm-card"') == 10
    assert "60 keluarga" in first
    assert "60 keluarga" in last
    assert f'id="kpm-{homes["baduta"].pk}"' in first  # 1000 HPK first, with what it lacks
    assert "Masih kurang" in first


def test_lokus_villages_are_the_top_quarter_of_the_lokus_ranking(world: World) -> None:
    admin = world.admin
    assert lokus_kelurahan(user=admin, region=world.kelurahan_a, today=_today()) == set()
    lokus = lokus_kelurahan(user=admin, region=world.kota, today=_today())
    assert len(lokus) == 1
    assert lokus <= {world.kelurahan_a.code, world.kelurahan_b.code}


def test_a_tksk_sees_the_kpm_families_of_their_kecamatan_only(world: World) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    _assign(pkh, *homes.values())
    kec_a, kec_b = world.kelurahan_a.parent, world.kelurahan_b.parent
    tksk = user_create(username="tksk_a", password=PASSWORD, role=Role.TKSK, region=kec_a)
    stranger = user_create(username="tksk_b", password=PASSWORD, role=Role.TKSK, region=kec_b)

    assert _client(tksk).get("/kpm/").content.decode().count('class="card kpm-card"') == 4
    family = homes["baduta"].pk
    assert _client(tksk).get(f"/kpm/family/{family}/").status_code == 200
    assert _client(stranger).get(f"/kpm/family/{family}/").status_code == 403
    assert "card kpm-card" not in _client(stranger).get("/kpm/").content.decode()


def test_a_family_outside_the_caseload_is_refused_to_a_facilitator(world: World) -> None:
    pkh = _facilitator(world)
    not_mine = FamilyFactory(kelurahan=world.kelurahan_a)
    assert _client(pkh).get(f"/kpm/family/{not_mine.pk}/").status_code == 403


def test_an_office_other_than_dinsos_is_refused_the_caseloads(world: World) -> None:
    dinkes = user_create(
        username="dinkes", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinkes"
    )
    assert _client(dinkes).get("/kpm/").status_code == 403


def test_the_menu_shows_the_caseloads_to_dinsos_accounts_only(world: World) -> None:
    def office(code: str) -> User:
        return user_create(
            username=code, password=PASSWORD, role=Role.OFFICE, region=world.kota, office=code
        )

    assert 'href="/kpm/"' not in _client(office("dinkes")).get("/reporting/").content.decode()
    assert 'href="/kpm/"' in _client(office("dinsos")).get("/reporting/").content.decode()


def test_a_facilitator_logs_a_p2k2_session_with_the_families_that_attended(world: World) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    _assign(pkh, *homes.values())
    client = _client(pkh)
    day = _today() - timedelta(days=2)

    page = client.post(
        "/kpm/p2k2/",
        {
            "held_on": day.isoformat(),
            "module": "kesehatan",
            "topic": "Gizi ibu hamil",
            "kelurahan": world.kelurahan_a.code,
            "families": [homes["hamil"].pk, homes["baduta"].pk],
        },
    )

    assert page.status_code == 302
    session = P2k2Session.objects.get()
    assert session.held_on == day
    assert session.facilitator == pkh
    assert set(session.families.all()) == {homes["hamil"], homes["baduta"]}
    assert AuditEvent.objects.filter(object_type="p2k2_session", user=pkh).exists()
    assert "Gizi ibu hamil" in client.get("/kpm/p2k2/").content.decode()


def test_a_p2k2_session_cannot_name_a_family_outside_the_caseload(world: World) -> None:
    pkh = _facilitator(world)
    stranger = FamilyFactory(kelurahan=world.kelurahan_a)
    with pytest.raises(PermissionDenied):
        p2k2_record(
            user=pkh,
            kelurahan=world.kelurahan_a,
            held_on=_today(),
            module="kesehatan",
            topic="",
            families=[stranger],
        )
    assert not P2k2Session.objects.exists()


def test_a_facilitator_refers_a_family_and_marks_the_referral_done(world: World) -> None:
    pkh = _facilitator(world)
    family = _families(world)["baduta"]
    _assign(pkh, family)
    client = _client(pkh)

    client.post(
        f"/kpm/family/{family.pk}/",
        {
            "action": "refer",
            "office": "dinkes",
            "service": "Puskesmas",
            "reason": "Imunisasi belum lengkap",
            "referred_on": _today().isoformat(),
        },
    )
    referral = Referral.objects.get(family=family)
    assert referral.status == "open"
    assert referral.office == "dinkes"
    assert "1 rujukan terbuka" in client.get("/kpm/").content.decode()

    client.post("/kpm/referrals/", {"referral": referral.pk})

    referral.refresh_from_db()
    assert referral.status == "done"
    assert referral.closed_on == _today()
    actions = set(
        AuditEvent.objects.filter(object_type="referral").values_list("action", flat=True)
    )
    assert actions == {"create", "update"}


def test_a_coordinator_assigns_families_to_a_facilitator_in_the_app(world: World) -> None:
    pkh = _facilitator(world)
    homes = _families(world)
    numbers = "\n".join(f.kk_number for f in (homes["hamil"], homes["balita"]))

    page = _client(world.tpps).post("/kpm/assign/", {"facilitator": pkh.pk, "kk_numbers": numbers})

    assert page.status_code == 302
    assigned = KpmAssignment.objects.filter(facilitator=pkh, until__isnull=True)
    assert {a.family for a in assigned} == {homes["hamil"], homes["balita"]}


def test_a_facilitator_cannot_assign_families(world: World) -> None:
    pkh = _facilitator(world)
    assert _client(pkh).get("/kpm/assign/").status_code == 403


def _kpm_file(tmp_path: Path, rows: list[tuple[str, str]], name: str = "kpm.csv") -> Path:
    path = tmp_path / name
    frame = pl.DataFrame({"No KK": [r[0] for r in rows], "Pendamping": [r[1] for r in rows]})
    frame.write_csv(path)
    return path


def _import(path: Path, capsys: pytest.CaptureFixture[str], user: str = "tpps") -> str:
    argv = ["import", "kpm", str(path), "--region", "71.72", "--user", user]
    assert main(argv) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_tumbuh_import_kpm_assigns_families_and_is_idempotent(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkh = _facilitator(world)
    _facilitator(world, "pkh_dua")
    homes = _families(world)
    outside = FamilyFactory(kelurahan=world.kelurahan_b, kk_number="7172020000000001")
    rows = [
        (homes["hamil"].kk_number, "pkh_a"),
        (homes["baduta"].kk_number, "PKH_A"),  # usernames as typed
        (homes["balita"].kk_number, "pkh_a"),
        (homes["balita"].kk_number, "pkh_dua"),  # the same family to another: row 4 kept
        ("7172019999999999", "pkh_a"),  # no such family
        (homes["tanpa_anak"].kk_number, "kader_a"),  # not a facilitator
        ("12345", "pkh_a"),  # not 16 digits
    ]
    path = _kpm_file(tmp_path, rows)
    report = tmp_path / "tolak.csv"

    argv = ["import", "kpm", str(path), "--region", "71.72", "--user", "tpps"]
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]

    assert line == "rows: 7, new: 3, updated: 0, unchanged: 0, rejected: 4"
    mine = KpmAssignment.objects.filter(facilitator=pkh, until__isnull=True)
    assert {a.family for a in mine} == {homes["hamil"], homes["baduta"], homes["balita"]}
    text = report.read_text()
    assert "another facilitator; row 4 was kept" in text
    assert "no family with No KK '7172019999999999'" in text
    assert "'kader_a' is not a PKH facilitator's account" in text
    assert "5 digits instead of 16" in text
    assert outside.pk not in {a.family_id for a in KpmAssignment.objects.all()}

    assert _import(path, capsys) == "rows: 7, new: 0, updated: 0, unchanged: 3, rejected: 4"


def test_tumbuh_import_kpm_moves_a_family_to_its_new_facilitator(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _facilitator(world), _facilitator(world, "pkh_dua")
    family = _families(world)["hamil"]
    _assign(first, family)

    line = _import(_kpm_file(tmp_path, [(family.kk_number, "pkh_dua")]), capsys)

    assert line == "rows: 1, new: 0, updated: 1, unchanged: 0, rejected: 0"
    current = KpmAssignment.objects.get(family=family, until__isnull=True)
    assert current.facilitator == second
    assert KpmAssignment.objects.get(family=family, facilitator=first).until == _today()


def test_tumbuh_import_kpm_refuses_families_outside_the_uploaders_area(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_create(username="pkh_b", password=PASSWORD, role=Role.PKH, region=world.kelurahan_b)
    kec_a = world.kelurahan_a.parent
    user_create(username="kec_a", password=PASSWORD, role=Role.KECAMATAN, region=kec_a)
    family_b = FamilyFactory(kelurahan=world.kelurahan_b, kk_number="7172020000000009")
    family_a = _families(world)["hamil"]
    rows = [(family_b.kk_number, "pkh_b"), (family_a.kk_number, "pkh_b")]
    report = tmp_path / "tolak.csv"
    path = _kpm_file(tmp_path, rows)

    argv = ["import", "kpm", str(path), "--region", "71.72", "--user", "kec_a"]
    assert main([*argv, "--rejects", str(report), "--lang", "en"]) == 0

    assert capsys.readouterr().out.strip().endswith("rejected: 2")
    text = report.read_text()
    assert "outside your area" in text
    assert "is not a PKH facilitator's account in your area" in text  # pkh_b is not kec_a's
    assert not KpmAssignment.objects.exists()


def test_a_kader_may_not_import_caseloads(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _kpm_file(tmp_path, [("7172010000000001", "pkh_a")])
    assert main(["import", "kpm", str(path), "--region", "71.72", "--user", "kader_a"]) == 2
    assert "may not import kpm files" in capsys.readouterr().err


def test_a_file_without_the_kpm_columns_is_refused_naming_them(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "salah.csv"
    pl.DataFrame({"No KK": ["7172010000000001"]}).write_csv(path)
    assert main(["import", "kpm", str(path), "--region", "71.72", "--user", "tpps"]) == 2
    assert "missing column(s) Pendamping" in capsys.readouterr().err
    assert not KpmAssignment.objects.exists()


def test_dinas_sosial_uploads_a_caseload_on_the_import_page(world: World) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    pkh = _facilitator(world)
    family = _families(world)["baduta"]
    dinsos = user_create(
        username="dinsos", password=PASSWORD, role=Role.OFFICE, region=world.kota, office="dinsos"
    )
    buffer = io.BytesIO()
    pl.DataFrame({"No KK": [family.kk_number], "Pendamping": ["pkh_a"]}).write_csv(buffer)
    upload = SimpleUploadedFile("kpm.csv", buffer.getvalue(), content_type="text/csv")
    client = _client(dinsos)

    page = client.post("/imports/", {"kind": "kpm", "file": upload}, follow=True)

    assert "rows: 1, new: 1, updated: 0, unchanged: 0, rejected: 0" in page.content.decode()
    assert KpmAssignment.objects.get(family=family).facilitator == pkh
