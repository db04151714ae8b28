"""The OpenAPI document's security: the schemes, and which one each operation takes.

Reads are public (a credential only widens them to your own drafts); writes
take a browser session (with X-CSRFToken) or an OAuth2 bearer token with the
scope below. Membership and client management take a session only: a robot
cannot mint robots or invite people.
"""
from __future__ import annotations

from apispec import BasePlugin

from auth.policy.identity import SCOPES

SCHEMES = {
    "oauth2": {
        "type": "oauth2",
        "description": "Client credentials: an organisation admin registers a client and POSTs to /oauth/token.",
        "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": dict(SCOPES)}},
    },
    "session": {
        "type": "apiKey", "in": "cookie", "name": "marketplace_session",
        "description": "A browser session (POST /api/v1/session); writes also send the X-CSRFToken header.",
    },
}

# Path fragments (after /api/v1) whose writes need the admin scope or a session only.
_ADMIN = ("/import", "/export", "/verify", "/suspension", "/audit", "/users")
_SESSION_ONLY = ("/clients", "/invitations", "/members")
_OPEN = ("/session", "/password-reset")


def security_for(method: str, path: str) -> list[dict] | None:
    method = method.lower()
    rest = path.split("/api/v1", 1)[-1]
    if rest.startswith(_OPEN) or (rest.rstrip("/") == "/users" and method == "post"):
        return []  # signing in and registering need no credential
    if rest.endswith(("/members", "/clients", "/invitations")) or "/invitations/" in rest or rest.startswith("/clients"):
        return [{"session": []}]
    if any(part in rest for part in _ADMIN) and (method != "get" or rest.startswith(("/audit", "/users", "/export"))):
        return [{"oauth2": ["admin"]}, {"session": []}]
    if rest.startswith("/saved-searches"):  # a person's own: a session, or a token acting for them
        return [{"oauth2": ["listings:read" if method == "get" else "listings:write"]}, {"session": []}]
    if method == "get":
        return [{}, {"oauth2": ["listings:read"]}, {"session": []}]
    return [{"oauth2": ["listings:write"]}, {"session": []}]


class SecurityPlugin(BasePlugin):
    def init_spec(self, spec):
        super().init_spec(spec)
        for name, scheme in SCHEMES.items():
            spec.components.security_scheme(name, scheme)

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            security = security_for(method, path or "")
            if security is not None:
                operation.setdefault("security", security)
