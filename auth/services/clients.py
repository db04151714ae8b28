"""API clients: registered by an organisation admin, secret shown once, revocable."""
from __future__ import annotations

from auth.credentials.secrets import hash_secret, new_secret
from auth.policy import permissions
from auth.policy.identity import SCOPES, Actor
from marketplace.models import ApiClient, OAuthToken, Organisation, db, utcnow
from marketplace.services import audit
from marketplace.services.common import commit, get_or_404, require
from marketplace.services.errors import Invalid, NotFound


def _check_scopes(actor: Actor, scopes: list[str], organisation: Organisation | None) -> list[str]:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise Invalid("Unknown scopes.", {"scopes": [f"unknown scope '{s}'; choose from {', '.join(SCOPES)}" for s in unknown]})
    if not scopes:
        raise Invalid("Choose at least one scope.", {"scopes": ["choose at least one scope"]})
    if "admin" in scopes and not (actor.user is not None and actor.user.is_platform_admin):
        raise Invalid("Only platform administrators can give a client the admin scope.",
                      {"scopes": ["'admin' is for platform administrators' clients only"]})
    if organisation is None and set(scopes) - {"admin"}:
        raise Invalid("A client without an organisation can only have the admin scope.",
                      {"scopes": ["a platform client acts for no organisation: only 'admin'"]})
    return sorted(set(scopes))


def register_client(actor: Actor, organisation_id: int | None, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A new client and its secret; only the secret's hash is kept, so it is shown this once."""
    organisation = get_or_404(Organisation, organisation_id, "organisation") if organisation_id is not None else None
    require(actor, permissions.can_manage_api_clients(actor, organisation),
            "Only organisation admins register API clients for their organisation.")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise Invalid("Name the client.", {"name": ["enter a name of 1 to 100 characters"]})
    scopes = _check_scopes(actor, list(scopes or []), organisation)
    secret = new_secret("mkts_")
    client = ApiClient(client_id=new_secret("mktc_", 18), client_secret_hash=hash_secret(secret), name=name,
                       organisation_id=organisation.id if organisation else None,
                       created_by_user_id=actor.user.id, scope=" ".join(scopes))
    db.session.add(client)
    db.session.flush()
    audit.record(actor, "api_client.create", client, object_type="api_client", client_id=client.client_id,
                 scopes=scopes, organisation=organisation.ref if organisation else None)
    commit()
    return client, secret


def _client_for(actor: Actor, client_pk: int) -> ApiClient:
    client = db.session.get(ApiClient, client_pk)
    if client is None or not permissions.can_see_api_client(actor, client):
        raise NotFound(f"No API client with id {client_pk}.")
    return client


def clients_of(actor: Actor, organisation_id: int | None) -> list[ApiClient]:
    organisation = get_or_404(Organisation, organisation_id, "organisation") if organisation_id is not None else None
    require(actor, permissions.can_manage_api_clients(actor, organisation),
            "Only organisation admins see their organisation's API clients.")
    rows = db.session.execute(
        db.select(ApiClient).where(ApiClient.organisation_id == (organisation.id if organisation else None))
        .order_by(ApiClient.created_at.desc())
    ).scalars()
    return list(rows)


def revoke_client(actor: Actor, client_pk: int) -> ApiClient:
    client = _client_for(actor, client_pk)
    require(actor, permissions.can_manage_api_clients(actor, client.organisation),
            "Only organisation admins revoke their organisation's API clients.")
    if client.revoked_at is None:
        now = utcnow()
        client.revoked_at = now
        for token in db.session.execute(
            db.select(OAuthToken).where(OAuthToken.client_pk == client.id, OAuthToken.revoked_at.is_(None))
        ).scalars():
            token.revoked_at = now
        audit.record(actor, "api_client.revoke", client, object_type="api_client", client_id=client.client_id)
        commit()
    return client
