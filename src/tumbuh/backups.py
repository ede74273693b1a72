"""Backups of the database: a consistent copy in a directory, the newest ones kept.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``): a snapshot taken
page by page while the server keeps running. PostgreSQL is dumped with ``pg_dump
--format=custom`` (one transaction's snapshot), to be restored with ``pg_restore --clean``.
The connection settings are Django's (from ``DATABASE_URL``); the password goes to ``pg_dump``
in its environment, never on its command line.

A backup is written under a temporary name and renamed when complete, so a failed run never
leaves a file that looks like a backup, and pruning never counts one. Backups hold personal
data: the directory is made owner-only and each file is created readable by its owner only.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connections

from tumbuh.env import PRIVATE_FILE, private_directory

#: A backup's name: ``tumbuh-`` and the UTC time it was taken, the suffix saying its kind.
NAME = re.compile(r"^tumbuh-(\d{8}T\d{6}Z)\.(sqlite3|dump)$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"
SQLITE_SUFFIX = "sqlite3"
POSTGRES_SUFFIX = "dump"
#: Environment variables libpq (``pg_dump``) reads, by Django's setting name.
_LIBPQ = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}


class BackupError(Exception):
    """The backup could not be made (unknown database engine, ``pg_dump`` missing or failing)."""


@dataclass(frozen=True)
class Backup:
    """The backup written, its size in bytes, and the older backups removed to keep the count."""

    path: Path
    size: int
    removed: tuple[Path, ...]


def backup_create(
    directory: Path,
    *,
    keep: int,
    alias: str = "default",
    now: datetime | None = None,
) -> Backup:
    """Write a consistent copy of the database ``alias`` into ``directory``, then remove all but
    the newest ``keep`` backups there (the new one included)."""
    if keep < 1:
        raise BackupError("keep at least 1 backup")
    private_directory(directory)
    taken = (now or datetime.now(UTC)).astimezone(UTC)
    vendor = connections[alias].vendor
    suffix = {"sqlite": SQLITE_SUFFIX, "postgresql": POSTGRES_SUFFIX}.get(vendor)
    if suffix is None:
        raise BackupError(f"no backup for a {vendor} database (SQLite and PostgreSQL only)")
    path = directory / f"tumbuh-{taken.strftime(TIME_FORMAT)}.{suffix}"
    if path.exists():
        raise BackupError(f"{path} exists already")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a run that was killed
    try:
        if vendor == "sqlite":
            _sqlite_copy(alias, partial)
        else:
            _postgres_dump(alias, partial)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=path, size=path.stat().st_size, removed=backups_prune(directory, keep))


def backups_list(directory: Path) -> list[Path]:
    """The backups in ``directory``, oldest first (by the time in their names)."""
    found = [path for path in directory.iterdir() if NAME.match(path.name) and path.is_file()]
    return sorted(found, key=lambda path: _taken(path.name))


def backups_prune(directory: Path, keep: int) -> tuple[Path, ...]:
    """Remove all but the newest ``keep`` backups; other files in the directory stay."""
    old = backups_list(directory)[:-keep]
    for path in old:
        path.unlink()
    return tuple(old)


def _taken(name: str) -> str:
    match = NAME.match(name)
    assert match is not None
    return match.group(1)  # the same format throughout: sorts as text in time order


def _private_file(path: Path) -> None:
    """Create ``path`` empty, readable by its owner only, before anything writes into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE))


def _sqlite_copy(alias: str, target: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:  # SQLite's backup would wait forever for its own lock
        raise BackupError("a backup is taken outside a transaction")
    connection.ensure_connection()
    source = connection.connection
    assert isinstance(source, sqlite3.Connection)
    _private_file(target)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()


def _postgres_dump(alias: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump not found (install postgresql-client of the server's version)")
    settings = connections[alias].settings_dict
    environment = dict(os.environ)
    for setting, variable in _LIBPQ.items():
        if settings.get(setting):
            environment[variable] = str(settings[setting])
    if settings.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(settings["OPTIONS"]["sslmode"])
    _private_file(target)
    command = [pg_dump, "--format=custom", f"--file={target}", "--dbname", settings["NAME"]]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def size_text(size: int) -> str:
    """A file size for people: ``512 B``, ``3.4 MB``."""
    if size < 1000:
        return f"{size} B"
    value = size / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
