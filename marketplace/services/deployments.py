"""Deployments: where a solution is in use in the NHS, and what it achieved."""
from __future__ import annotations

from auth.identity import Actor
from marketplace.models import NHS_KINDS, Deployment, db, utcnow

from . import audit, outbox
from .common import commit, organisation_by_ref
from .errors import Invalid, NotFound
from .listings import SOLUTION, editable


def add(actor: Actor, solution_id: int, data: dict) -> Deployment:
    solution = editable(SOLUTION, actor, solution_id)
    data = dict(data)
    org = organisation_by_ref(data.pop("organisation"))
    if org.kind not in NHS_KINDS:
        raise Invalid("Deployments are at NHS organisations.", {"organisation": [f"{org.name} is not an NHS organisation"]})
    if any(d.organisation_id == org.id for d in solution.deployments):
        raise Invalid("Already recorded.", {"organisation": [f"a deployment at {org.name} is already recorded"]})
    deployment = Deployment(solution=solution, organisation_id=org.id, **data)
    db.session.add(deployment)
    db.session.flush()
    audit.record(actor, "deployment.create", deployment, solution=solution.ref, organisation=org.ref)
    _touch(solution)
    outbox.enqueue("solution", solution.id)
    commit()
    return deployment


def update(actor: Actor, solution_id: int, deployment_id: int, data: dict) -> Deployment:
    solution = editable(SOLUTION, actor, solution_id)
    deployment = _find(solution, deployment_id)
    changed = {k: v for k, v in data.items() if getattr(deployment, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(deployment, key, value)
        audit.record(actor, "deployment.update", deployment, solution=solution.ref, fields=sorted(changed))
        _touch(solution)
        outbox.enqueue("solution", solution.id)
        commit()
    return deployment


def remove(actor: Actor, solution_id: int, deployment_id: int) -> None:
    solution = editable(SOLUTION, actor, solution_id)
    deployment = _find(solution, deployment_id)
    audit.record(actor, "deployment.delete", deployment, solution=solution.ref)
    solution.deployments.remove(deployment)
    _touch(solution)
    outbox.enqueue("solution", solution.id)
    outbox.enqueue("organisation", deployment.organisation_id)  # its document no longer names the solution
    commit()


def _find(solution, deployment_id: int) -> Deployment:
    deployment = next((d for d in solution.deployments if d.id == deployment_id), None)
    if deployment is None:
        raise NotFound(f"No deployment with id {deployment_id} on this solution.")
    return deployment


def _touch(solution) -> None:
    """A deployment is part of the solution's record: changing one is a new version of it
    (the same as through an import), so editors holding the old version get 409."""
    solution.updated_at = utcnow()
