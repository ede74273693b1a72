"""What the page templates need to know of the user's rights (menu entries, buttons)."""

from __future__ import annotations

from django.http import HttpRequest

from tumbuh.accounts.permissions import OFFICE_BOUND, in_scope, permissions_of


def rights(request: HttpRequest) -> dict[str, frozenset[str]]:
    """``can``: the names of the permissions the user's role grants (``"view_scorecard"``),
    less those bound to another office than the user's (its menu would lead to a refusal)."""
    user = request.user
    return {
        "can": frozenset(
            p.value
            for p in permissions_of(user)
            if p not in OFFICE_BOUND or in_scope(user, OFFICE_BOUND[p])
        )
    }
