"""Importing user accounts with role and scope: a new region's admin sets up its people from a
file; new accounts' initial passwords go to an owner-only file, never to the screen or a log."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from tests.apps.conftest import PASSWORD, World
from tumbuh.accounts.models import AuditEvent, Role
from tumbuh.accounts.services import user_create
from tumbuh.cli import main
from tumbuh.files import read_table
from tumbuh.imports.user_services import first_password, users_import

KUKAR = "64.02"
FACILITIES = [
    {
        "Puskesmas": "Loa Kulu",
        "Kecamatan": "Loa Kulu",
        "Desa/Kelurahan": "Jembayan",
        "Posyandu": "Melati 1",
    },
]
COLUMNS = (
    "Username",
    "Nama",
    "Peran",
    "Wilayah",
    "Kecamatan",
    "Puskesmas",
    "Posyandu",
    "Instansi",
    "Email",
    "No HP",
)


def _users(path: Path, rows: list[dict[str, str]]) -> Path:
    full = [{c: r.get(c, "") for c in COLUMNS} for r in rows]
    pl.DataFrame(full, schema=dict.fromkeys(COLUMNS, pl.String)).write_csv(path)
    return path


ROWS = [
    {"Username": "tpps.kukar", "Nama": "Sekretariat", "Peran": "Sekretariat TPPS"},
    {"Username": "kec.loakulu", "Nama": "Operator", "Peran": "kecamatan", "Wilayah": "Loa Kulu"},
    {
        "Username": "kades.jembayan",
        "Nama": "Kepala Jembayan",
        "Peran": "Lurah / Kepala Desa",
        "Wilayah": "Jembayan",
        "Email": "kades@example.id",
        "No HP": "0812",
    },
    {
        "Username": "pkm.loakulu",
        "Nama": "Bidan",
        "Peran": "Petugas Puskesmas",
        "Puskesmas": "Loa Kulu",
    },
    {
        "Username": "kader.melati",
        "Nama": "Kader",
        "Peran": "Kader Posyandu",
        "Wilayah": "64.02.02.2003",
        "Posyandu": "Melati 1",
    },
    {"Username": "dinkes", "Nama": "Dinkes", "Peran": "Instansi", "Instansi": "dinkes"},
    {"Username": "tpk.x", "Nama": "X", "Peran": "Satpam", "Wilayah": "Jembayan"},
    {"Username": "tpk.y", "Nama": "Y", "Peran": "TPK", "Wilayah": "Atlantis"},
    {"Username": "Tpps.Kukar", "Nama": "Lagi", "Peran": "TPPS"},
    {"Username": "admin", "Nama": "Admin", "Peran": "TPPS"},
]


def test_a_kukar_admin_sets_up_accounts_with_scope_and_a_second_import_changes_nothing(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    user_create(username="admin", password=PASSWORD, role=Role.ADMIN)
    assert main(["loadregions", KUKAR]) == 0
    facilities = tmp_path / "f.csv"
    pl.DataFrame(FACILITIES).write_csv(facilities)
    assert main(["import", "facilities", str(facilities), "--region", KUKAR]) == 0
    source = _users(tmp_path / "akun.csv", ROWS)
    rejects = tmp_path / "tolak.csv"
    caplog.set_level(logging.DEBUG)
    argv = ["import", "users", str(source), "--region", KUKAR, "--rejects", str(rejects)]
    assert main(argv) == 0
    out = capsys.readouterr()
    assert out.out.splitlines()[-1] == "rows: 10, new: 6, updated: 0, unchanged: 0, rejected: 4"
    secrets_file = tmp_path / "akun-kata-sandi.csv"
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    passwords = dict(read_table(secrets_file).iter_rows())
    assert sorted(passwords) == sorted(
        ["tpps.kukar", "kec.loakulu", "kades.jembayan", "pkm.loakulu", "kader.melati", "dinkes"]
    )
    for password in passwords.values():
        assert password not in out.out + out.err + caplog.text
        assert not AuditEvent.objects.filter(object_id=password).exists()
    kades = User.objects.get(username="kades.jembayan")
    assert kades.check_password(passwords["kades.jembayan"])
    assert (kades.profile.role, kades.profile.region_id) == ("lurah", "64.02.02.2003")
    assert (kades.email, kades.profile.phone, kades.first_name) == (
        "kades@example.id",
        "0812",
        "Kepala Jembayan",
    )
    assert User.objects.get(username="kec.loakulu").profile.region_id == "64.02.02"
    assert User.objects.get(username="tpps.kukar").profile.region_id == KUKAR
    assert User.objects.get(username="pkm.loakulu").profile.puskesmas.name == "Loa Kulu"
    assert User.objects.get(username="kader.melati").profile.posyandu.name == "Melati 1"
    assert User.objects.get(username="dinkes").profile.office == "dinkes"
    report = read_table(rejects)
    assert report.height == 4
    text = " ".join(str(v) for v in report.rows())
    assert "Satpam" in text
    assert "Atlantis" in text
    secrets_file.unlink()
    assert main(argv) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "rows: 10, new: 0, updated: 0, unchanged: 6, rejected: 4"
    )
    assert not secrets_file.exists()  # no new account, no password file
    ROWS_CHANGED = [dict(r) for r in ROWS]
    ROWS_CHANGED[2]["No HP"] = "0813"
    _users(source, ROWS_CHANGED)
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("rows: 10, new: 0, updated: 1,")


def test_a_first_password_is_letters_and_digits_never_read_as_a_formula() -> None:
    passwords = [first_password() for _ in range(2000)]
    assert all(p.isascii() and p.isalnum() and len(p) == 16 for p in passwords)
    assert len(set(passwords)) == 2000


def test_only_an_administrator_imports_users(world: World, tmp_path: Path) -> None:
    source = _users(tmp_path / "akun.csv", [{"Username": "x", "Nama": "X", "Peran": "TPPS"}])
    with pytest.raises(PermissionDenied):
        users_import(user=world.tpps, path=source, region=world.kota)
    done = users_import(user=world.admin, path=source, region=world.kota)
    assert done.result.line() == "rows: 1, new: 1, updated: 0, unchanged: 0, rejected: 0"
    assert User.objects.get(username="x").profile.region_id == world.kota.code


def test_the_set_up_page_links_the_three_templates_and_shows_new_passwords_once(
    world: World, tmp_path: Path
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.admin)
    page = client.get("/imports/setup/")
    body = page.content.decode()
    for template in ("template-facilities.xlsx", "template-teams.xlsx", "template-users.xlsx"):
        assert template in body
    template = client.get("/imports/template-users.xlsx")
    assert template.status_code == 200
    sheet = tmp_path / "akun.xlsx"
    sheet.write_bytes(template.content)
    assert read_table(sheet).columns[:3] == ["Username", "Nama", "Peran"]
    source = _users(
        tmp_path / "akun.csv",
        [
            {"Username": "lurah.pp", "Nama": "L", "Peran": "Lurah", "Wilayah": "Pasir Panjang"},
            {"Username": "bad name", "Nama": "B", "Peran": "TPPS"},
        ],
    )
    with source.open("rb") as handle:
        answer = client.post("/imports/setup/", {"file": handle})
    text = answer.content.decode()
    assert "rows: 2, new: 1, updated: 0, unchanged: 0, rejected: 1" in text
    assert "no-store" in answer["Cache-Control"]
    lurah = User.objects.get(username="lurah.pp")
    assert lurah.profile.region_id == world.kelurahan_a.code
    shown = [
        p
        for p in text.split("<code>")
        if p.split("</code>")[0] and lurah.check_password(p.split("</code>")[0])
    ]
    assert len(shown) == 1
    assert "bad name" in text
    client.force_login(world.tpps)
    assert client.get("/imports/setup/").status_code == 403
    assert client.get("/imports/template-users.xlsx").status_code == 403
