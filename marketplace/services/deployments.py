"""Deployments: where a solution is in use in the NHS, and what it achieved."""
from __future__ import annotations

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace.engagement import DEPLOYMENT_CLAIMED, DEPLOYMENT_CONFIRMED, DEPLOYMENT_REJECTED
from marketplace.lifecycle import DEPLOYMENT_SITE_KINDS
from marketplace.models import Deployment, db, utcnow

from . import audit, notifications
from .common import commit, get_or_404, member_organisation_ids, organisation_by_ref, require
from .errors import Conflict, Invalid, NotFound
from .listings import SOLUTION, editable


def add(actor: Actor, solution_id: int, data: dict) -> Deployment:
    solution = editable(SOLUTION, actor, solution_id)
    data = dict(data)
    org = organisation_by_ref(data.pop("organisation"))
    if org.kind not in DEPLOYMENT_SITE_KINDS:
        raise Invalid("Deployments are at NHS organisations.", {"organisation": [f"{org.name} is not an NHS organisation"]})
    if any(d.organisation_id == org.id for d in solution.deployments):
        raise Invalid("Already recorded.", {"organisation": [f"a deployment at {org.name} is already recorded"]})
    deployment = Deployment(solution=solution, organisation_id=org.id, **data)
    db.session.add(deployment)
    db.session.flush()
    audit.record(actor, "deployment.create", deployment, solution=solution.ref, organisation=org.ref)
    notifications.notify(org.id, "deployment.claimed", None,
                         f"{solution.organisation.name} says {org.name} uses {solution.name}: confirm or reject it.")
    _touch(solution)
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
        commit()
    return deployment


def remove(actor: Actor, solution_id: int, deployment_id: int) -> None:
    solution = editable(SOLUTION, actor, solution_id)
    deployment = _find(solution, deployment_id)
    audit.record(actor, "deployment.delete", deployment, solution=solution.ref)
    solution.deployments.remove(deployment)
    _touch(solution)
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


def confirm(actor: Actor, deployment_id: int, decision: str) -> Deployment:
    """The named NHS organisation confirms (or rejects) that it uses the solution."""
    deployment = _named(actor, deployment_id)
    if decision not in (DEPLOYMENT_CONFIRMED, DEPLOYMENT_REJECTED):
        raise Invalid("Confirm or reject.", {"decision": [f"one of {DEPLOYMENT_CONFIRMED}, {DEPLOYMENT_REJECTED}"]})
    if deployment.confirmation == decision:
        raise Conflict(f"This deployment is already {decision}.", {"decision": [f"already {decision}"]})
    previous = deployment.confirmation
    deployment.confirmation = decision
    deployment.confirmed_at = utcnow()
    deployment.confirmed_by_user_id = actor.user.id if actor.user else None
    solution = deployment.solution
    audit.record(actor, f"deployment.{'confirm' if decision == DEPLOYMENT_CONFIRMED else 'reject'}", deployment,
                 solution=solution.ref, confirmation={"from": previous, "to": decision})
    notifications.notify(solution.organisation_id, f"deployment.{decision}", None,
                         f"{deployment.organisation.name} {decision} that it uses {solution.name}.")
    _touch(solution)
    commit()
    return deployment


def report_outcome(actor: Actor, deployment_id: int, report: str) -> Deployment:
    """The named NHS organisation's report of what changed, with figures."""
    deployment = _named(actor, deployment_id)
    if deployment.confirmation != DEPLOYMENT_CONFIRMED:
        raise Conflict("Confirm the deployment before reporting its outcome.", {"confirmation": [deployment.confirmation]})
    deployment.outcome_report = report
    deployment.outcome_reported_at = utcnow()
    audit.record(actor, "deployment.outcome_report", deployment, solution=deployment.solution.ref)
    notifications.notify(deployment.solution.organisation_id, "deployment.outcome", None,
                         f"{deployment.organisation.name} reported what {deployment.solution.name} changed there.")
    commit()
    return deployment


def awaiting_confirmation(actor: Actor) -> list[Deployment]:
    """Deployments naming the caller's organisations that nobody there has confirmed or rejected."""
    require(actor, actor.user is not None, "Deployments awaiting confirmation are asked of people.")
    return list(db.session.execute(
        db.select(Deployment).where(Deployment.organisation_id.in_(member_organisation_ids(actor)), Deployment.confirmation == DEPLOYMENT_CLAIMED)
        .order_by(Deployment.created_at)
    ).scalars())


def _named(actor: Actor, deployment_id: int) -> Deployment:
    deployment = get_or_404(Deployment, deployment_id, "deployment",
                            lambda deployment: permissions.can_view_listing(actor, deployment.solution))
    require(actor, permissions.can_confirm_deployment(actor, deployment),
            f"Only {deployment.organisation.name} confirms, rejects or reports on this deployment.")
    return deployment
