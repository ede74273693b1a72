"""Setting up a region from files: its puskesmas and posyandu, then its teams by decree."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from tests.apps.conftest import PASSWORD, World
from tests.ingest.eppgbm_files import row, write_export
from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.imports.facility_services import facilities_import
from tumbuh.imports.team_services import teams_import
from tumbuh.regions.loader import regions_load
from tumbuh.regions.models import Posyandu, Puskesmas, Region
from tumbuh.teams.models import Team, TeamMember

KUKAR = "64.02"
BATAM = "21.71"
#: Loa Kulu (64.02.02) and Kota Bangun Darat (64.02.19) each have a desa called Sumber Sari.
LOA_KULU_FACILITIES = [
    {
        "Puskesmas": "Loa Kulu",
        "Kecamatan": "Loa Kulu",
        "Desa/Kelurahan": "Sumber Sari",
        "Posyandu": "Melati 1",
    },
    {
        "Puskesmas": "Loa Kulu",
        "Kecamatan": "Loa Kulu",
        "Desa/Kelurahan": "Sumber Sari",
        "Posyandu": "Mawar",
    },
    {
        "Puskesmas": "Loa Kulu",
        "Kecamatan": "Loa Kulu",
        "Desa/Kelurahan": "Jembayan",
        "Posyandu": "",
    },
    {
        "Puskesmas": "Kota Bangun Darat",
        "Kecamatan": "Kota Bangun Darat",
        "Desa/Kelurahan": "Sumber Sari",
        "Posyandu": "Melati 1",
    },
]


def _table(path: Path, rows: list[dict[str, str]]) -> Path:
    pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String)).write_csv(path)
    return path


@pytest.fixture
def admin(db: None) -> object:
    return user_create(username="admin", password=PASSWORD, role=Role.ADMIN)


def _line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.splitlines()[-1]


def test_a_fresh_kukar_takes_its_facilities_then_an_e_ppgbm_export_without_set_up(
    admin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["loadregions", KUKAR]) == 0
    source = _table(tmp_path / "fasilitas.csv", LOA_KULU_FACILITIES)
    argv = ["import", "facilities", str(source), "--region", KUKAR]
    assert main(argv) == 0
    assert _line(capsys) == "rows: 4, new: 3, updated: 1, unchanged: 0, rejected: 0"
    loa_kulu = Puskesmas.objects.get(name="Loa Kulu")
    assert loa_kulu.kecamatan_id == "64.02.02"
    assert set(loa_kulu.kelurahan_served.values_list("name", flat=True)) == {
        "Sumber Sari",
        "Jembayan",
    }
    assert Posyandu.objects.get(
        name="Melati 1", puskesmas__name="Kota Bangun Darat"
    ).kelurahan_id == ("64.02.19.2007")
    assert main(argv) == 0
    assert _line(capsys) == "rows: 4, new: 0, updated: 0, unchanged: 4, rejected: 0"
    export = write_export(
        tmp_path / "eppgbm.csv",
        [
            row(**{"Desa/Kel": "Jembayan", "Kec": "Loa Kulu", "Posyandu": "Anggrek"}),
            row(
                **{
                    "Desa/Kel": "Sumber Sari",
                    "Kec": "Kota Bangun Darat",
                    "Posyandu": "Melati 1",
                    "Nama": "Bima",
                }
            ),
            row(
                **{
                    "Desa/Kel": "Sumber Sari",
                    "Kec": "Loa Kulu",
                    "Posyandu": "Mawar",
                    "Nama": "Citra",
                }
            ),
        ],
    )
    assert main(["import", "eppgbm", str(export), "--region", KUKAR]) == 0
    assert _line(capsys) == "rows: 3, new: 3, updated: 0, unchanged: 0, rejected: 0"
    assert Posyandu.objects.get(name="Anggrek").puskesmas == loa_kulu


def test_a_desa_name_shared_by_several_kecamatan_needs_its_kecamatan_or_code(
    admin: object, tmp_path: Path
) -> None:
    regions_load(code=KUKAR)
    region = Region.objects.get(code=KUKAR)
    rows = [
        {
            "Puskesmas": "Kota Bangun Darat",
            "Kecamatan": "Kota Bangun Darat",
            "Desa/Kelurahan": "Sumber Sari",
            "Kode": "64.02.02.2014",
        },  # the code is Loa Kulu's Sumber Sari: refused
        {
            "Puskesmas": "Kota Bangun Darat",
            "Kecamatan": "Kota Bangun Darat",
            "Desa/Kelurahan": "Sumber Sari",
            "Kode": "6402192007",
        },
        {
            "Puskesmas": "Kota Bangun Darat",
            "Kecamatan": "Atlantis",
            "Desa/Kelurahan": "Sumber Sari",
            "Kode": "",
        },
        {
            "Puskesmas": "",
            "Kecamatan": "Kota Bangun Darat",
            "Desa/Kelurahan": "Sumber Sari",
            "Kode": "",
        },
    ]
    result = facilities_import(user=admin, path=_table(tmp_path / "f.csv", rows), region=region)  # type: ignore[arg-type]
    assert (result.new, len(result.rejected)) == (1, 3)
    codes = [r.reasons[0].code for r in result.rejected]
    assert codes == ["unknown_kelurahan_code", "unknown_kecamatan", "missing"]
    assert list(Puskesmas.objects.get().kelurahan_served.values_list("code", flat=True)) == [
        "64.02.19.2007"
    ]


def test_an_e_ppgbm_row_of_a_shared_desa_name_without_its_kecamatan_is_refused(
    admin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regions_load(code=KUKAR)
    main(
        [
            "import",
            "facilities",
            str(_table(tmp_path / "f.csv", LOA_KULU_FACILITIES)),
            "--region",
            KUKAR,
        ]
    )
    export = write_export(tmp_path / "e.csv", [row(**{"Desa/Kel": "Sumber Sari", "Kec": ""})])
    report = tmp_path / "r.csv"
    argv = ["import", "eppgbm", str(export), "--region", KUKAR, "--rejects", str(report)]
    assert main([*argv, "--lang", "en"]) == 0
    assert _line(capsys).endswith("rejected: 1")
    reasons = pl.read_csv(report)["reasons"][0]
    assert "'Sumber Sari' names 3 desa/kelurahan" in reasons


def test_only_an_administrator_imports_facilities(world: World, tmp_path: Path) -> None:
    source = _table(tmp_path / "f.csv", LOA_KULU_FACILITIES)
    with pytest.raises(PermissionDenied):
        facilities_import(user=world.tpps, path=source, region=world.kota)


def _batam_annex(region: Region) -> list[dict[str, str]]:
    """544 TPK of 3 members each, spread over Batam's kelurahan (as its decree lists them)."""
    kelurahan = list(
        Region.objects.filter(
            code__startswith=region.code + ".", level="desa_kelurahan"
        ).select_related("parent")
    )
    rows = []
    for number in range(544):
        place = kelurahan[number % len(kelurahan)]
        for title, who in (("Kader Posyandu", "A"), ("Kader PKK", "B"), ("Bidan", "C")):
            rows.append(
                {
                    "Tim": f"TPK {number + 1:03d}",
                    "Jenis": "TPK",
                    "Kecamatan": place.parent.name if place.parent else "",
                    "Kelurahan": place.name,
                    "Nama": f"Anggota {who} {number}",
                    "Jabatan": title,
                    "No HP": f"0812{number:08d}",
                    "Instansi": "PKK" if who == "B" else "",
                }
            )
    return rows


