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

from auth.policy.identity import Actor
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


# --- acting on a match: responses to needs and their threads ------------------------

def can_respond_with(actor: Actor, solution) -> bool:
    """Respond to a need on behalf of the organisation that lists ``solution``."""
    if not _may(actor, "express_interest"):
        return False
    return actor.is_platform_admin or is_member(actor, solution.organisation_id)


# --- two-sided conversations: responses to needs and co-design requests ---------------------
# Each is private to its two organisations (and platform administrators); each side acts
# only for itself. Organisation ids are passed as callables so nothing is loaded needlessly.

def _side_of(actor: Actor, *sides) -> str | None:
    """The name of the first (name, organisation id) side the caller is a member of, or None."""
    return next((name for name, org_id in sides if is_member(actor, org_id())), None)


def _can_see_conversation(actor: Actor, side) -> bool:
    if actor.is_platform_admin:
        return True
    if not (_may(actor, "read_private") or _may(actor, "express_interest")):
        return False
    return side() is not None


def _can_act_for(actor: Actor, organisation_id) -> bool:
    return _may(actor, "express_interest") and is_member(actor, organisation_id())


def interest_side(actor: Actor, interest) -> str | None:
    """Which side of a response the caller stands on: "need", "solution", or None (neither)."""
    return _side_of(actor, ("need", lambda: interest.need.organisation_id),
                    ("solution", lambda: interest.solution.organisation_id))


def can_see_interest(actor: Actor, interest) -> bool:
    """Responses are private to the two organisations (and platform administrators)."""
    return _can_see_conversation(actor, lambda: interest_side(actor, interest))


def can_act_on_interest(actor: Actor, interest, side: str) -> bool:
    """Take an action reserved to ``side`` ("need": shortlist, decline; "solution": withdraw)."""
    return _can_act_for(actor, lambda: interest.need.organisation_id if side == "need"
                        else interest.solution.organisation_id)


def can_post_message(actor: Actor, interest) -> bool:
    """Only members of the two organisations write in a thread: not even platform administrators."""
    return _may(actor, "express_interest") and interest_side(actor, interest) is not None


def can_support_need_as(actor: Actor, organisation) -> bool:
    """Say "we have this problem too" for ``organisation`` (its members, with the interests scope)."""
    return _may(actor, "express_interest") and (actor.is_platform_admin or is_member(actor, organisation.id))


def can_keep_shortlist(actor: Actor, need) -> bool:
    """A need's shortlist is the working list of its organisation: private to its members."""
    if not (_may(actor, "read_private") or _may(actor, "express_interest")):
        return False
    return actor.is_platform_admin or is_member(actor, need.organisation_id)


def can_change_shortlist(actor: Actor, need) -> bool:
    return _may(actor, "express_interest") and is_member(actor, need.organisation_id)


# --- co-design offers and requests ----------------------------------------------------------

def can_manage_codesign_offer(actor: Actor, organisation_id: int) -> bool:
    """Publish and close an NHS organisation's co-design offers: its members."""
    return actor.is_platform_admin or (_may(actor, "write_listings") and is_member(actor, organisation_id))


def codesign_side(actor: Actor, request) -> str | None:
    """"nhs" (the organisation), "solution" (the innovator), or None: neither."""
    return _side_of(actor, ("nhs", lambda: request.organisation_id),
                    ("solution", lambda: request.solution.organisation_id))


def can_see_codesign_request(actor: Actor, request) -> bool:
    return _can_see_conversation(actor, lambda: codesign_side(actor, request))


def can_act_on_codesign_request(actor: Actor, request, side: str) -> bool:
    return _can_act_for(actor, lambda: request.organisation_id if side == "nhs"
                        else request.solution.organisation_id)


def can_speak_for(actor: Actor, organisation_id: int) -> bool:
    """Write to another organisation on behalf of this one (invite, request): its members only."""
    return _may(actor, "express_interest") and is_member(actor, organisation_id)


# --- claims and confirmed adoption --------------------------------------------------------

def can_verify_claims(actor: Actor) -> bool:
    """Marking a regulatory or evidence claim verified is the platform team's check."""
    return actor.is_platform_admin


def can_confirm_deployment(actor: Actor, deployment) -> bool:
    """Only the NHS organisation named in a deployment confirms it, rejects it or reports its outcome."""
    return _may(actor, "write_listings") and is_member(actor, deployment.organisation_id)
