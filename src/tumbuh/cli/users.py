"""The one way a subcommand finds the account named by ``--user``, and a region in its scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tumbuh.cli.failure import CommandError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from tumbuh.regions.models import Region


def user_by_name(name: str) -> AbstractBaseUser:
    """The account with this user name (Django must be set up); ``CommandError`` if none."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"no account '{name}' (use --user)")
    return user


def region_in_scope(user: AbstractBaseUser, code: str, username: str) -> Region:
    """The region ``code`` if ``user`` may open it; ``CommandError`` otherwise."""
    from django.core.exceptions import PermissionDenied

    from tumbuh.accounts.selectors import region_get_for_user

    try:
        return region_get_for_user(user=user, code=code)
    except PermissionDenied as error:
        raise CommandError(f"region {code} is unknown or outside '{username}'s scope") from error
