"""Every API write in one transaction, committed once its answer is ready; and Idempotency-Key.

A committed write must be answered as committed. So the services' ``commit()`` only
flushes during an API write (same errors, same moment), the view shapes its answer,
and only then is the transaction committed: nothing after the commit reads the
database, so a connection that dies just then cannot turn a committed write into an
error. (Work a service committed before raising, e.g. a failed sign-in's audit event
and lockout count, is still committed.)

``Idempotency-Key`` on a create (a POST answered 201, by a signed-in caller): the key,
a fingerprint of the request and the answer are written in the create's own
transaction. A retry with the same key by the same caller gets the first answer again
(same status and body, header ``Idempotent-Replayed: true``); the same key with another
request is refused with 422. Keys live IDEMPOTENCY_KEY_HOURS (24) hours; expired ones
are deleted by the next create that stores a key. Failed attempts store nothing, so
they can be retried as they are.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from apispec import BasePlugin
from flask import Response, current_app, request
from sqlalchemy.exc import IntegrityError

from auth.identity import actor_from_request
from marketplace.models import IdempotencyKey, db, utcnow
from marketplace.services.common import COMMIT_DEFERRED, COMMIT_REQUESTED, commit
from marketplace.services.errors import ServiceError

from .security import security_for

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as in the IETF draft's examples

PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "description": ("Any unique string up to 255 visible ASCII characters (a UUID, say). A retry with the same "
                    "key gets the first answer again instead of creating a duplicate (kept 24 hours, per "
                    "caller); the same key with a different request is refused with 422."),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
}


class IdempotencyKeyError(ServiceError):
    status = 422


class IdempotencyPlugin(BasePlugin):
    """Documents the header on every operation that takes it."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method != "parameters" and is_create(method, path or "", operation.get("responses")):
                operation.setdefault("parameters", []).append(dict(PARAMETER))


def is_create(method: str, path: str, responses) -> bool:
    """A create that takes Idempotency-Key: a POST answered 201 that needs a credential."""
    security = security_for(method, path)
    return (method.lower() == "post" and any(str(code) == "201" for code in (responses or {}))
            and bool(security) and {} not in security)


def install(app, api) -> None:
    """Wrap every API write view (after every blueprint is registered)."""
    creates = set()
    for path, operations in api.spec.to_dict()["paths"].items():
        for method, operation in operations.items():
            if method != "parameters" and is_create(method, path, operation.get("responses")):
                creates.add((method.upper(), path))
    wrapped = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or not (rule.methods & WRITES) or rule.endpoint in wrapped:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        takes_key = {m for m in rule.methods if (m, path) in creates}
        app.view_functions[rule.endpoint] = _one_transaction(app.view_functions[rule.endpoint], takes_key)
        wrapped.add(rule.endpoint)


def _one_transaction(view, takes_key: set[str]):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in WRITES:
            return view(*args, **kwargs)
        key = request.headers.get(HEADER) if request.method in takes_key else None
        if key is None:
            return _run(view, args, kwargs)
        return _idempotent(view, args, kwargs, key)

    return wrapper


def _run(view, args, kwargs, before_commit=None):
    session = db.session
    session.info[COMMIT_DEFERRED] = True
    try:
        response = current_app.make_response(view(*args, **kwargs))
    except Exception:
        session.info.pop(COMMIT_DEFERRED, None)
        if session.info.pop(COMMIT_REQUESTED, False):
            _commit_what_was_committed()
        raise
    session.info.pop(COMMIT_DEFERRED, None)
    session.info.pop(COMMIT_REQUESTED, None)
    if before_commit is not None:
        before_commit(response)
    commit()
    return response


def _commit_what_was_committed() -> None:
    """A service committed, then refused (a wrong password is counted, then 401): keep what it committed."""
    try:
        db.session.commit()
    except Exception:  # noqa: BLE001 - the refusal is the answer; this failure only goes to the log
        db.session.rollback()
        log.exception("Could not commit the work done before an error on %s %s", request.method, request.path)


# --- Idempotency-Key ---------------------------------------------------------------------------

def _caller() -> str | None:
    actor = actor_from_request()
    return actor.label if actor.is_authenticated else None


def _fingerprint() -> str:
    raw = request.get_data(cache=True)
    try:  # the same document sent again with its keys in another order is the same request
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        canonical = raw
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


def _find(caller: str, key: str) -> IdempotencyKey | None:
    return db.session.execute(
        sa.select(IdempotencyKey).where(IdempotencyKey.caller == caller, IdempotencyKey.key == key,
                                        IdempotencyKey.expires_at > utcnow())
    ).scalar_one_or_none()


def _replay(stored: IdempotencyKey, fingerprint: str) -> Response:
    if stored.fingerprint != fingerprint:
        raise IdempotencyKeyError(
            f"This {HEADER} was already used with a different request. Use a new key for a new request.",
            {HEADER: ["already used with a different request (another body or address)"]})
    response = Response(stored.body, status=stored.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _idempotent(view, args, kwargs, key: str):
    if not _KEY_PATTERN.match(key):
        raise IdempotencyKeyError(
            f"The {HEADER} header must be 1 to 255 visible ASCII characters, such as a UUID.",
            {HEADER: ["must be 1 to 255 visible ASCII characters (no spaces), such as a UUID"]})
    caller = _caller()
    if caller is None:  # the guard has already answered 401 to anyone anonymous
        return _run(view, args, kwargs)
    fingerprint = _fingerprint()
    stored = _find(caller, key)
    if stored is not None:
        return _replay(stored, fingerprint)

    def remember(response):
        if not 200 <= response.status_code < 300:
            return
        now = utcnow()
        db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.expires_at <= now))
        db.session.add(IdempotencyKey(
            caller=caller, key=key, method=request.method, path=request.path[:500], fingerprint=fingerprint,
            status_code=response.status_code, body=response.get_data(as_text=True), created_at=now,
            expires_at=now + timedelta(hours=current_app.config["IDEMPOTENCY_KEY_HOURS"])))
        try:
            db.session.flush()
        except IntegrityError:
            # The same key, sent again while the first was still running, won the race:
            # this attempt is undone and answered with the first one's result.
            db.session.rollback()
            raise _LostRace() from None

    try:
        return _run(view, args, kwargs, before_commit=remember)
    except _LostRace:
        stored = _find(caller, key)
        if stored is None:  # the winner's row expired meanwhile, or was not committed after all
            raise IdempotencyKeyError(f"A request with this {HEADER} is still being processed. Try again shortly.",
                                      {HEADER: ["in use by a request still being processed"]}) from None
        return _replay(stored, fingerprint)


class _LostRace(Exception):
    pass
