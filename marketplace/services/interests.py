"""Responses to needs: an innovator offers a solution, the trust shortlists or declines it.

Each side sees only its own records; every status change and every message reaches
the other side as a notification. The rules (statuses, who acts, reasons) are in
marketplace.engagement; who may see and act is in auth.permissions.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.lifecycle import PUBLISHED
from marketplace import engagement
from marketplace.models import Interest, Message, Need, Solution, db, utcnow

from . import audit, notifications, shortlists, threads
from .common import commit, get_or_404, member_organisation_ids, require
from .errors import Conflict, Invalid



@dataclass
class RankedInterest:
    """A response with how well its solution matches the need (None: the index could not say)."""

    interest: Interest
    score: float | None
    eligible: bool | None
    reasons: list[str]
    gaps: list[str]


def respond(actor: Actor, need_id: int, solution_id: int, message: str) -> Interest:
    require(actor, actor.is_authenticated, "")
    need = get_or_404(Need, need_id, "need", lambda need: permissions.can_view_listing(actor, need))
    if need.status != PUBLISHED:
        raise Conflict(f"Only published needs take responses; this one is {need.status}.",
                       {"need_id": [f"the need is {need.status}"]})
    solution = db.session.get(Solution, solution_id)
    if solution is None or not permissions.can_respond_with(actor, solution):
        # Whether someone else's solution exists is not the caller's business: one answer for both.
        raise Invalid("You can respond only with a solution of your own organisation.",
                      {"solution_id": [f"no solution with id {solution_id} that you can respond with"]})
    if solution.status != PUBLISHED:
        raise Invalid("Publish the solution before responding with it.",
                      {"solution_id": [f"the solution is {solution.status}"]})
    if _existing(need.id, solution.id) is not None:
        raise Conflict("This solution has already responded to this need.",
                       {"solution_id": ["already responded to this need"]})
    interest = Interest(need_id=need.id, solution_id=solution.id, message=message, status=engagement.OPEN,
                        created_by_user_id=actor.user.id if actor.user else None)
    db.session.add(interest)
    db.session.flush()
    audit.record(actor, "interest.create", interest, need=need.ref, solution=solution.ref)
    notifications.notify(need.organisation_id, "interest.new", interest,
                         f"{solution.organisation.name} responded to “{need.title}” with {solution.name}.")
    commit()
    return interest


def get(actor: Actor, interest_id: int) -> Interest:
    return get_or_404(Interest, interest_id, "response", lambda interest: permissions.can_see_interest(actor, interest))


def visible(actor: Actor, need_id: int | None = None, solution_id: int | None = None,
            status: str | None = None) -> list[Interest]:
    """Responses the caller may see, newest first: those on its needs and those it sent."""
    require(actor, actor.is_authenticated, "")
    query = sa.select(Interest).join(Interest.need).join(Interest.solution)
    if not actor.is_platform_admin:
        orgs = member_organisation_ids(actor)
        query = query.where(sa.or_(Need.organisation_id.in_(orgs), Solution.organisation_id.in_(orgs)))
    if need_id is not None:
        query = query.where(Interest.need_id == need_id)
    if solution_id is not None:
        query = query.where(Interest.solution_id == solution_id)
    if status is not None:
        query = query.where(Interest.status == status)
    rows = db.session.execute(query.order_by(Interest.created_at.desc(), Interest.id.desc())).unique().scalars()
    return [i for i in rows if permissions.can_see_interest(actor, i)]


def ranked_for_need(actor: Actor, need_id: int, matches: list[dict] | None,
                    status: str | None = None) -> tuple[list[RankedInterest], bool]:
    """The responses to one need that the caller may see, best match first.

    ``matches``: the need's match list (search.match_lists.match_list_or_none), or None when the index
    could not answer; then responses come newest first and ``ranked`` (the second value) is False."""
    interests = visible(actor, need_id=need_id, status=status)
    if not interests:
        return [], True
    if matches is None:
        return [RankedInterest(i, None, None, [], []) for i in interests], False
    assessed = {item["solution"]["id"]: item for item in matches}
    out = []
    for interest in interests:
        a = assessed.get(interest.solution_id)
        out.append(RankedInterest(interest, a["score"], a["eligible"], a["reasons"], a["gaps"]) if a
                   else RankedInterest(interest, 0.0, False, [], ["Not among this need's matches"]))
    out.sort(key=lambda r: (-(r.score or 0.0), r.interest.id))
    return out, True


def act(actor: Actor, interest_id: int, action: str, reason: str | None = None, note: str | None = None) -> Interest:
    """Shortlist or decline (the need's side), or withdraw (the responder's side)."""
    interest = get(actor, interest_id)
    try:
        side, target = engagement.interest_transition(interest.status, action)
    except engagement.IllegalInterestTransition as exc:
        raise Conflict(str(exc).capitalize() + ".", {"status": [f"is {interest.status}"]}) from None
    require(actor, permissions.can_act_on_interest(actor, interest, side),
            "Only the need's organisation shortlists or declines a response; only the responder withdraws it.")
    if action == "shortlist" and interest.solution.status == PUBLISHED:
        # A shortlisted response goes on the need's shortlist too.
        shortlists.add(actor, interest.need_id, interest.solution_id, commit_now=False)
    if action == "decline":
        _check_decline(reason, note)
        interest.decline_reason, interest.decline_note = reason, note or None
    previous = interest.status
    interest.status = target
    interest.status_changed_at = utcnow()
    audit.record(actor, f"interest.{action}", interest, status={"from": previous, "to": target},
                 **({"reason": reason} if action == "decline" else {}))
    other_org = interest.solution.organisation_id if side == "need" else interest.need.organisation_id
    notifications.notify(other_org, f"interest.{action}", interest, _decision_text(interest, action))
    commit()
    return interest


def post_message(actor: Actor, interest_id: int, body: str) -> Message:
    interest = get(actor, interest_id)
    require(actor, permissions.can_post_message(actor, interest),
            "Only members of the two organisations write in this thread.")
    side = permissions.interest_side(actor, interest)
    org_id = interest.need.organisation_id if side == "need" else interest.solution.organisation_id
    other = interest.solution.organisation_id if side == "need" else interest.need.organisation_id
    message = threads.write(actor, org_id, body, interest_id=interest.id)
    notifications.notify(other, "message.new", interest,
                         f"New message about {interest.solution.name} for “{interest.need.title}”.")
    commit()
    return message


def thread(actor: Actor, interest_id: int) -> list[Message]:
    interest = get(actor, interest_id)
    return threads.read(interest_id=interest.id)


def is_overdue(interest: Interest) -> bool:
    return engagement.is_overdue(interest.status, interest.created_at, utcnow())


def _existing(need_id: int, solution_id: int) -> Interest | None:
    return db.session.execute(
        sa.select(Interest).where(Interest.need_id == need_id, Interest.solution_id == solution_id)
    ).scalar_one_or_none()


def _check_decline(reason: str | None, note: str | None) -> None:
    if reason not in engagement.DECLINE_REASONS:
        raise Invalid("Say why the response is declined.",
                      {"reason": ["required: one of " + ", ".join(engagement.DECLINE_REASONS)]})
    if reason == engagement.DECLINE_REASON_NEEDING_NOTE and not (note or "").strip():
        raise Invalid("Say what the other reason is.", {"note": ["required when the reason is 'other'"]})


def _decision_text(interest: Interest, action: str) -> str:
    need, solution = interest.need, interest.solution
    if action == "shortlist":
        return f"{need.organisation.name} shortlisted {solution.name} for “{need.title}”."
    if action == "decline":
        label = engagement.DECLINE_REASONS[interest.decline_reason].lower()
        return f"{need.organisation.name} declined {solution.name} for “{need.title}”: {label}."
    return f"{solution.organisation.name} withdrew {solution.name} from “{need.title}”."


def respondable_solutions(actor: Actor, need_id: int) -> list[Solution]:
    """The caller's organisations' published solutions that have not yet responded to the need."""
    orgs = member_organisation_ids(actor)
    if not orgs:
        return []
    responded = sa.select(Interest.solution_id).where(Interest.need_id == need_id)
    query = (sa.select(Solution).where(Solution.organisation_id.in_(orgs), Solution.status == PUBLISHED,
                                       Solution.id.not_in(responded)).order_by(Solution.name))
    return [s for s in db.session.execute(query).unique().scalars() if permissions.can_respond_with(actor, s)]


def count_for_need(actor: Actor, need_id: int) -> int:
    """How many responses to the need the caller may see (0 for the anonymous)."""
    if not actor.is_authenticated:
        return 0
    return len(visible(actor, need_id=need_id))


def side_of(actor: Actor, interest: Interest) -> str | None:
    return permissions.interest_side(actor, interest)


def actions_open_to(actor: Actor, interest: Interest) -> list[str]:
    """The actions the caller may take on the response now (for the pages' buttons)."""
    out = []
    for action in engagement.INTEREST_TRANSITIONS:
        try:
            side, _ = engagement.interest_transition(interest.status, action)
        except engagement.IllegalInterestTransition:
            continue
        if permissions.can_act_on_interest(actor, interest, side):
            out.append(action)
    return out


def candidate_solutions(actor: Actor, need_id: int) -> list[Solution]:
    """Solutions a need's organisation may name when it closes the need: those that responded or
    that it shortlisted, by name."""
    from marketplace.models import ShortlistEntry

    responded = sa.select(Interest.solution_id).where(Interest.need_id == need_id)
    shortlisted = sa.select(ShortlistEntry.solution_id).where(ShortlistEntry.need_id == need_id)
    query = sa.select(Solution).where(sa.or_(Solution.id.in_(responded), Solution.id.in_(shortlisted)))
    return list(db.session.execute(query.order_by(Solution.name)).unique().scalars())
