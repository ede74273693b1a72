"""Settings for the whole suite: Hypothesis judges properties, not timing (shared CI machines);
tests that open no database are marked so (the PostgreSQL run of .ci/run leaves them out)."""

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("tumbuh", deadline=None)
settings.load_profile("tumbuh")


def pytest_configure(config: pytest.Config) -> None:
    """Each test process a fresh data directory of its own. Import jobs, reports and submissions
    keep files there named by primary key, and each xdist worker has a database of its own (whose
    keys start at 1 again): a shared directory let one worker's ``1-upload.csv`` stand in another
    worker's test, or an earlier run's in this one. (The directory tumbuh.web.settings_test picks
    is one for all: the workers inherit the ``TUMBUH_DATA_DIR`` it sets in the first process.)"""
    folder = tempfile.mkdtemp(prefix="tumbuh-test-data-")
    os.environ["TUMBUH_DATA_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


#: Fixtures through which a test reaches the database (pytest-django's).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``no_database`` every test that opens no database: pytest-django refuses it any query,
    so it proves the same on SQLite and PostgreSQL and the PostgreSQL run can leave it out."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if not names & DATABASE_FIXTURES and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.no_database)


@pytest.fixture(autouse=True)
def _forget_kept_figures() -> Iterator[None]:
    """Figures kept in the process's cache (``tumbuh.facts.cache``): none outlives its test (the
    next test's database may reuse the same keys and moments)."""
    yield
    from django.core.cache import cache

    cache.clear()
