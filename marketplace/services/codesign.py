"""Co-design: NHS organisations publish offers; innovators request to co-design with a solution;
NHS organisations invite solutions that seek co-design. The receiving side accepts or declines
(with a reason); both talk in the request's thread; each side is notified of every change.
"""
from __future__ import annotations

import sqlalchemy as sa

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.lifecycle import PUBLISHED
from marketplace import engagement
from marketplace.models import NHS_KINDS, CodesignOffer, CodesignRequest, Message, Organisation, Solution, db

from . import audit, notifications, threads
from .common import commit, get_or_404, member_organisation_ids, organisation_by_ref, require
from .errors import Conflict, Invalid, NotFound



# --- offers ---------------------------------------------------------------------------------

def publish_offer(actor: Actor, data: dict) -> CodesignOffer:
    require(actor, actor.is_authenticated, "")
    data = dict(data)
    org = organisation_by_ref(data.pop("organisation"))
    require(actor, permissions.can_manage_codesign_offer(actor, org.id),
            f"Only members of {org.name} publish its co-design offers.")
    if org.kind not in NHS_KINDS:
        raise Invalid("Co-design offers come from NHS organisations.",
                      {"organisation": [f"{org.name} is not an NHS organisation"]})
    offer = CodesignOffer(organisation_id=org.id, status=engagement.OFFER_OPEN,
                          **{"clinical_areas": [], "care_settings": [], "offerings": [], **data})
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "codesign_offer.create", offer, organisation=org.ref)
    commit()
    return offer


def close_offer(actor: Actor, offer_id: int) -> CodesignOffer:
    offer = get_offer(actor, offer_id)
    require(actor, permissions.can_manage_codesign_offer(actor, offer.organisation_id),
            f"Only members of {offer.organisation.name} close its co-design offers.")
    if offer.status != engagement.OFFER_OPEN:
        raise Conflict("This offer is already closed.", {"status": [f"is {offer.status}"]})
    offer.status = engagement.OFFER_CLOSED
    audit.record(actor, "codesign_offer.close", offer)
    commit()
    return offer


def get_offer(actor: Actor, offer_id: int) -> CodesignOffer:
    offer = db.session.get(CodesignOffer, offer_id)
    # Closed offers stay readable by their organisation only.
    if offer is None or (offer.status != engagement.OFFER_OPEN
                         and not permissions.can_manage_codesign_offer(actor, offer.organisation_id)):
        raise NotFound(f"No co-design offer with id {offer_id}.")
    return offer


def find_offers(args: dict) -> list[CodesignOffer]:
    """Open offers, filtered by clinical area, care setting, what is offered and region (any of each)."""
    query = sa.select(CodesignOffer).join(CodesignOffer.organisation).where(
        CodesignOffer.status == engagement.OFFER_OPEN)
    if args.get("region"):
        query = query.where(Organisation.region.in_(args["region"]))
    offers = list(db.session.execute(query.order_by(CodesignOffer.created_at.desc(), CodesignOffer.id.desc()))
                  .unique().scalars())
    for name in ("clinical_areas", "care_settings", "offerings"):
        wanted = set(args.get(name) or ())
        if wanted:  # JSON lists: matched here, the same on SQLite and PostgreSQL
            offers = [o for o in offers if wanted & set(getattr(o, name) or ())]
    return offers


# --- requests and invitations -----------------------------------------------------------------

def send(actor: Actor, data: dict) -> CodesignRequest:
    """An innovator's request to an open offer, or an NHS organisation's invitation to a solution."""
    require(actor, actor.is_authenticated, "")
    solution = db.session.get(Solution, data["solution_id"])
    if solution is None or solution.status != PUBLISHED:
        raise Invalid("Name a published solution.", {"solution_id": [f"no published solution with id {data['solution_id']}"]})
    if data["direction"] == engagement.REQUEST:
        offer = db.session.get(CodesignOffer, data.get("offer_id") or 0)
        if offer is None or offer.status != engagement.OFFER_OPEN:
            raise Invalid("That organisation has no open co-design offer with this id.",
                          {"offer_id": ["no open co-design offer with this id"]})
        org, sender_org, receiver = offer.organisation, solution.organisation_id, offer.organisation_id
        require(actor, permissions.can_respond_with(actor, solution),
                "You can ask to co-design only with a solution of your own organisation.")
    else:
        offer = None
        org = organisation_by_ref(data.get("organisation") or "", "organisation")
        require(actor, permissions.can_speak_for(actor, org.id), f"Only members of {org.name} invite solutions for it.")
        if org.kind not in NHS_KINDS:
            raise Invalid("Invitations come from NHS organisations.",
                          {"organisation": [f"{org.name} is not an NHS organisation"]})
        if not solution.seeking_codesign:
            raise Invalid("This solution is not looking for co-design partners.",
                          {"solution_id": [f"{solution.name} does not seek co-design"]})
        sender_org, receiver = org.id, solution.organisation_id
    if _open_between(org.id, solution.id) is not None:
        raise Conflict("There is already an open co-design request between them.",
                       {"solution_id": ["an open request already exists"]})
    request = CodesignRequest(direction=data["direction"], offer_id=offer.id if offer else None, organisation_id=org.id,
                              solution_id=solution.id, message=data["message"], status=engagement.OPEN,
                              created_by_user_id=actor.user.id if actor.user else None)
    db.session.add(request)
    db.session.flush()
    audit.record(actor, f"codesign.{data['direction']}", request, object_type="codesign_request",
                 organisation=org.ref, solution=solution.ref, sender=sender_org)
    sender_name = solution.organisation.name if data["direction"] == engagement.REQUEST else org.name
    _notify(receiver, "codesign.new", request,
            f"{sender_name} would like to co-design {solution.name} with {org.name}.")
    commit()
    return request


