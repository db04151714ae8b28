"""/needs/{id}/demand: pooled demand: other NHS organisations say "we have this problem too"."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import demand, outcomes

blp = Blueprint("demand", __name__, url_prefix="/needs",
                description="Pooled demand: NHS organisations that share a need.")


@blp.route("/<int:need_id>/demand", methods=["GET"], endpoint="demand")
@blp.response(200, schemas.DemandOut)
@blp.alt_response(404, description="No published need with that id")
def combined(need_id):
    """The combined demand for a need: every organisation with the problem, regions, population and sites"""
    return demand.combined(actor_from_request(), need_id)


@blp.route("/<int:need_id>/supporters", methods=["POST"], endpoint="join")
@blp.arguments(schemas.JoinNeed)
@blp.response(201, schemas.SupporterOut)
@blp.alt_response(401, description="Not signed in")
@blp.alt_response(409, description="Not published, or already joined")
def join(data, need_id):
    """Join a published need for your NHS organisation ("we have this problem too")"""
    return demand.join(actor_from_request(), need_id, data)


@blp.route("/<int:need_id>/supporters/<int:organisation_id>", methods=["DELETE"], endpoint="leave")
@blp.response(204)
@blp.alt_response(404, description="That organisation has not joined this need")
def leave(need_id, organisation_id):
    """Take your organisation off a need it joined"""
    demand.leave(actor_from_request(), need_id, organisation_id)


@blp.route("/<int:need_id>/outcome", methods=["POST"], endpoint="close_with_outcome")
@blp.arguments(schemas.CloseWithOutcome)
@blp.response(201, schemas.NeedOutcomeOut)
@blp.alt_response(409, description="Not published, or a stale version")
def close_with_outcome(data, need_id):
    """Close a published need with its outcome: adopted, piloting (naming the solution) or not progressed"""
    return outcomes.close_with_outcome(actor_from_request(), need_id, data)


@blp.route("/<int:need_id>/outcome", methods=["GET"], endpoint="outcome")
@blp.response(200, schemas.NeedOutcomeOut)
@blp.alt_response(404, description="No such need visible to you, or no outcome recorded")
def outcome(need_id):
    """How the need ended"""
    return outcomes.outcome_of(actor_from_request(), need_id)
