"""Settings for the whole suite: Hypothesis judges properties, not timing (shared CI machines);
tests that open no database are marked so (the PostgreSQL run of .ci/run leaves them out)."""

import pytest
from hypothesis import settings

settings.register_profile("tumbuh", deadline=None)
settings.load_profile("tumbuh")


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
