"""The Bearer scheme as drf-spectacular describes it in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "tumbuh.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A Tumbuh machine token (tumbuh token create) or an OAuth2 access "
            "token from /api/v1/oauth/token/ (client credentials).",
        }


class ClientCredentialsScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "tumbuh.api.authentication.ClientCredentialsAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {"tokenUrl": "/api/v1/oauth/token/", "scopes": {"api": "API"}}
            },
        }
