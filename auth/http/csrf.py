"""CSRF protection (Flask-WTF) wherever a browser's cookie carries authority.

Every form post on the pages needs the token. The API needs it (header
X-CSRFToken) only when the session cookie is what signs the caller in: a
bearer token cannot be sent by another site, and an anonymous call has no
authority to borrow.
"""
from __future__ import annotations

from flask import request
from flask_wtf.csrf import CSRFProtect

from auth.http.sessions import session_user

csrf = CSRFProtect()

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Machine endpoints authenticate each call themselves (client credentials).
EXEMPT_PREFIXES = ("/oauth/",)


def _check():
    if request.method not in UNSAFE or request.path.startswith(EXEMPT_PREFIXES):
        return
    if request.path.startswith("/api/"):
        if request.headers.get("Authorization"):
            return
        if session_user() is None:
            return
    csrf.protect()


def init_csrf(app) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # we decide where, in _check
    csrf.init_app(app)
    app.before_request(_check)
