"""One error shape for the whole API.

Every error is ``{"status", "title", "message", "errors"}`` where ``errors``
maps field paths (``clinical_areas``, ``solutions[3].summary``) to messages.
"""
from __future__ import annotations

import logging

import psycopg
from flask import jsonify, request
from marshmallow import Schema, fields
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

from auth.identity import InvalidCredentials
from marketplace.schemas.errors import as_field_map, as_lines
from marketplace.services.errors import ServiceError

log = logging.getLogger(__name__)

# The database cannot be reached or dropped the connection (a restart, a failover, a pool
# with no connection free): the request may well succeed in a moment, so 503, not 500.
# SQLAlchemy wraps the driver's errors; psycopg's own are listed for any that surface bare.
DATABASE_UNAVAILABLE = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError, sa_exc.TimeoutError,
    psycopg.OperationalError, psycopg.InterfaceError,
)
# A PostgreSQL restart or failover takes seconds; asking for more would keep clients away longer than needed.
DATABASE_RETRY_AFTER = "5"
DATABASE_UNAVAILABLE_MESSAGE = "The service cannot reach its database just now. Please try again in a few seconds."

# webargs nests field errors under the request location; people want the field.
_LOCATIONS = ("json", "query", "path", "form", "headers", "view_args", "files")


class ErrorSchema(Schema):
    """The error shape, as the OpenAPI document describes it (flask-smorest's own differs)."""

    status = fields.Integer(required=True, metadata={"description": "The HTTP status code"})
    title = fields.String(required=True, metadata={"description": "The HTTP status phrase"})
    message = fields.String(required=True, metadata={"description": "What went wrong, for a person to read"})
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()), required=True,
        metadata={"description": "Field path (e.g. solutions[3].clinical_areas) -> messages; empty if none"},
    )
    problems = fields.List(fields.String(), metadata={"description": "An invalid bundle: every problem, 'path: message'"})


def error_response(status: int, message: str, errors=None, **extra):
    body = {"status": status, "title": _title(status), "message": message, "errors": errors or {}}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _strip_location(messages):
    if isinstance(messages, dict) and messages and set(messages) <= set(_LOCATIONS):
        merged: dict = {}
        for value in messages.values():
            if isinstance(value, dict):
                merged.update(value)
            else:
                merged.setdefault("_request", []).extend(value if isinstance(value, list) else [value])
        return merged
    return messages


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    headers = data.get("headers") or {}
    if messages:
        messages = _strip_location(messages)
        fields = as_field_map(messages)
        if status == 400 and list(fields) == ["_request"]:
            message = "; ".join(fields["_request"])
        elif status == 422:
            message = "Some fields are not valid: " + "; ".join(as_lines(messages))
        else:
            message = exc.description or _title(status)
        response = error_response(status, message, fields)
    else:
        message = data.get("message") or exc.description or _title(status)
        if status == 413:
            message = "The request is too large."
        response = error_response(status, message)
    for key, value in headers.items():
        response.headers[key] = value
    if hasattr(exc, "get_headers") and status == 405:
        for key, value in exc.get_headers():
            if key.lower() == "allow":
                response.headers[key] = value
    return response


def handle_service_error(exc: ServiceError):
    errors = exc.errors
    extra = {}
    if isinstance(errors, list):  # a report of lines, e.g. an invalid bundle
        extra["problems"] = errors
        fields: dict[str, list[str]] = {}
        for line in errors:
            path, sep, msg = line.partition(": ")
            if not sep:  # a problem with the document as a whole
                path, msg = "_request", line
            fields.setdefault(path, []).append(msg)
        errors = fields
    response = error_response(exc.status, exc.message, errors, **extra)
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="marketplace"'
    return response


def handle_invalid_credentials(exc: InvalidCredentials):
    response = error_response(401, f"Not signed in: {str(exc).rstrip('.')}.")
    response.headers["WWW-Authenticate"] = f'Bearer realm="marketplace", error="{exc.error}"'
    return response


def handle_recursion_error(exc: RecursionError):
    # json.loads gives up on absurdly deep nesting ([[[[...]]]]) with a RecursionError,
    # which neither Flask nor webargs treat as malformed input: it is, so 400.
    if "decoding a JSON" in str(exc):
        return error_response(400, "The JSON body is nested too deeply.", {"_request": ["nested too deeply"]})
    return handle_unexpected(exc)


def handle_value_error(exc: ValueError):
    # Python refuses to turn more than 4,300 digits into an int (CVE-2020-10735), and the
    # JSON decoder lets that ValueError through instead of its own JSONDecodeError.
    if "integer string conversion" in str(exc):
        problem = "a number in the JSON body has more than 4,300 digits"
        return error_response(400, f"The JSON body is not acceptable: {problem}.", {"_request": [problem]})
    return handle_unexpected(exc)


DATA_REFUSED_MESSAGE = ("A value in the request cannot be stored or compared: for example a NUL character "
                        "or a number out of range.")


def handle_data_refused(exc: sa_exc.DataError):
    # The database refused a value the request carried (NUL in text on PostgreSQL, an
    # integer out of range): the input is wrong, not the service. 400, and nothing written.
    log.warning("The database refused a value on %s %s: %s", request.method, request.path,
                str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__)
    return error_response(400, DATA_REFUSED_MESSAGE, {"_request": [DATA_REFUSED_MESSAGE]})


def handle_database_unavailable(exc: Exception):
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    log.error("Database unavailable on %s %s: %s", request.method, request.path, reason)
    response = error_response(503, DATABASE_UNAVAILABLE_MESSAGE)
    response.headers["Retry-After"] = DATABASE_RETRY_AFTER
    return response


def handle_unexpected(exc: Exception):
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return error_response(500, InternalServerError.description)


def handle_search_unavailable(exc):
    log.warning("Search unavailable: %s", exc)
    response = error_response(503, exc.public_message)
    response.headers["Retry-After"] = str(exc.retry_after)  # the breaker's next probe
    return response
