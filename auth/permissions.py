"""Who may see and change what: the one module every endpoint and page asks.

Rules:
- Published listings (and every organisation profile) are public.
- Drafts, closed and archived listings are visible only to members of the
  owning organisation and platform administrators; to anyone else they do not
  exist (404, never 403, so their existence does not leak).
- Members of an organisation change its listings; organisation admins also
  change its profile; platform administrators may do anything, including
  creating organisations and importing bundles.
"""
from __future__ import annotations

from auth.identity import Actor

PUBLIC_STATUSES = frozenset({"published"})


def is_member(actor: Actor, organisation_id: int | None) -> bool:
    return actor.role_in(organisation_id) is not None


def can_view_listing(actor: Actor, listing) -> bool:
    if listing.status in PUBLIC_STATUSES:
        return True
    return actor.is_platform_admin or is_member(actor, listing.organisation_id)


def can_edit_listing(actor: Actor, listing) -> bool:
    return actor.is_platform_admin or is_member(actor, listing.organisation_id)


def can_create_listing_for(actor: Actor, organisation_id: int) -> bool:
    return actor.is_platform_admin or is_member(actor, organisation_id)


def can_view_organisation(actor: Actor, organisation) -> bool:
    return True


def can_create_organisation(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_edit_organisation(actor: Actor, organisation) -> bool:
    return actor.is_platform_admin or actor.role_in(organisation.id) == "admin"


def can_delete_organisation(actor: Actor, organisation) -> bool:
    return actor.is_platform_admin


def can_verify_organisation(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_import_bundle(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_read_audit_log(actor: Actor) -> bool:
    return actor.is_platform_admin
