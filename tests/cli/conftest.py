"""The database subcommands reuse the app tests' personas."""

from tests.apps.conftest import world

__all__ = ["world"]
