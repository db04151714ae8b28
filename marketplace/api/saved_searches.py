"""/saved-searches: a person's saved searches (private to them) and the alerts each has raised."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import ValidationError

from auth.http.actor import actor_from_request
from marketplace.schemas import saved_searches as schemas
from marketplace.schemas.errors import as_field_map
from marketplace.services import saved_searches
from marketplace.services.errors import Invalid

blp = Blueprint("saved_searches", __name__, url_prefix="/saved-searches",
                description="Saved searches over needs or solutions, and alerts when a listing newly matches.")


@blp.route("/", methods=["GET"], endpoint="collection")
@blp.response(200, schemas.SavedSearchOut(many=True))
@blp.alt_response(401, description="Not signed in")
def collection():
    """Your saved searches"""
    return saved_searches.list_own(actor_from_request())


@blp.route("/", methods=["POST"], endpoint="collection_create")
@blp.arguments(schemas.SavedSearchCreate)
@blp.response(201, schemas.SavedSearchOut)
@blp.alt_response(401, description="Not signed in")
@blp.alt_response(422, description="Unknown filter or code, text too long, or an unknown frequency")
def create(data):
    """Save a search (free text and the filters GET /needs or GET /solutions takes) and choose its alerts"""
    return saved_searches.create(actor_from_request(), data)


@blp.route("/<int:search_id>", methods=["GET"], endpoint="item")
@blp.response(200, schemas.SavedSearchOut)
@blp.alt_response(404, description="Absent, or someone else's")
def item(search_id):
    """One of your saved searches"""
    return saved_searches.get(actor_from_request(), search_id)


@blp.route("/<int:search_id>", methods=["PATCH"], endpoint="item_update")
@blp.arguments(schemas.SavedSearchUpdate)
@blp.response(200, schemas.SavedSearchOut)
@blp.alt_response(404, description="Absent, or someone else's")
@blp.alt_response(422, description="Unknown filter or code, text too long, or an unknown frequency")
def update(data, search_id):
    """Rename a saved search, change what it looks for, or how often it alerts you"""
    actor = actor_from_request()
    if "filters" in data:  # checked for the kind of the search they change
        kind = saved_searches.get(actor, search_id).kind
        try:
            data = {**data, "filters": schemas.checked_filters(kind, data["filters"])}
        except ValidationError as exc:
            raise Invalid("The search's filters are not valid.", as_field_map(exc.messages)) from None
    return saved_searches.update(actor, search_id, data)


@blp.route("/<int:search_id>", methods=["DELETE"], endpoint="item_delete")
@blp.response(204)
@blp.alt_response(404, description="Absent, or someone else's")
def delete(search_id):
    """Delete a saved search (no more alerts from it)"""
    saved_searches.delete(actor_from_request(), search_id)


@blp.route("/<int:search_id>/alerts", methods=["GET"], endpoint="alerts")
@blp.response(200, schemas.AlertOut(many=True))
@blp.alt_response(404, description="Absent, or someone else's")
def alerts(search_id):
    """The listings this search has alerted you to, newest first"""
    return saved_searches.alerts_for(actor_from_request(), search_id)
