"""What needs a signed-in person's attention, by role: one read, a few aggregate queries.

For an NHS organisation: responses to its needs awaiting an answer (overdue ones first), and
organisations that joined its needs. For an innovator: its responses and their decisions. For
everyone: unread notifications. Counts come from SQL (not by loading rows), so an organisation
with hundreds of open responses renders as fast as one with none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import lazyload

from auth.policy.identity import Actor
from marketplace import engagement, readiness
from marketplace.models import NHS_KINDS, Claim, Deployment, Interest, Need, Notification, Organisation, Solution, db, utcnow

from .common import require

LATEST = 10
# The dashboard names a response's solution and need, nothing more: not the solution's
# deployments and claims, which the model loads with every solution (two more queries).
_REFS_ONLY = (lazyload(Interest.solution, Solution.deployments), lazyload(Interest.solution, Solution.claims))


@dataclass
class OrganisationAttention:
    organisation: Organisation
    # An NHS organisation: responses to its needs.
    awaiting_answer: int = 0
    overdue: int = 0
    shortlisted: int = 0
    oldest_waiting: list[Interest] = field(default_factory=list)
    confirmations_asked: int = 0
    # An innovator: its own responses, and its claims about to expire.
    claims_expiring: int = 0
    sent_open: int = 0
    sent_shortlisted: int = 0
    sent_declined: int = 0
    recent_decisions: list[Interest] = field(default_factory=list)


@dataclass
class Attention:
    unread: int
    notifications: list[Notification]
    organisations: list[OrganisationAttention]

    @property
    def anything(self) -> bool:
        return bool(self.unread or any(o.awaiting_answer or o.recent_decisions or o.confirmations_asked
                                       or o.claims_expiring for o in self.organisations))


def attention(actor: Actor) -> Attention:
    require(actor, actor.user is not None, "The dashboard belongs to people.")
    orgs = [m.organisation for m in actor.user.memberships if actor.role_in(m.organisation_id)]
    org_ids = [o.id for o in orgs]
    unread = db.session.execute(
        sa.select(sa.func.count()).select_from(Notification)
        .where(Notification.organisation_id.in_(org_ids), Notification.read_at.is_(None))
    ).scalar_one() if org_ids else 0
    latest = list(db.session.execute(
        sa.select(Notification).where(Notification.organisation_id.in_(org_ids), Notification.read_at.is_(None))
        .order_by(Notification.id.desc()).limit(LATEST)
    ).scalars()) if org_ids else []
    return Attention(unread, latest, [_for_organisation(o) for o in sorted(orgs, key=lambda o: o.name)])


def _for_organisation(org: Organisation) -> OrganisationAttention:
    out = OrganisationAttention(org)
    if org.kind in NHS_KINDS:
        _received(out, org)
    else:
        _sent(out, org)
    return out


def _received(out: OrganisationAttention, org: Organisation) -> None:
    on_our_needs = Interest.need_id.in_(sa.select(Need.id).where(Need.organisation_id == org.id))
    confirmations_asked = (
        sa.select(sa.func.count()).select_from(Deployment)
        .where(Deployment.organisation_id == org.id, Deployment.confirmation == engagement.DEPLOYMENT_CLAIMED)
        .scalar_subquery())
    overdue = sa.and_(Interest.status == engagement.OPEN, Interest.created_at < utcnow() - engagement.OVERDUE_AFTER)
    out.awaiting_answer, out.overdue, out.shortlisted, out.confirmations_asked = _responses_counted(
        on_our_needs, [Interest.status == engagement.OPEN, overdue, Interest.status == engagement.SHORTLISTED],
        confirmations_asked)
    out.oldest_waiting = _responses_first(
        [on_our_needs, Interest.status == engagement.OPEN], [Interest.created_at, Interest.id])


def _sent(out: OrganisationAttention, org: Organisation) -> None:
    our_solutions = sa.select(Solution.id).where(Solution.organisation_id == org.id)
    ours = Interest.solution_id.in_(our_solutions)
    today = date.today()
    claims_expiring = (
        sa.select(sa.func.count()).select_from(Claim)
        .where(Claim.solution_id.in_(our_solutions), Claim.expires_on >= today,
               Claim.expires_on <= today + readiness.EXPIRY_WARNING)
        .scalar_subquery())
    out.sent_open, out.sent_shortlisted, out.sent_declined, out.claims_expiring = _responses_counted(
        ours, [Interest.status == status for status in (engagement.OPEN, engagement.SHORTLISTED, engagement.DECLINED)],
        claims_expiring)
    out.recent_decisions = _responses_first(
        [ours, Interest.status.in_((engagement.SHORTLISTED, engagement.DECLINED))],
        [Interest.status_changed_at.desc(), Interest.id.desc()])


def _responses_counted(which, conditions: list, and_also) -> tuple:
    """How many of the responses ``which`` selects meet each of ``conditions``, and ``and_also``
    (a count of something else, as a scalar subquery): one round trip."""
    return tuple(db.session.execute(
        sa.select(*(sa.func.count().filter(condition) for condition in conditions), and_also).where(which)
    ).one())


def _responses_first(where: list, order_by: list) -> list[Interest]:
    """The first LATEST responses ``where`` selects, in that order, loading only what names them."""
    return list(db.session.execute(
        sa.select(Interest).where(*where).order_by(*order_by).limit(LATEST).options(*_REFS_ONLY)
    ).unique().scalars())
