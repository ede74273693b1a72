"""What the page templates need to know of the user's rights (menu entries, buttons)."""

from __future__ import annotations

from django.http import HttpRequest

from tumbuh.accounts.permissions import permissions_of


def rights(request: HttpRequest) -> dict[str, frozenset[str]]:
    """``can``: the names of the permissions the user's role grants (``"view_scorecard"``)."""
    return {"can": frozenset(p.value for p in permissions_of(request.user))}