def test_a_batam_decree_annex_gives_544_teams_of_3_and_a_second_import_changes_nothing(
    admin: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["loadregions", BATAM]) == 0
    source = _table(tmp_path / "sk.csv", _batam_annex(Region.objects.get(code=BATAM)))
    argv = ["import", "teams", str(source), "--region", BATAM]
    started = time.perf_counter()
    assert main(argv) == 0
    assert time.perf_counter() - started < 10
    assert _line(capsys) == "rows: 1632, new: 1632, updated: 0, unchanged: 0, rejected: 0"
    assert main(argv) == 0
    assert _line(capsys) == "rows: 1632, new: 0, updated: 0, unchanged: 1632, rejected: 0"
    report = tmp_path / "tim.csv"
    assert main(["report", "teams", "--region", BATAM, "-o", str(report)]) == 0
    teams = pl.read_csv(report, infer_schema_length=0)
    assert teams.columns[:4] == ["tim", "jenis", "kelurahan", "anggota"]
    assert teams.height == 544
    assert set(teams["anggota"]) == {"3"}
    assert set(teams["jenis"]) == {"tpk"}
    assert TeamMember.objects.filter(title="Kader Posyandu").count() == 544


def test_a_changed_phone_updates_the_member_and_a_bad_kind_is_refused(
    world: World, tmp_path: Path
) -> None:
    rows = [
        {
            "Tim": "TPPS Kota",
            "Jenis": "TPPS",
            "Kelurahan": "",
            "Nama": "Wali",
            "Jabatan": "Ketua",
            "No HP": "1",
        },
        {
            "Tim": "TPK 1",
            "Jenis": "TPK",
            "Kelurahan": "Pasir Panjang",
            "Nama": "Sari",
            "Jabatan": "Bidan",
            "No HP": "1",
        },
        {
            "Tim": "TPK 2",
            "Jenis": "Posyandu",
            "Kelurahan": "Pasir Panjang",
            "Nama": "X",
            "Jabatan": "Kader",
            "No HP": "",
        },
        {
            "Tim": "TPK 3",
            "Jenis": "TPK",
            "Kelurahan": "",
            "Nama": "Y",
            "Jabatan": "Kader",
            "No HP": "",
        },
    ]
    first = teams_import(user=world.tpps, path=_table(tmp_path / "a.csv", rows), region=world.kota)
    assert first.line() == "rows: 4, new: 2, updated: 0, unchanged: 0, rejected: 2"
    assert Team.objects.get(name="TPPS Kota").region == world.kota
    assert TeamMember.objects.get(name="Wali").position == "ketua"
    rows[1]["No HP"] = "2"
    second = teams_import(user=world.tpps, path=_table(tmp_path / "b.csv", rows), region=world.kota)
    assert second.line() == "rows: 4, new: 0, updated: 1, unchanged: 1, rejected: 2"
    assert TeamMember.objects.get(name="Sari").phone == "2"


