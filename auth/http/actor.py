"""The Actor of an HTTP request: from its bearer token, else its browser session, else anonymous."""
from __future__ import annotations

from flask import request

from auth.credentials.tokens import actor_for_bearer
from auth.http.sessions import session_user
from auth.policy.identity import Actor, InvalidCredentials

_ENV_KEY = "marketplace.actor"


def actor_from_request() -> Actor:
    """The Actor for this request, cached on the request; anonymous without credentials."""
    cached = request.environ.get(_ENV_KEY)
    if cached is not None:
        return cached
    remote = request.remote_addr
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise InvalidCredentials("Authorization must be 'Bearer <token>'.", "invalid_request")
        actor = actor_for_bearer(token.strip(), remote)
    else:
        user = session_user()
        if user is not None:
            actor = Actor(user=user, label=f"user:{user.id}", remote_addr=remote, via="session")
        else:
            actor = Actor(label="anonymous", remote_addr=remote)
    request.environ[_ENV_KEY] = actor
    return actor
