"""/needs/{id}/matches and /solutions/{id}/matches: one route, declared once for either side."""
from __future__ import annotations

from marshmallow import RAISE

from auth.http.actor import actor_from_request
from marketplace.schemas.search import MatchArgs, NeedMatches, SolutionMatches
from marketplace.services import claims
from marketplace.services.errors import NotFound
from search import match_lists

from .listings import needs_blp, solutions_blp


def _paging(args) -> tuple:
    """(per page, near misses, ranking, page): per_page, else the older limit."""
    return args.get("per_page", args["limit"]), args["include_near_misses"], "hybrid", args["page"]


def _add_match_route(blp, find, side: str, answer_schema, summary: str, not_found: str):
    """GET ``/<listing_id>/matches`` on ``blp``, answered by ``find`` (search.match_lists), each
    match with its readiness checklist (``side``: the listing's side, need_id or solution_id)."""
    def matches(args, listing_id):
        actor_from_request()
        try:
            result = find(listing_id, *_paging(args))
        except match_lists.NotMatchable as exc:
            raise NotFound(str(exc)) from None
        return claims.with_checklists(result, **{side: listing_id})

    # Set before the decorators copy it: flask-smorest reads the summary from the docstring.
    matches.__doc__ = summary
    view = blp.alt_response(404, description=not_found)(matches)
    view = blp.response(200, answer_schema)(view)
    view = blp.arguments(MatchArgs, location="query", unknown=RAISE)(view)
    blp.route("/<int:listing_id>/matches", methods=["GET"], endpoint="matches")(view)


_add_match_route(needs_blp, match_lists.matches_for_need, "need_id", SolutionMatches,
                 "Solutions for a need, best first, each with reasons (and gaps for near misses)",
                 "No published need with this id")
_add_match_route(solutions_blp, match_lists.matches_for_solution, "solution_id", NeedMatches,
                 "Needs a solution could meet (its buyers), best first",
                 "No published solution with this id")
