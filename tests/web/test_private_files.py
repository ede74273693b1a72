"""The data directory and the SQLite database (with its -wal and -shm) are for their owner only."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tumbuh.web.env import private_directory, sqlite_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """What most systems have: new files readable by everyone unless created otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_data_directory_is_owner_only(tmp_path: Path, permissive_umask: None) -> None:
    directory = private_directory(tmp_path / "var" / "data")
    assert mode(directory) == 0o700


def test_an_existing_data_directory_is_made_owner_only(tmp_path: Path) -> None:
    directory = tmp_path / "var"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    private_directory(directory)
    assert mode(directory) == 0o700


def test_a_shared_sticky_directory_is_left_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    private_directory(shared)
    assert mode(shared) == 0o1777


def test_the_database_and_its_wal_and_shm_are_created_owner_only(
    tmp_path: Path, permissive_umask: None
) -> None:
    database = sqlite_private(tmp_path / "tumbuh.sqlite3")
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    files = [database, tmp_path / "tumbuh.sqlite3-wal", tmp_path / "tumbuh.sqlite3-shm"]
    modes = {file.name: mode(file) for file in files}
    connection.close()
    assert modes == {file.name: 0o600 for file in files}


def test_an_existing_readable_database_and_wal_are_made_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "tumbuh.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE t (x)")
    wal = tmp_path / "tumbuh.sqlite3-wal"
    wal.write_bytes(b"")
    for file in (database, wal):
        file.chmod(0o644)
    sqlite_private(database)
    assert (mode(database), mode(wal)) == (0o600, 0o600)
    with sqlite3.connect(database) as connection:  # still the same database
        assert connection.execute("SELECT count(*) FROM t").fetchone() == (0,)


START_UP = """
import json, os, stat
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
    data = settings.DATA_DIR
    names = ["", "tumbuh.sqlite3", "tumbuh.sqlite3-wal", "tumbuh.sqlite3-shm", "secret_key"]
    print(json.dumps({n: stat.S_IMODE(os.stat(data / n).st_mode) for n in names}))
"""


def test_the_web_app_starts_with_a_private_data_directory_and_database(
    tmp_path: Path, permissive_umask: None
) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "TUMBUH_SECRET_KEY"}
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "tumbuh.web.settings",
        "TUMBUH_DATA_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", START_UP],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    modes = json.loads(result.stdout.strip().splitlines()[-1])
    assert modes == {
        "": 0o700,
        "tumbuh.sqlite3": 0o600,
        "tumbuh.sqlite3-wal": 0o600,
        "tumbuh.sqlite3-shm": 0o600,
        "secret_key": 0o600,
    }
