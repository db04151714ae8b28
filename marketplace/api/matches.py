"""/needs/{id}/matches and /solutions/{id}/matches."""
from __future__ import annotations

from marshmallow import RAISE

from auth.http.actor import actor_from_request
from marketplace.schemas.search import MatchArgs, NeedMatches, SolutionMatches
from marketplace.services import claims
from marketplace.services.errors import NotFound
from search import service

from .listings import needs_blp, solutions_blp


def _paging(args) -> tuple:
    """(per page, near misses, ranking, page): per_page, else the older limit."""
    return args.get("per_page", args["limit"]), args["include_near_misses"], "hybrid", args["page"]


@needs_blp.route("/<int:listing_id>/matches", methods=["GET"], endpoint="matches")
@needs_blp.arguments(MatchArgs, location="query", unknown=RAISE)
@needs_blp.response(200, SolutionMatches)
@needs_blp.alt_response(404, description="No published need with this id")
def need_matches(args, listing_id):
    """Solutions for a need, best first, each with reasons (and gaps for near misses)"""
    actor_from_request()
    try:
        result = service.matches_for_need(listing_id, *_paging(args))
    except service.NotMatchable as exc:
        raise NotFound(str(exc)) from None
    return claims.with_checklists(result, need_id=listing_id)


@solutions_blp.route("/<int:listing_id>/matches", methods=["GET"], endpoint="matches")
@solutions_blp.arguments(MatchArgs, location="query", unknown=RAISE)
@solutions_blp.response(200, NeedMatches)
@solutions_blp.alt_response(404, description="No published solution with this id")
def solution_matches(args, listing_id):
    """Needs a solution could meet (its buyers), best first"""
    actor_from_request()
    try:
        result = service.matches_for_solution(listing_id, *_paging(args))
    except service.NotMatchable as exc:
        raise NotFound(str(exc)) from None
    return claims.with_checklists(result, solution_id=listing_id)
