"""The one way a subcommand finds the account named by ``--user``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tumbuh.cli.failure import CommandError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def user_by_name(name: str) -> AbstractBaseUser:
    """The account with this user name (Django must be set up); ``CommandError`` if none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"no account '{name}' (use --user)")
    return user
