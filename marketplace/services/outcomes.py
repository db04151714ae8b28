"""How a need ends: its organisation closes it with an outcome (adopted, piloting, not progressed).

Closing goes through the listing lifecycle (marketplace.lifecycle via services.listings), in the
same transaction as the outcome, so a need is never closed without one nor given one while open.
"""
from __future__ import annotations

import sqlalchemy as sa

from auth.policy.identity import Actor
from marketplace.lifecycle import PUBLISHED
from marketplace import engagement
from marketplace.models import Interest, NeedOutcome, Solution, db

from . import audit, listings, notifications
from .errors import Conflict, Invalid, NotFound
from .listings import NEED



def close_with_outcome(actor: Actor, need_id: int, data: dict) -> NeedOutcome:
    need = listings.editable(NEED, actor, need_id)
    if need.status != PUBLISHED:
        raise Conflict(f"Only a published need is closed with an outcome; this one is {need.status}.",
                       {"status": [f"is {need.status}"]})
    outcome, solution_id, note = data["outcome"], data.get("solution_id"), data.get("note")
    solution = _named_solution(need, outcome, solution_id)
    record = NeedOutcome(need_id=need.id, outcome=outcome, solution_id=solution.id if solution else None,
                         note=note, recorded_by_user_id=actor.user.id if actor.user else None)
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "need.outcome", record, object_type="need_outcome", need=need.ref, outcome=outcome,
                 solution=solution.ref if solution else None)
    if solution is not None:
        label = engagement.NEED_OUTCOMES[outcome].lower()
        notifications.notify(solution.organisation_id, "need.outcome", None,
                             f"{need.organisation.name} closed “{need.title}”: {label} with {solution.name}.")
    listings.transition(NEED, actor, need.id, "close", data.get("version"))  # commits both
    return record


def outcome_of(actor: Actor, need_id: int) -> NeedOutcome:
    need = listings.get(NEED, actor, need_id)
    record = db.session.execute(sa.select(NeedOutcome).where(NeedOutcome.need_id == need.id)).scalar_one_or_none()
    if record is None:
        raise NotFound("This need has no recorded outcome.")
    return record


def _named_solution(need, outcome: str, solution_id: int | None) -> Solution | None:
    if outcome not in engagement.OUTCOMES_NAMING_A_SOLUTION:
        if solution_id is not None:
            raise Invalid("Only an adoption or a pilot names a solution.",
                          {"solution_id": [f"not used when the outcome is '{outcome}'"]})
        return None
    if solution_id is None:
        raise Invalid("Say which solution.", {"solution_id": [f"required when the outcome is '{outcome}'"]})
    solution = db.session.get(Solution, solution_id)
    responded = db.session.execute(sa.select(Interest.id).where(
        Interest.need_id == need.id, Interest.solution_id == solution_id)).first() is not None
    if solution is None or (solution.status != PUBLISHED and not responded):
        raise Invalid("Name a published solution.", {"solution_id": [f"no published solution with id {solution_id}"]})
    return solution
