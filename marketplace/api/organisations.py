"""/organisations: profiles, co-design offers and verification."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas.base import StrictSchema
from marketplace.schemas.fields import Boolean
from marketplace.schemas.listings import OrganisationCreate, OrganisationOut, OrganisationUpdate
from marketplace.services import organisations

from .search_views import register_search

blp = Blueprint("organisations", __name__, url_prefix="/organisations", description="Organisations and co-design partners.")
register_search(blp, "organisation")


class VerifyArgs(StrictSchema):
    verified = Boolean(load_default=True)


@blp.route("/", methods=["POST"], endpoint="collection_create")
@blp.arguments(OrganisationCreate)
@blp.response(201, OrganisationOut)
def create(data):
    """Add an organisation (platform administrators)"""
    return organisations.create(actor_from_request(), data)


@blp.route("/<int:organisation_id>")
class Item(MethodView):
    @blp.response(200, OrganisationOut)
    def get(self, organisation_id):
        """Read one"""
        return organisations.get(actor_from_request(), organisation_id)

    @blp.arguments(OrganisationUpdate)
    @blp.response(200, OrganisationOut)
    def patch(self, data, organisation_id):
        """Change the profile (organisation admins)"""
        return organisations.update(actor_from_request(), organisation_id, data)

    @blp.response(204)
    def delete(self, organisation_id):
        """Remove an organisation with no listings (platform administrators)"""
        organisations.delete(actor_from_request(), organisation_id)


@blp.route("/<int:organisation_id>/verify", methods=["POST"], endpoint="verify")
@blp.arguments(VerifyArgs, required=False)
@blp.response(200, OrganisationOut)
def verify(args, organisation_id):
    """Mark as verified, or not (platform administrators)"""
    return organisations.set_verified(actor_from_request(), organisation_id, args.get("verified", True))
