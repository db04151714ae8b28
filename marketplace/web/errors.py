"""HTML error pages for every path outside the API.

The API answers errors as JSON (marketplace/api/errors.py). A person in a
browser gets a page in the same layout instead: 400 (including a missing or
wrong CSRF token), 403, 404, 405, 409, 413, 422, 429, 500 and 503, never a
bare traceback. Pages that need someone signed in send them to sign in.

``register`` wraps the app's error handlers: an error on a page path renders
a page; anything else goes to the handler that was there before.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from auth.identity import InvalidCredentials
from auth.redirects import safe_next
from marketplace.services.errors import ServiceError, Unauthenticated

log = logging.getLogger(__name__)

# Paths that belong to machines: they keep their JSON errors.
MACHINE_PREFIXES = ("/api/", "/oauth/", "/.well-known/", "/health")

TITLES = {
    400: "There is a problem with your request",
    401: "Sign in to continue",
    403: "You do not have permission to do this",
    404: "Page not found",
    405: "You cannot do that on this page",
    409: "Someone else changed this",
    413: "What you sent is too large",
    422: "Some details are not right",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}

MESSAGES = {
    400: ["Go back and try again."],
    403: ["If you think you should be able to do this, ask an admin of your organisation."],
    404: ["If you typed the web address, check it is correct.",
          "If you pasted the web address, check you copied the entire address."],
    405: ["Go back to the page you came from and use its buttons or links."],
    413: ["Send something smaller: pages here accept up to 10 MB."],
    429: ["Wait a little, then try again."],
    500: ["Try again later."],
    503: ["Try again in a minute."],
}

CSRF_MESSAGE = ("The form you sent has expired or did not come from this service. "
                "Go back, reload the page and try again.")


def is_page_request() -> bool:
    path = request.path
    return not (path.startswith(MACHINE_PREFIXES) or path == "/health")


def render_error(status: int, message: str | None = None, headers=None):
    lines = [message] if message else MESSAGES.get(status, [])
    try:
        body = render_template("error.html", status=status, title=TITLES.get(status, TITLES[500]), lines=lines)
    except Exception:  # noqa: BLE001 - the error page itself failed: say so plainly, never a traceback
        log.exception("Could not render the %s page", status)
        body = (f"<!doctype html><html lang='en-GB'><title>{TITLES.get(status, TITLES[500])}</title>"
                f"<h1>{TITLES.get(status, TITLES[500])}</h1></html>")
    response = (body, status, {"Content-Type": "text/html; charset=utf-8"})
    if headers:
        response[2].update(headers)
    return response


def _sign_in_redirect():
    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        referrer = urlsplit(request.referrer or "")
        target = referrer.path + (f"?{referrer.query}" if referrer.query else "") if referrer.path else "/"
    return redirect(url_for("web.sign_in", next=safe_next(target)))


def page_error(exc: BaseException):
    from marketplace.api.errors import DATABASE_UNAVAILABLE
    from marketplace.models import db

    try:
        db.session.rollback()
    except DATABASE_UNAVAILABLE:  # a connection that died cannot roll back; the page must still show
        pass
    if isinstance(exc, Unauthenticated):
        return _sign_in_redirect()
    if isinstance(exc, ServiceError):
        return render_error(exc.status, exc.message)
    if isinstance(exc, InvalidCredentials):
        return render_error(400, "This page does not take an Authorization header. Sign in instead.")
    if isinstance(exc, CSRFError):
        return render_error(400, CSRF_MESSAGE)
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        headers = {}
        if status == 405:
            headers.update({k: v for k, v in exc.get_headers() if k.lower() == "allow"})
        message = None
        if status == 429:
            message = "You have tried this too many times. Wait a minute, then try again."
        elif status == 400 and exc.description and exc.description != type(exc).description:
            message = exc.description
        return render_error(status, message, headers)
    from sqlalchemy.exc import DataError

    from marketplace.api.errors import DATABASE_RETRY_AFTER
    from search.backend import SearchUnavailable

    if isinstance(exc, DataError):
        log.warning("The database refused a value on %s %s: %s", request.method, request.path, exc.orig)
        return render_error(400, "Something you sent cannot be stored: check it for unusual characters.")
    if isinstance(exc, DATABASE_UNAVAILABLE):
        log.error("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return render_error(503, "The service cannot reach its database just now. Try again in a few seconds.",
                            {"Retry-After": DATABASE_RETRY_AFTER})
    if isinstance(exc, SearchUnavailable):
        log.warning("Search unavailable: %s", exc)
        return render_error(503, exc.public_message, {"Retry-After": str(exc.retry_after)})
    log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return render_error(500)


def register(app) -> None:
    """Wrap every error handler the app has so far: pages get pages, machines keep theirs."""
    for code, by_class in list(app.error_handler_spec[None].items()):
        for cls, original in list(by_class.items()):
            by_class[cls] = _either(original)
    # Whatever no handler catches (an error in a page's own code) still gets a page.
    if Exception not in app.error_handler_spec[None][None]:
        app.register_error_handler(Exception, _either(None))


def _either(original):
    def handler(exc):
        if is_page_request() or original is None:
            return page_error(exc)
        return original(exc)

    handler.__name__ = getattr(original, "__name__", "page_error")
    return handler
