"""Password login by user name in any case or width: ``Kader_A`` on a phone is ``kader_a``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest

from tumbuh.accounts.lockout import username_normalise


class UsernameBackend(ModelBackend):
    """Django's model backend, looking the user up by the canonical name first.

    Accounts are created with canonical names; one created earlier with capitals is still found
    by the exact name it was given.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_by_name(username)
        if user is None:
            User().set_password(password)  # the cost of a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def user_by_name(username: str) -> User | None:
    canonical = username_normalise(username)
    candidates = User.objects.filter(username__in={canonical, username})
    found = {user.username: user for user in candidates}
    return found.get(canonical) or found.get(username)