def test_an_account_is_created_and_linked_only_by_an_administrator(
    world: World, tmp_path: Path
) -> None:
    rows = [
        {
            "Tim": "TPK 1",
            "Jenis": "TPK",
            "Kelurahan": "Pasir Panjang",
            "Nama": "Sari",
            "Jabatan": "Bidan",
            "Akun": "Sari.TPK",
        },
    ]
    source = _table(tmp_path / "a.csv", rows)
    by_tpps = teams_import(user=world.tpps, path=source, region=world.kota)
    assert [r.code for _row, r in by_tpps.warnings] == ["account_not_allowed"]
    assert TeamMember.objects.get(name="Sari").user is None
    by_admin = teams_import(user=world.admin, path=source, region=world.kota)
    assert by_admin.line() == "rows: 1, new: 0, updated: 1, unchanged: 0, rejected: 0"
    account = TeamMember.objects.get(name="Sari").user
    assert account is not None
    assert account.username == "sari.tpk"
    assert not account.has_usable_password()
    assert account.profile.role == Role.TPK
    assert account.profile.region == world.kelurahan_a
    again = teams_import(user=world.admin, path=source, region=world.kota)
    assert again.line() == "rows: 1, new: 0, updated: 0, unchanged: 1, rejected: 0"


def test_the_facilities_template_example_imports_in_kukar(
    admin: object, tmp_path: Path, client: object
) -> None:
    from django.test import Client

    regions_load(code=KUKAR)
    browser = Client()
    browser.force_login(admin)  # type: ignore[arg-type]
    response = browser.get("/imports/template-facilities.xlsx")
    assert response.status_code == 200
    path = tmp_path / "fasilitas.xlsx"
    path.write_bytes(response.content)
    assert pl.read_excel(path, sheet_name="petunjuk")["Kolom"].to_list()[:3] == [
        "Puskesmas",
        "Kecamatan",
        "Desa/Kelurahan",
    ]
    result = facilities_import(user=admin, path=path, region=Region.objects.get(code=KUKAR))  # type: ignore[arg-type]
    assert result.line() == "rows: 1, new: 1, updated: 0, unchanged: 0, rejected: 0"


def test_the_decree_annex_template_is_refused_to_a_kader(world: World) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(world.kader)
    assert browser.get("/imports/template-teams.xlsx").status_code == 403
    browser.force_login(world.tpps)
    assert browser.get("/imports/template-teams.xlsx").status_code == 200


def test_a_kabupaten_says_desa_or_kelurahan_as_each_place_is_and_both_in_totals(
    admin: object,
) -> None:
    from django.test import Client

    from tumbuh.regions.selectors import kelurahan_label

    regions_load(code=KUKAR)
    assert kelurahan_label(Region.objects.get(code=KUKAR)) == "Desa/Kelurahan"
    assert kelurahan_label(Region.objects.get(code="64.02.02")) == "Desa"  # Loa Kulu: only desa
    assert Region.objects.get(code="64.02.06.1008").kind_label == "Kelurahan"
    browser = Client()
    browser.force_login(admin)  # type: ignore[arg-type]
    card = browser.get(f"/convergence/?region={KUKAR}").content.decode()
    assert "<th>Desa/Kelurahan</th>" in card
    card = browser.get("/convergence/?region=64.02.02").content.decode()
    assert "<th>Desa</th>" in card
    assert "Per Desa</h2>" in card
    Team.objects.create(kind="tpk", name="TPK 1", region_id="64.02.02.2014")
    teams = browser.get("/teams/?region=64.02.02").content.decode()
    assert "Desa Sumber Sari" in teams
