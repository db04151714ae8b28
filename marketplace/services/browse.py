"""Reads the pages need that no other service gives: whose organisations, an organisation's
listings (drafts included for its members), and organisations awaiting verification.

Visibility is decided by auth.policy.permissions, as everywhere else.
"""
from __future__ import annotations

from sqlalchemy.orm import contains_eager

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace import lifecycle
from marketplace.models import Membership, Need, Organisation, Solution, db

from .common import get_or_404, member_organisation_ids, require


def organisations_of(actor: Actor, kinds=None) -> list[Organisation]:
    """The organisations the actor belongs to (of these kinds), by name."""
    if actor.user is None:
        return []
    query = (db.select(Organisation).join(Membership, Membership.organisation_id == Organisation.id)
             .where(Membership.user_id == actor.user.id).order_by(Organisation.name))
    if kinds is not None:
        query = query.where(Organisation.kind.in_(sorted(kinds)))
    return [org for org in db.session.execute(query).scalars() if permissions.can_create_listing_for(actor, org.id)]


def memberships_of(actor: Actor) -> list[Membership]:
    if actor.user is None:
        return []
    query = (db.select(Membership).join(Organisation, Membership.organisation_id == Organisation.id)
             .where(Membership.user_id == actor.user.id).order_by(Organisation.name)
             .options(contains_eager(Membership.organisation)))  # joined anyway: no query per membership
    return list(db.session.execute(query).scalars())


def listings_of(actor: Actor, organisation_id: int, limit: int = 50) -> dict:
    """An organisation's needs and solutions that the actor may see, newest first."""
    org = get_or_404(Organisation, organisation_id, "organisation")
    private = permissions.is_member(actor, org.id) or actor.is_platform_admin
    found = {}
    for key, model in (("needs", Need), ("solutions", Solution)):
        query = db.select(model).where(model.organisation_id == org.id)
        if not private:
            query = query.where(model.status.in_(sorted(permissions.PUBLIC_STATUSES)))
        rows = db.session.execute(query.order_by(model.updated_at.desc(), model.id.desc()).limit(limit)).scalars()
        found[key] = [r for r in rows if permissions.can_view_listing(actor, r)]
    return found


def organisations_for_review(actor: Actor, verified: bool | None = False, query: str = "",
                             page: int = 1, per_page: int = 50) -> tuple[list[Organisation], int]:
    """Organisations for platform administrators to verify (or unverify), by name."""
    require(actor, permissions.can_verify_organisation(actor), "Only platform administrators verify organisations.")
    select = db.select(Organisation)
    if verified is not None:
        select = select.where(Organisation.verified == verified)
    if query:
        select = select.where(db.func.lower(Organisation.name).like(f"%{query.strip().lower()}%"))
    total = db.session.execute(db.select(db.func.count()).select_from(select.subquery())).scalar_one()
    rows = db.session.execute(
        select.order_by(Organisation.name, Organisation.id).offset((page - 1) * per_page).limit(per_page)
    ).scalars()
    return list(rows), total


def published_solutions_of(actor: Actor) -> list:
    """The published solutions of the actor's organisations, by name (to offer in a request)."""
    from marketplace.models import Solution

    query = (db.select(Solution).where(Solution.organisation_id.in_(member_organisation_ids(actor)),
                                       Solution.status == lifecycle.PUBLISHED)
             .order_by(Solution.name))
    return list(db.session.execute(query).unique().scalars())
