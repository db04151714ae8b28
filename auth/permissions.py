"""Who may see and change what: the one module every endpoint and page asks.

Rules:
- Published listings (and every organisation profile) are public.
- Drafts, closed and archived listings are visible only to members of the
  owning organisation and platform administrators; to anyone else they do not
  exist (404, never 403, so their existence does not leak).
- Members of an organisation change its listings; organisation admins also
  change its profile, its members and its API clients; platform
  administrators may do anything, including verifying organisations,
  suspending accounts, importing bundles and reading the audit log.
- Anyone signed in may start an organisation (unverified until a platform
  administrator checks it) and becomes its admin.
- An API token can do no more than its scopes allow (``SCOPE_FOR``), and no
  more than the person who registered its client, within that client's
  organisation (``Actor.role_in``).
"""
from __future__ import annotations

from auth.identity import Actor
from marketplace.lifecycle import PUBLIC_STATUSES

# The scope a token needs for each kind of action (sessions are not limited by scope).
SCOPE_FOR = {
    "read_private": "listings:read",
    "write_listings": "listings:write",
    "express_interest": "interests:write",
    "administer": "admin",
}


def is_member(actor: Actor, organisation_id: int | None) -> bool:
    return actor.role_in(organisation_id) is not None


def is_org_admin(actor: Actor, organisation_id: int | None) -> bool:
    return actor.role_in(organisation_id) == "admin"


def _may(actor: Actor, action: str) -> bool:
    if action == "read_private" and actor.has_scope(SCOPE_FOR["write_listings"]):
        return True  # changing a record needs seeing it
    return actor.has_scope(SCOPE_FOR[action])


def can_view_listing(actor: Actor, listing) -> bool:
    if listing.status in PUBLIC_STATUSES:
        return True
    if not _may(actor, "read_private") and not actor.is_platform_admin:
        return False
    return actor.is_platform_admin or is_member(actor, listing.organisation_id)


def can_edit_listing(actor: Actor, listing) -> bool:
    if actor.is_platform_admin:
        return True
    return _may(actor, "write_listings") and is_member(actor, listing.organisation_id)


def can_create_listing_for(actor: Actor, organisation_id: int) -> bool:
    if actor.is_platform_admin:
        return True
    return _may(actor, "write_listings") and is_member(actor, organisation_id)


def can_view_organisation(actor: Actor, organisation) -> bool:
    return True


def can_create_organisation(actor: Actor) -> bool:
    # People start organisations from a browser; tokens act for one that exists.
    return actor.is_platform_admin or (actor.user is not None and actor.via == "session")


def can_edit_organisation(actor: Actor, organisation) -> bool:
    if actor.is_platform_admin:
        return True
    return _may(actor, "write_listings") and is_org_admin(actor, organisation.id)


def can_delete_organisation(actor: Actor, organisation) -> bool:
    return actor.is_platform_admin


def can_see_members(actor: Actor, organisation) -> bool:
    return actor.is_platform_admin or (_may(actor, "read_private") and is_member(actor, organisation.id))


def can_manage_members(actor: Actor, organisation) -> bool:
    """Invite, withdraw invitations, remove members: people in a browser, not robots."""
    if actor.via != "session" and not actor.operator:
        return False
    return actor.is_platform_admin or is_org_admin(actor, organisation.id)


def can_manage_api_clients(actor: Actor, organisation) -> bool:
    """Register and revoke clients: a person in a browser (a client cannot mint clients)."""
    if actor.via != "session" and not actor.operator:
        return False
    if organisation is None:
        return actor.is_platform_admin
    return actor.is_platform_admin or is_org_admin(actor, organisation.id)


def can_see_api_client(actor: Actor, client) -> bool:
    return can_manage_api_clients(actor, client.organisation)


def can_verify_organisation(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_suspend_users(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_import_bundle(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_read_audit_log(actor: Actor) -> bool:
    return actor.is_platform_admin
