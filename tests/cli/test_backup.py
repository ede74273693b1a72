"""``tumbuh backup DIR``: a copy of the database that opens and holds the same rows, the newest
``--keep`` backups kept; on PostgreSQL a dump ``pg_restore`` reads."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from tests.apps.conftest import World
from tumbuh.backups import BackupError, backup_create, backups_list
from tumbuh.cli import main
from tumbuh.regions.models import Region
from tumbuh.registry.models import Person

SUMMARY = re.compile(r"^backup: (?P<path>\S+) \((?P<size>[\d.]+ (B|kB|MB|GB))\)$")
POSTGRES_URL = os.environ.get("TUMBUH_TEST_DATABASE_URL", "")


def _backup(directory: Path, capsys: pytest.CaptureFixture[str], *options: str) -> Path:
    assert main(["backup", str(directory), *options]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    summary = SUMMARY.match(lines[0])
    assert summary is not None, lines[0]
    return Path(summary["path"])


@pytest.mark.skipif(POSTGRES_URL.startswith("postgres"), reason="the SQLite copy")
@pytest.mark.django_db(transaction=True)  # committed, as the rows a running server has written
def test_on_sqlite_the_backup_opens_and_holds_the_same_rows(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _backup(tmp_path / "backups", capsys)
    assert path.parent == tmp_path / "backups"
    assert re.fullmatch(r"tumbuh-\d{8}T\d{6}Z\.sqlite3", path.name)
    with sqlite3.connect(path) as copy:
        (check,) = copy.execute("PRAGMA integrity_check").fetchone()
        people = copy.execute(f"SELECT count(*) FROM {Person._meta.db_table}").fetchone()[0]
        regions = {row[0] for row in copy.execute(f"SELECT code FROM {Region._meta.db_table}")}
    copy.close()
    assert check == "ok"
    assert people == Person.objects.count() > 0
    assert regions == set(Region.objects.values_list("code", flat=True))


@pytest.mark.skipif(POSTGRES_URL.startswith("postgres"), reason="the SQLite copy")
@pytest.mark.django_db(transaction=True)
def test_the_backup_and_its_directory_are_for_the_owner_only(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _backup(tmp_path / "backups", capsys)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.django_db(transaction=True)
def test_keep_removes_the_oldest_backups_and_leaves_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "backups"
    directory.mkdir()
    old = [directory / f"tumbuh-2025010{day}T020000Z.sqlite3" for day in (3, 1, 2)]
    for path in old:
        path.write_bytes(b"old")
    other = directory / "catatan.txt"
    other.write_text("not a backup")
    new = _backup(directory, capsys, "--keep", "2")
    assert backups_list(directory) == [directory / "tumbuh-20250103T020000Z.sqlite3", new]
    assert other.exists()


@pytest.mark.django_db
def test_keep_below_one_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", str(tmp_path), "--keep", "0"]) == 2
    assert capsys.readouterr().err == "tumbuh backup: --keep: at least 1\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgres") or shutil.which("pg_restore") is None,
    reason="needs TUMBUH_TEST_DATABASE_URL of a PostgreSQL server, and pg_dump/pg_restore",
)
@pytest.mark.django_db(transaction=True)  # committed, so pg_dump's own connection sees the rows
def test_on_postgresql_the_dump_is_one_pg_restore_reads(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert connection.vendor == "postgresql"
    path = _backup(tmp_path / "backups", capsys)
    assert re.fullmatch(r"tumbuh-\d{8}T\d{6}Z\.dump", path.name)
    listing = subprocess.run(
        ["pg_restore", "--list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert f"TABLE DATA public {Person._meta.db_table} " in listing


@pytest.mark.skipif(POSTGRES_URL.startswith("postgres"), reason="the SQLite copy")
def test_on_sqlite_a_backup_inside_a_transaction_is_refused_not_left_waiting(
    world: World, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="outside a transaction"):
        backup_create(tmp_path, keep=1)
    assert backups_list(tmp_path) == []
