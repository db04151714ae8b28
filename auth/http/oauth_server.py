"""The OAuth2 authorization server (authlib): client credentials at /oauth/token, RFC 7009 revocation at /oauth/revoke.

Clients and tokens are stored hashed; these adapters give authlib the
interface it expects without tying the models to authlib.
"""
from __future__ import annotations

import logging

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidScopeError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from flask import Blueprint, json, request

from auth.credentials.secrets import hash_secret, matches
from auth.credentials.tokens import find_token
from auth.http.limits import limiter, token_limit
from auth.policy.identity import SCOPES, Actor
from marketplace.models import ApiClient, OAuthToken, db, utcnow
from marketplace.services import audit
from marketplace.schemas.errors import status_title
from marketplace.services.common import commit

log = logging.getLogger(__name__)

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class Client(ClientMixin):
    def __init__(self, row: ApiClient):
        self.row = row

    def get_client_id(self):
        return self.row.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        # No scope asked for: everything the client was registered with.
        return scope or self.row.scope

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return matches(client_secret or "", self.row.client_secret_hash)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in AUTH_METHODS

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type == "client_credentials"


class Token(TokenMixin):
    def __init__(self, row: OAuthToken):
        self.row = row

    def check_client(self, client):
        return self.row.client_pk == client.row.id

    def get_scope(self):
        return self.row.scope

    def get_expires_in(self):
        return self.row.expires_in

    def is_expired(self):
        return self.row.expires_at <= utcnow()

    def is_revoked(self):
        return self.row.revoked_at is not None


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def validate_token_request(self):
        super().validate_token_request()
        asked = set((self.request.payload.scope or "").split())
        allowed = set(self.client.row.scope.split())
        if asked - allowed:
            raise InvalidScopeError(description=f"This client may ask only for: {' '.join(sorted(allowed))}.")


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        row = find_token(token_string)
        return Token(row) if row is not None else None

    def revoke_token(self, token, request):
        if token.row.revoked_at is None:
            token.row.revoked_at = utcnow()
            _audit_client(token.row.client, "oauth_token.revoke", token_id=token.row.id)
            commit()


def _query_client(client_id):
    row = db.session.execute(db.select(ApiClient).where(ApiClient.client_id == client_id)).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.created_by.is_suspended:
        return None
    return Client(row)


def _save_token(token, oauth_request):
    client = oauth_request.client.row
    row = OAuthToken(client_pk=client.id, access_token_hash=hash_secret(token["access_token"]),
                     token_type=token.get("token_type", "Bearer"), scope=token.get("scope") or "",
                     expires_in=int(token["expires_in"]))
    db.session.add(row)
    client.last_used_at = utcnow()
    db.session.flush()
    _audit_client(client, "oauth_token.issue", token_id=row.id, scope=row.scope)
    commit()


def _audit_client(client: ApiClient, action: str, **details) -> None:
    actor = Actor(user=client.created_by, label=f"client:{client.client_id}", remote_addr=request.remote_addr, via="token")
    audit.record(actor, action, client, object_type="api_client", **details)


server = AuthorizationServer()
blueprint = Blueprint("oauth", __name__, url_prefix="/oauth")


def init_oauth_server(app) -> None:
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"client_credentials": app.config.get("OAUTH2_TOKEN_SECONDS", 3600)})
    app.config.setdefault("OAUTH2_SCOPES_SUPPORTED", list(SCOPES))
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentials)
    server.register_endpoint(Revocation)
    app.register_blueprint(blueprint)


def _with_error_shape(response):
    """OAuth errors keep RFC 6749's fields and gain the marketplace's (status, title, message, errors)."""
    if response.status_code < 400:
        return response
    try:
        body = json.loads(response.get_data())
    except ValueError:
        body = {}
    body.setdefault("status", response.status_code)
    body.setdefault("title", status_title(response.status_code))
    body.setdefault("message", body.get("error_description") or body.get("error", "The request was refused."))
    body.setdefault("errors", {})
    log.info("OAuth %s refused from %s: %s", request.path, request.remote_addr, body.get("error"))
    response.set_data(json.dumps(body))
    return response


@blueprint.post("/token")
@limiter.limit(token_limit)
def issue_token():
    """Client credentials grant (RFC 6749 section 4.4)."""
    return _with_error_shape(server.create_token_response())


@blueprint.post("/revoke")
@limiter.limit(token_limit)
def revoke_token():
    """Token revocation (RFC 7009): 200 whether or not the token was known."""
    return _with_error_shape(server.create_endpoint_response(Revocation.ENDPOINT_NAME))