def get_request(actor: Actor, request_id: int) -> CodesignRequest:
    return get_or_404(CodesignRequest, request_id, "co-design request",
                      lambda request: permissions.can_see_codesign_request(actor, request))


def visible(actor: Actor) -> list[CodesignRequest]:
    require(actor, actor.is_authenticated, "")
    query = sa.select(CodesignRequest).join(CodesignRequest.solution)
    if not actor.is_platform_admin:
        orgs = member_organisation_ids(actor)
        query = query.where(sa.or_(CodesignRequest.organisation_id.in_(orgs), Solution.organisation_id.in_(orgs)))
    rows = db.session.execute(query.order_by(CodesignRequest.created_at.desc(), CodesignRequest.id.desc()))
    return [r for r in rows.unique().scalars() if permissions.can_see_codesign_request(actor, r)]


def act(actor: Actor, request_id: int, action: str, reason: str | None = None) -> CodesignRequest:
    request = get_request(actor, request_id)
    try:
        who, target = engagement.codesign_transition(request.status, action)
    except engagement.IllegalInterestTransition as exc:
        raise Conflict(str(exc).capitalize() + ".", {"status": [f"is {request.status}"]}) from None
    receiver_side = "nhs" if request.direction == engagement.REQUEST else "solution"
    side = receiver_side if who == "receiver" else ("solution" if receiver_side == "nhs" else "nhs")
    require(actor, permissions.can_act_on_codesign_request(actor, request, side),
            "The receiving side accepts or declines; the sending side withdraws.")
    if action == "decline":
        if not (reason or "").strip():
            raise Invalid("Say why you decline.", {"reason": ["required"]})
        request.decline_reason = reason.strip()
    previous, request.status = request.status, target
    audit.record(actor, f"codesign.{action}", request, object_type="codesign_request",
                 status={"from": previous, "to": target})
    other = request.solution.organisation_id if side == "nhs" else request.organisation_id
    _notify(other, f"codesign.{action}", request,
            f"The co-design request about {request.solution.name} with {request.organisation.name} was {target}"
            + (f": {request.decline_reason}" if action == "decline" else "") + ".")
    commit()
    return request


def post_message(actor: Actor, request_id: int, body: str) -> Message:
    request = get_request(actor, request_id)
    side = permissions.codesign_side(actor, request)
    require(actor, side is not None and permissions.can_act_on_codesign_request(actor, request, side),
            "Only members of the two organisations write in this thread.")
    org_id = request.organisation_id if side == "nhs" else request.solution.organisation_id
    other = request.solution.organisation_id if side == "nhs" else request.organisation_id
    message = threads.write(actor, org_id, body, codesign_request_id=request.id)
    _notify(other, "message.new", request, f"New message about co-designing {request.solution.name}.")
    commit()
    return message


def thread(actor: Actor, request_id: int) -> list[Message]:
    request = get_request(actor, request_id)
    return threads.read(codesign_request_id=request.id)


def _notify(organisation_id: int, kind: str, request: CodesignRequest, text: str) -> None:
    note = notifications.notify(organisation_id, kind, None, text)
    note.codesign_request_id = request.id


def _open_between(organisation_id: int, solution_id: int) -> CodesignRequest | None:
    return db.session.execute(sa.select(CodesignRequest).where(
        CodesignRequest.organisation_id == organisation_id, CodesignRequest.solution_id == solution_id,
        CodesignRequest.status == engagement.OPEN)).scalars().first()


