"""Typed readers of settings from the environment; a bad value fails loudly at start-up."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the SQLite database lives: ``TUMBUH_DATA_DIR`` or ``./var``."""
    return Path(os.environ.get("TUMBUH_DATA_DIR", "var")).resolve()


#: The data directory and the files in it (database, secret key) are for the server's user only.
PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
#: Files SQLite keeps beside the database; it gives them the database file's permissions.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_directory(path: Path) -> Path:
    """Create the directory for its owner only; an existing one of ours is made owner-only."""
    path.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    _owner_only(path, PRIVATE_DIRECTORY)
    return path


def sqlite_private(path: Path) -> Path:
    """The SQLite database file, owner-only before SQLite first opens it.

    SQLite creates ``-wal`` and ``-shm`` with the permissions of the database file; companions
    left by an older version are made owner-only as well.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))  # empty: a new database
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        if file.exists():
            _owner_only(file, PRIVATE_FILE)
    return path


def _owner_only(path: Path, mode: int) -> None:
    """Tighten a path we own; never a shared one such as /tmp (sticky) or someone else's."""
    status = path.stat()
    if status.st_uid == os.geteuid() and not status.st_mode & stat.S_ISVTX:
        path.chmod(mode)


def secret_key_file(path: Path) -> str:
    """A random secret key kept in the data directory (created once, readable by owner only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ImproperlyConfigured(f"{path} holds a secret key that is too short")
    return key
