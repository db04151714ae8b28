"""/needs/{id}/shortlist and /needs/{id}/compare: a trust's shortlist, side-by-side comparison, CSV exports."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import shortlists

blp = Blueprint("shortlists", __name__, url_prefix="/needs",
                description="A need's shortlist, comparisons of 2 to 4 solutions, and their CSV exports.")

CSV = "text/csv"


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype=CSV, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blp.route("/<int:need_id>/shortlist", methods=["GET"], endpoint="shortlist")
@blp.response(200, schemas.ShortlistEntryOut(many=True))
@blp.alt_response(404, description="No such need visible to you")
def shortlist(need_id):
    """The need's shortlist (its organisation's members)"""
    return shortlists.entries(actor_from_request(), need_id)


@blp.route("/<int:need_id>/shortlist", methods=["POST"], endpoint="shortlist_add")
@blp.arguments(schemas.ShortlistAdd)
@blp.response(201, schemas.ShortlistEntryOut)
@blp.alt_response(409, description="Already on the shortlist")
def shortlist_add(data, need_id):
    """Put a published solution on the need's shortlist"""
    return shortlists.add(actor_from_request(), need_id, data["solution_id"])


@blp.route("/<int:need_id>/shortlist/<int:solution_id>", methods=["DELETE"], endpoint="shortlist_remove")
@blp.response(204)
@blp.alt_response(404, description="Not on the shortlist")
def shortlist_remove(need_id, solution_id):
    """Take a solution off the need's shortlist"""
    shortlists.remove(actor_from_request(), need_id, solution_id)


@blp.route("/<int:need_id>/shortlist/export", methods=["GET"], endpoint="shortlist_export")
@blp.response(200, content_type=CSV, description="The shortlist as CSV")
@blp.alt_response(404, description="No such need visible to you")
def shortlist_export(need_id):
    """The shortlist as CSV, for procurement colleagues"""
    need, entries = shortlists.need_and_entries(actor_from_request(), need_id)
    return _csv(shortlists.shortlist_csv(need, entries), f"shortlist-{need.ref}.csv")


@blp.route("/<int:need_id>/compare", methods=["GET"], endpoint="compare")
@blp.arguments(schemas.CompareArgs, location="query")
@blp.response(200, schemas.ComparisonOut)
@blp.alt_response(404, description="No such need visible to you")
def compare(args, need_id):
    """Two to four published solutions side by side against the need"""
    return shortlists.compare(actor_from_request(), need_id, args["solution_id"])


@blp.route("/<int:need_id>/compare/export", methods=["GET"], endpoint="compare_export")
@blp.arguments(schemas.CompareArgs, location="query")
@blp.response(200, content_type=CSV, description="The comparison as CSV")
@blp.alt_response(404, description="No such need visible to you")
def compare_export(args, need_id):
    """The comparison as CSV: one row per question, one column per solution"""
    comparison = shortlists.compare(actor_from_request(), need_id, args["solution_id"])
    return _csv(shortlists.comparison_csv(comparison), f"comparison-{comparison['need'].ref}.csv")
