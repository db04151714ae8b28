"""/needs/{id}/demand: pooled demand: other NHS organisations say "we have this problem too"."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import demand, outcomes

from .operations import operation

blp = Blueprint("demand", __name__, url_prefix="/needs",
                description="Pooled demand: NHS organisations that share a need.")


@operation(blp, "GET /<int:need_id>/demand", "demand", out=schemas.DemandOut,
           errors={404: "No published need with that id"})
def combined(need_id):
    """The combined demand for a need: every organisation with the problem, regions, population and sites"""
    return demand.combined(actor_from_request(), need_id)


@operation(blp, "POST /<int:need_id>/supporters", "join", body=schemas.JoinNeed, status=201, out=schemas.SupporterOut,
           errors={401: "Not signed in", 409: "Not published, or already joined"})
def join(data, need_id):
    """Join a published need for your NHS organisation ("we have this problem too")"""
    return demand.join(actor_from_request(), need_id, data)


@operation(blp, "DELETE /<int:need_id>/supporters/<int:organisation_id>", "leave", status=204,
           errors={404: "That organisation has not joined this need"})
def leave(need_id, organisation_id):
    """Take your organisation off a need it joined"""
    demand.leave(actor_from_request(), need_id, organisation_id)


@operation(blp, "POST /<int:need_id>/outcome", "close_with_outcome", body=schemas.CloseWithOutcome, status=201,
           out=schemas.NeedOutcomeOut, errors={409: "Not published, or a stale version"})
def close_with_outcome(data, need_id):
    """Close a published need with its outcome: adopted, piloting (naming the solution) or not progressed"""
    return outcomes.close_with_outcome(actor_from_request(), need_id, data)


@operation(blp, "GET /<int:need_id>/outcome", "outcome", out=schemas.NeedOutcomeOut,
           errors={404: "No such need visible to you, or no outcome recorded"})
def outcome(need_id):
    """How the need ended"""
    return outcomes.outcome_of(actor_from_request(), need_id)
