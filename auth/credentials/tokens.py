"""Bearer tokens on API requests: checked on every use, so revocation and suspension take effect at once."""
from __future__ import annotations

import logging

from sqlalchemy.orm import joinedload, selectinload

from auth.credentials.secrets import hash_secret
from auth.policy.identity import Actor, InvalidCredentials
from marketplace.models import ApiClient, OAuthToken, User, db, utcnow

log = logging.getLogger(__name__)


def find_token(token_string: str) -> OAuthToken | None:
    # One round trip for the token, its client and registrant, one for their memberships:
    # every request with a token needs all of them.
    return db.session.execute(
        db.select(OAuthToken)
        .where(OAuthToken.access_token_hash == hash_secret(token_string))
        .options(joinedload(OAuthToken.client).joinedload(ApiClient.created_by)
                 .selectinload(User.memberships))
    ).unique().scalar_one_or_none()


def token_problem(row: OAuthToken | None) -> str | None:
    """Why this token cannot be used now, or None when it can."""
    if row is None:
        return "The access token is not valid."
    if row.revoked_at is not None:
        return "The access token has been revoked."
    if row.expires_at <= utcnow():
        return "The access token has expired. Ask /oauth/token for a new one."
    client = row.client
    if client.revoked_at is not None:
        return "The API client has been revoked."
    owner = client.created_by
    if owner.is_suspended:
        return "The account that registered this API client is suspended."
    if client.organisation_id is not None and not any(
        m.organisation_id == client.organisation_id for m in owner.memberships
    ):
        return "The person who registered this API client is no longer a member of its organisation."
    return None


def actor_for_bearer(token_string: str, remote_addr: str | None) -> Actor:
    row = find_token(token_string)
    problem = token_problem(row)
    if problem is not None:
        log.info("Refused bearer token from %s: %s", remote_addr, problem)
        raise InvalidCredentials(problem)
    client = row.client
    return Actor(
        user=client.created_by,
        label=f"user:{client.created_by.id} via client:{client.client_id}",
        remote_addr=remote_addr,
        via="token",
        scopes=frozenset(row.scope.split()),
        client_organisation_id=client.organisation_id,
    )
