"""/saved-searches: a person's saved searches (private to them) and the alerts each has raised."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import ValidationError

from auth.http.actor import actor_from_request
from marketplace.schemas import saved_searches as schemas
from marketplace.schemas.errors import as_field_map
from marketplace.services import saved_searches
from marketplace.services.errors import Invalid

from .operations import operation

blp = Blueprint("saved_searches", __name__, url_prefix="/saved-searches",
                description="Saved searches over needs or solutions, and alerts when a listing newly matches.")
NOT_YOURS = "Absent, or someone else's"
NOT_VALID = "Unknown filter or code, text too long, or an unknown frequency"


@operation(blp, "GET /", "collection", out=schemas.SavedSearchOut(many=True), errors={401: "Not signed in"})
def collection():
    """Your saved searches"""
    return saved_searches.list_own(actor_from_request())


@operation(blp, "POST /", "collection_create", body=schemas.SavedSearchCreate, status=201, out=schemas.SavedSearchOut,
           errors={401: "Not signed in", 422: NOT_VALID})
def create(data):
    """Save a search (free text and the filters GET /needs or GET /solutions takes) and choose its alerts"""
    return saved_searches.create(actor_from_request(), data)


@operation(blp, "GET /<int:search_id>", "item", out=schemas.SavedSearchOut, errors={404: NOT_YOURS})
def item(search_id):
    """One of your saved searches"""
    return saved_searches.get(actor_from_request(), search_id)


@operation(blp, "PATCH /<int:search_id>", "item_update", body=schemas.SavedSearchUpdate, out=schemas.SavedSearchOut,
           errors={404: NOT_YOURS, 422: NOT_VALID})
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


@operation(blp, "DELETE /<int:search_id>", "item_delete", status=204, errors={404: NOT_YOURS})
def delete(search_id):
    """Delete a saved search (no more alerts from it)"""
    saved_searches.delete(actor_from_request(), search_id)


@operation(blp, "GET /<int:search_id>/alerts", "alerts", out=schemas.AlertOut(many=True), errors={404: NOT_YOURS})
def alerts(search_id):
    """The listings this search has alerted you to, newest first"""
    return saved_searches.alerts_for(actor_from_request(), search_id)
