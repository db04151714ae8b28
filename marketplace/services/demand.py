"""Pooled demand: other NHS organisations join a published need, so one evaluation serves several.

The combined demand (organisations, regions, population and sites where given) is public on a
published need: innovators see every organisation with the problem.
"""
from __future__ import annotations

import sqlalchemy as sa

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.lifecycle import PUBLISHED
from marketplace.models import NHS_KINDS, Need, NeedSupporter, db

from . import audit, browse, notifications
from .common import commit, get_or_404, organisation_by_ref, require
from .errors import Conflict, Invalid, NotFound



def _published_need(actor: Actor, need_id: int) -> Need:
    return get_or_404(Need, need_id, "need", lambda need: permissions.can_view_listing(actor, need))


def organisations_that_can_join(actor: Actor, need: Need) -> list:
    """The caller's NHS organisations that could still join ``need``: not the one that posted it,
    nor one that has joined it already (the page offers only these, so no one is offered a join
    that would be refused)."""
    joined = set(db.session.execute(
        sa.select(NeedSupporter.organisation_id).where(NeedSupporter.need_id == need.id)).scalars())
    return [o for o in browse.organisations_of(actor, NHS_KINDS)
            if o.id != need.organisation_id and o.id not in joined]


def join(actor: Actor, need_id: int, data: dict) -> NeedSupporter:
    require(actor, actor.is_authenticated, "")
    need = _published_need(actor, need_id)
    if need.status != PUBLISHED:
        raise Conflict(f"Only published needs can be joined; this one is {need.status}.",
                       {"need_id": [f"the need is {need.status}"]})
    data = dict(data)
    org = organisation_by_ref(data.pop("organisation"))
    require(actor, permissions.can_support_need_as(actor, org), f"Only members of {org.name} can join for it.")
    if org.kind not in NHS_KINDS:
        raise Invalid("Needs are joined by NHS organisations.",
                      {"organisation": [f"{org.name} is not an NHS organisation"]})
    if org.id == need.organisation_id:
        raise Invalid("This is your organisation's own need.", {"organisation": [f"{org.name} posted this need"]})
    if _existing(need.id, org.id) is not None:
        raise Conflict(f"{org.name} has already joined this need.", {"organisation": ["already joined"]})
    supporter = NeedSupporter(need_id=need.id, organisation_id=org.id,
                              created_by_user_id=actor.user.id if actor.user else None, **data)
    db.session.add(supporter)
    db.session.flush()
    audit.record(actor, "need.join", supporter, object_type="need_supporter", need=need.ref, organisation=org.ref)
    notifications.notify(need.organisation_id, "need.joined", None,
                         f"{org.name} has the same problem as “{need.title}” and joined it.")
    commit()
    return supporter


def leave(actor: Actor, need_id: int, organisation_id: int) -> None:
    need = _published_need(actor, need_id)
    supporter = _existing(need.id, organisation_id)
    if supporter is None:
        raise NotFound("That organisation has not joined this need.")
    require(actor, permissions.can_support_need_as(actor, supporter.organisation),
            f"Only members of {supporter.organisation.name} can take it off this need.")
    audit.record(actor, "need.leave", supporter, object_type="need_supporter", need=need.ref,
                 organisation=supporter.organisation.ref)
    db.session.delete(supporter)
    commit()


def combined(actor: Actor, need_id: int) -> dict:
    """The need's demand with every organisation that joined it: counts, regions and sums."""
    need = _published_need(actor, need_id)
    supporters = list(db.session.execute(
        sa.select(NeedSupporter).where(NeedSupporter.need_id == need.id).order_by(NeedSupporter.created_at)
    ).scalars())
    organisations = [need.organisation] + [s.organisation for s in supporters]
    populations = [s.population for s in supporters if s.population is not None]
    sites = [s.sites for s in supporters if s.sites is not None]
    return {
        "need_id": need.id,
        "organisations": len(organisations),
        "regions": sorted({o.region for o in organisations if o.region}),
        # Sums of what joiners gave; the posting organisation's own figures are not recorded.
        "population": sum(populations) if populations else None,
        "sites": sum(sites) if sites else None,
        "supporters": supporters,
    }


def _existing(need_id: int, organisation_id: int) -> NeedSupporter | None:
    return db.session.execute(
        sa.select(NeedSupporter).where(NeedSupporter.need_id == need_id,
                                       NeedSupporter.organisation_id == organisation_id)
    ).scalar_one_or_none()
