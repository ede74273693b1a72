"""Cursor pagination: stable pages over lists that grow while a client walks them."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class IdCursor(CursorPagination):  # type: ignore[misc]
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
