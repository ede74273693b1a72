"""Fast test settings: SQLite in memory, or ``TUMBUH_TEST_DATABASE_URL`` (PostgreSQL in CI)."""

from __future__ import annotations

import os
import tempfile

import dj_database_url

# Keep tests from creating var/ (database, secret key) in whatever directory they run from.
# One per pytest-xdist worker: import jobs keep files there named by primary key.
os.environ.setdefault(
    "TUMBUH_DATA_DIR",
    os.path.join(
        tempfile.gettempdir(), "tumbuh-test-data" + os.environ.get("PYTEST_XDIST_WORKER", "")
    ),
)
os.environ.setdefault("TUMBUH_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

from tumbuh.web.settings import *  # noqa: F403
from tumbuh.web.settings import DATABASES, PACKAGE_DIR

_url = os.environ.get("TUMBUH_TEST_DATABASE_URL", "")
if _url:
    DATABASES["default"] = dict(dj_database_url.parse(_url))
else:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
# Kept figures in the test process's memory (cleared before each test: tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "id"
STATIC_ROOT = PACKAGE_DIR / "web" / "static"  # exists, so whitenoise does not warn
# Jobs run at once, in the request; tests of the worker switch to the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
