"""Checks every request passes before any view reads it.

- A query string that is not UTF-8 (raw bytes such as ``?q=\\xff``) is refused with
  400. Werkzeug decodes the query string strictly in several places (``request.args``,
  ``request.full_path``), each of which would otherwise end in a UnicodeDecodeError.
- Authentication comes before validation on every API write: an anonymous caller
  learns that they must sign in, not which fields the operation takes. What each
  operation demands is read from the same rule that documents it (``security_for``).
"""
from __future__ import annotations

from flask import request
from werkzeug.exceptions import BadRequest

from auth.identity import actor_from_request
from marketplace.services.errors import Unauthenticated

from .security import security_for

BAD_QUERY_KEY = "marketplace.bad_query_string"
BAD_QUERY_MESSAGE = "The query string is not valid UTF-8: percent-encode it (for example %C3%A9 for é)."
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class QueryStringGuard:
    """WSGI middleware: sets a query string that is not UTF-8 aside, so the app sees none.

    The app then answers 400 (``refuse_bad_query_string``) in its own error shape: JSON on
    the API, the error page elsewhere, which itself reads the (now empty) query string.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if query:
            try:
                # WSGI hands the request line's bytes over as latin-1 text.
                query.encode("latin-1").decode("utf-8")
            except UnicodeError:
                environ[BAD_QUERY_KEY] = query
                environ["QUERY_STRING"] = ""
        return self.wsgi_app(environ, start_response)


def refuse_bad_query_string():
    if BAD_QUERY_KEY in request.environ:
        error = BadRequest(BAD_QUERY_MESSAGE)
        error.data = {"messages": {"_request": [BAD_QUERY_MESSAGE]}}
        raise error


def authenticate_writes_first():
    if request.method not in WRITES or request.url_rule is None or not request.path.startswith("/api/"):
        return
    security = security_for(request.method, request.url_rule.rule)
    if not security or {} in security:
        return  # open (signing in, registering) or allowed anonymously
    if not actor_from_request().is_authenticated:  # an invalid credential raises its own 401 here
        raise Unauthenticated("Sign in to do this.")


def init_guards(app) -> None:
    app.wsgi_app = QueryStringGuard(app.wsgi_app)
    # First of all before_request functions (CSRF, rate limits), so nothing reads the arguments before.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_bad_query_string)
    app.before_request(authenticate_writes_first)
