"""/needs/{id}/shortlist and /needs/{id}/compare: a trust's shortlist, side-by-side comparison, CSV exports."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import shortlists

from .operations import operation

blp = Blueprint("shortlists", __name__, url_prefix="/needs",
                description="A need's shortlist, comparisons of 2 to 4 solutions, and their CSV exports.")

CSV = "text/csv"
NO_NEED = "No such need visible to you"


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype=CSV, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@operation(blp, "GET /<int:need_id>/shortlist", "shortlist", out=schemas.ShortlistEntryOut(many=True),
           errors={404: NO_NEED})
def shortlist(need_id):
    """The need's shortlist (its organisation's members)"""
    return shortlists.entries(actor_from_request(), need_id)


@operation(blp, "POST /<int:need_id>/shortlist", "shortlist_add", body=schemas.ShortlistAdd, status=201,
           out=schemas.ShortlistEntryOut, errors={409: "Already on the shortlist"})
def shortlist_add(data, need_id):
    """Put a published solution on the need's shortlist"""
    return shortlists.add(actor_from_request(), need_id, data["solution_id"])


@operation(blp, "DELETE /<int:need_id>/shortlist/<int:solution_id>", "shortlist_remove", status=204,
           errors={404: "Not on the shortlist"})
def shortlist_remove(need_id, solution_id):
    """Take a solution off the need's shortlist"""
    shortlists.remove(actor_from_request(), need_id, solution_id)


@operation(blp, "GET /<int:need_id>/shortlist/export", "shortlist_export", content_type=CSV,
           description="The shortlist as CSV", errors={404: NO_NEED})
def shortlist_export(need_id):
    """The shortlist as CSV, for procurement colleagues"""
    need, entries = shortlists.need_and_entries(actor_from_request(), need_id)
    return _csv(shortlists.shortlist_csv(need, entries), f"shortlist-{need.ref}.csv")


@operation(blp, "GET /<int:need_id>/compare", "compare", query=schemas.CompareArgs, out=schemas.ComparisonOut,
           errors={404: NO_NEED})
def compare(args, need_id):
    """Two to four published solutions side by side against the need"""
    return shortlists.compare(actor_from_request(), need_id, args["solution_id"])


@operation(blp, "GET /<int:need_id>/compare/export", "compare_export", query=schemas.CompareArgs, content_type=CSV,
           description="The comparison as CSV", errors={404: NO_NEED})
def compare_export(args, need_id):
    """The comparison as CSV: one row per question, one column per solution"""
    comparison = shortlists.compare(actor_from_request(), need_id, args["solution_id"])
    return _csv(shortlists.comparison_csv(comparison), f"comparison-{comparison['need'].ref}.csv")
