"""/codesign-offers and /codesign-requests: co-design between NHS organisations and innovators."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import codesign

from .operations import operation
from .threads import add_two_sided_routes

offers_blp = Blueprint("codesign_offers", __name__, url_prefix="/codesign-offers",
                       description="What NHS organisations offer innovators who co-design with them.")
requests_blp = Blueprint("codesign_requests", __name__, url_prefix="/codesign-requests",
                         description="Co-design requests (innovator to offer) and invitations (NHS to solution).")


@operation(offers_blp, "GET /", "collection", query=schemas.CodesignOfferQuery, out=schemas.CodesignOfferOut(many=True))
def find(args):
    """Open co-design offers, filtered by clinical area, care setting, what is offered and region"""
    return codesign.find_offers(args)


@operation(offers_blp, "POST /", "collection_create", body=schemas.CodesignOfferCreate, status=201,
           out=schemas.CodesignOfferOut, errors={401: "Not signed in"})
def publish(data):
    """Publish a co-design offer for your NHS organisation"""
    return codesign.publish_offer(actor_from_request(), data)


@operation(offers_blp, "GET /<int:offer_id>", "item", out=schemas.CodesignOfferOut,
           errors={404: "Absent, or closed and not yours"})
def read(offer_id):
    """Read one offer"""
    return codesign.get_offer(actor_from_request(), offer_id)


@operation(offers_blp, "POST /<int:offer_id>/close", "close", out=schemas.CodesignOfferOut,
           errors={409: "Already closed"})
def close(offer_id):
    """Close an offer (its organisation's members)"""
    return codesign.close_offer(actor_from_request(), offer_id)


@operation(requests_blp, "GET /", "collection", out=schemas.CodesignRequestOut(many=True),
           errors={401: "Not signed in"})
def visible():
    """Co-design requests and invitations your organisations sent or received"""
    return codesign.visible(actor_from_request())


@operation(requests_blp, "POST /", "collection_create", body=schemas.CodesignRequestCreate, status=201,
           out=schemas.CodesignRequestOut,
           errors={401: "Not signed in", 409: "An open request already exists between them"})
def send(data):
    """Ask to co-design (to an open offer) or invite a solution that seeks co-design"""
    return codesign.send(actor_from_request(), data)


add_two_sided_routes(requests_blp, codesign, id_name="request_id", what="request", out=schemas.CodesignRequestOut,
                     read=codesign.get_request, read_summary="Read one co-design request", act=codesign.act,
                     conflict="Not open", actions={
                         "accept": ("Accept (the receiving side)", None),
                         "decline": ("Decline with a reason (the receiving side)", schemas.CodesignDecline),
                         "withdraw": ("Withdraw (the sending side)", None)})
