"""The API's documentation page: the OpenAPI document, rendered by the site itself (offline,
no external scripts), in the user's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from tumbuh.accounts.permissions import Permission, permission_required

METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary") or op.get("description", ""),
                        "parameters": [p["name"] for p in op.get("parameters", [])],
                    }
                )
    return found


@permission_required(Permission.USE_API)
def docs(request: HttpRequest) -> HttpResponse:
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    schema = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return render(
        request,
        "api/docs.html",
        {"operations": operations(schema), "version": schema["info"]["version"]},
    )
