"""The API asks the same permission table as the pages: each view names the ``Permission`` of
each method; objects come from querysets filtered by scope, so an object outside it is 404."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from tumbuh.accounts.permissions import Permission, require_any


class TablePermission(BasePermission):  # type: ignore[misc]
    """Open a view when the role may use the API and grants the permission the view names for
    the method: ``view.permission`` (reads) and ``view.write_permission`` (POST)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        wanted: Permission = (
            getattr(view, "write_permission", view.permission)
            if request.method == "POST"
            else view.permission
        )
        require_any(request.user, Permission.USE_API)  # PermissionDenied -> 403
        require_any(request.user, wanted)
        return True
