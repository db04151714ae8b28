"""/codesign-offers and /codesign-requests: co-design between NHS organisations and innovators."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import codesign

from .threads import add_message_routes

offers_blp = Blueprint("codesign_offers", __name__, url_prefix="/codesign-offers",
                       description="What NHS organisations offer innovators who co-design with them.")
requests_blp = Blueprint("codesign_requests", __name__, url_prefix="/codesign-requests",
                         description="Co-design requests (innovator to offer) and invitations (NHS to solution).")


@offers_blp.route("/", methods=["GET"], endpoint="collection")
@offers_blp.arguments(schemas.CodesignOfferQuery, location="query")
@offers_blp.response(200, schemas.CodesignOfferOut(many=True))
def find(args):
    """Open co-design offers, filtered by clinical area, care setting, what is offered and region"""
    return codesign.find_offers(args)


@offers_blp.route("/", methods=["POST"], endpoint="collection_create")
@offers_blp.arguments(schemas.CodesignOfferCreate)
@offers_blp.response(201, schemas.CodesignOfferOut)
@offers_blp.alt_response(401, description="Not signed in")
def publish(data):
    """Publish a co-design offer for your NHS organisation"""
    return codesign.publish_offer(actor_from_request(), data)


@offers_blp.route("/<int:offer_id>", methods=["GET"], endpoint="item")
@offers_blp.response(200, schemas.CodesignOfferOut)
@offers_blp.alt_response(404, description="Absent, or closed and not yours")
def read(offer_id):
    """Read one offer"""
    return codesign.get_offer(actor_from_request(), offer_id)


@offers_blp.route("/<int:offer_id>/close", methods=["POST"], endpoint="close")
@offers_blp.response(200, schemas.CodesignOfferOut)
@offers_blp.alt_response(409, description="Already closed")
def close(offer_id):
    """Close an offer (its organisation's members)"""
    return codesign.close_offer(actor_from_request(), offer_id)


@requests_blp.route("/", methods=["GET"], endpoint="collection")
@requests_blp.response(200, schemas.CodesignRequestOut(many=True))
@requests_blp.alt_response(401, description="Not signed in")
def visible():
    """Co-design requests and invitations your organisations sent or received"""
    return codesign.visible(actor_from_request())


@requests_blp.route("/", methods=["POST"], endpoint="collection_create")
@requests_blp.arguments(schemas.CodesignRequestCreate)
@requests_blp.response(201, schemas.CodesignRequestOut)
@requests_blp.alt_response(401, description="Not signed in")
@requests_blp.alt_response(409, description="An open request already exists between them")
def send(data):
    """Ask to co-design (to an open offer) or invite a solution that seeks co-design"""
    return codesign.send(actor_from_request(), data)


@requests_blp.route("/<int:request_id>", methods=["GET"], endpoint="item")
@requests_blp.response(200, schemas.CodesignRequestOut)
@requests_blp.alt_response(404, description="Absent, or not between your organisation and another")
def read_request(request_id):
    """Read one co-design request"""
    return codesign.get_request(actor_from_request(), request_id)


@requests_blp.route("/<int:request_id>/accept", methods=["POST"], endpoint="accept")
@requests_blp.response(200, schemas.CodesignRequestOut)
@requests_blp.alt_response(409, description="Not open")
def accept(request_id):
    """Accept (the receiving side)"""
    return codesign.act(actor_from_request(), request_id, "accept")


@requests_blp.route("/<int:request_id>/decline", methods=["POST"], endpoint="decline")
@requests_blp.arguments(schemas.CodesignDecline)
@requests_blp.response(200, schemas.CodesignRequestOut)
@requests_blp.alt_response(409, description="Not open")
def decline(data, request_id):
    """Decline with a reason (the receiving side)"""
    return codesign.act(actor_from_request(), request_id, "decline", data["reason"])


@requests_blp.route("/<int:request_id>/withdraw", methods=["POST"], endpoint="withdraw")
@requests_blp.response(200, schemas.CodesignRequestOut)
@requests_blp.alt_response(409, description="Not open")
def withdraw(request_id):
    """Withdraw (the sending side)"""
    return codesign.act(actor_from_request(), request_id, "withdraw")


add_message_routes(requests_blp, codesign, "request_id", "request")
