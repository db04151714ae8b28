"""Regulatory and evidence claims with references and expiry, their verification, and the checklist.

The rules that read claims are in marketplace.readiness; this module records and checks them.
"""
from __future__ import annotations

import csv
import io
from datetime import date

import sqlalchemy as sa

from auth.policy import permissions
from auth.policy.identity import Actor
from marketplace import readiness
from marketplace import taxonomy as tx
from marketplace.engagement import DEPLOYMENT_CONFIRMED
from marketplace.models import Claim, Need, Solution, db, utcnow

from . import audit, listings, notifications
from .common import commit, require
from .errors import Conflict, Invalid, NotFound
from .listings import NEED, SOLUTION


def for_solution(actor: Actor, solution_id: int) -> list[Claim]:
    return list(listings.get(SOLUTION, actor, solution_id).claims)


def add(actor: Actor, solution_id: int, data: dict) -> Claim:
    solution = listings.editable(SOLUTION, actor, solution_id)
    kind, code = data["kind"], data["code"]
    vocabulary = tx.REGULATORY_STATUSES if kind == readiness.REGULATORY else tx.EVIDENCE_LEVELS
    if code not in tx.codes(vocabulary):
        raise Invalid("Unknown code for this kind of claim.", {"code": [f"unknown {kind} code '{code}'"]})
    issued, expires = data.get("issued_on"), data.get("expires_on")
    if issued and expires and expires < issued:
        raise Invalid("A claim cannot expire before it was issued.", {"expires_on": ["must be on or after issued_on"]})
    if any(c.kind == kind and c.code == code for c in solution.claims):
        raise Conflict("This claim is already recorded: remove it first to replace it.", {"code": ["already recorded"]})
    claim = Claim(solution_id=solution.id, **data)
    solution.claims.append(claim)
    db.session.flush()
    audit.record(actor, "claim.create", claim, solution=solution.ref, kind=kind, code=code)
    commit()
    return claim


def remove(actor: Actor, solution_id: int, claim_id: int) -> None:
    solution = listings.editable(SOLUTION, actor, solution_id)
    claim = next((c for c in solution.claims if c.id == claim_id), None)
    if claim is None:
        raise NotFound(f"No claim with id {claim_id} on this solution.")
    audit.record(actor, "claim.delete", claim, solution=solution.ref)
    solution.claims.remove(claim)
    commit()


def verify(actor: Actor, claim_id: int) -> Claim:
    require(actor, permissions.can_verify_claims(actor), "Only platform administrators verify claims.")
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"No claim with id {claim_id}.")
    if claim.verified_at is not None:
        raise Conflict("This claim is already verified.", {"verified": ["already verified"]})
    claim.verified_at = utcnow()
    claim.verified_by_user_id = actor.user.id if actor.user else None
    audit.record(actor, "claim.verify", claim, solution=claim.solution.ref)
    notifications.notify(claim.solution.organisation_id, "claim.verified", None,
                         f"The platform team verified {_claim_label(claim)} for {claim.solution.name}.")
    commit()
    return claim


def remind(actor: Actor, today: date | None = None) -> tuple[int, int]:
    """Warn innovators of claims expiring within 30 days (once each) and re-index solutions whose
    claims have expired (once each). Safe to run as often as you like; returns (warned, expired)."""
    today = today or date.today()
    warned = expired = 0
    soon = db.session.execute(sa.select(Claim).where(
        Claim.reminded_at.is_(None), Claim.expires_on.is_not(None), Claim.expires_on >= today,
        Claim.expires_on <= today + readiness.EXPIRY_WARNING)).scalars().all()
    for claim in soon:
        notifications.notify(claim.solution.organisation_id, "claim.expiring", None,
                             f"{_claim_label(claim)} for {claim.solution.name} expires on "
                             f"{claim.expires_on:%-d %B %Y}: renew it so it keeps counting.")
        claim.reminded_at = utcnow()
        audit.record(actor, "claim.remind", claim, solution=claim.solution.ref)
        warned += 1
    gone = db.session.execute(sa.select(Claim).where(
        Claim.expiry_applied_at.is_(None), Claim.expires_on.is_not(None), Claim.expires_on < today)).scalars().all()
    for claim in gone:
        claim.expiry_applied_at = utcnow()
        audit.record(actor, "claim.expired", claim, solution=claim.solution.ref)
        expired += 1
    commit()
    return warned, expired


def checklist(actor: Actor, solution_id: int, need_id: int | None = None) -> dict:
    solution = listings.get(SOLUTION, actor, solution_id)
    need = listings.get(NEED, actor, need_id) if need_id is not None else None
    confirmed = sum(1 for d in solution.deployments if d.confirmation == DEPLOYMENT_CONFIRMED)
    return {"solution": solution, "need": need,
            "lines": readiness.checklist(solution, solution.claims, confirmed, need, date.today())}


def with_checklists(result: dict, *, need_id: int | None = None, solution_id: int | None = None) -> dict:
    """Put the readiness checklist on every item of a match list (issue 13, item 9: "for every match").

    ``result`` is search.match_lists.matches_for_need (give ``need_id``) or matches_for_solution (give
    ``solution_id``). The same ``readiness.checklist`` as the solution page and the CSV, read
    against the need of each pair; the rows are loaded in two queries for the whole page, not one
    per item. An item whose listing is no longer in the database (the index lagging a delete)
    gets an empty checklist rather than failing the list.
    """
    key = "solution" if need_id is not None else "need"
    ids = {item[key]["id"] for item in result["items"]}
    if not ids:
        return result
    model = Solution if key == "solution" else Need
    rows = {row.id: row for row in db.session.execute(sa.select(model).where(model.id.in_(ids))).unique().scalars()}
    other = db.session.get(Need if key == "solution" else Solution, need_id if key == "solution" else solution_id)
    today = date.today()
    for item in result["items"]:
        row = rows.get(item[key]["id"])
        solution, need = (row, other) if key == "solution" else (other, row)
        if solution is None or need is None:
            item["readiness"] = []
            continue
        confirmed = sum(1 for d in solution.deployments if d.confirmation == DEPLOYMENT_CONFIRMED)
        item["readiness"] = readiness.checklist(solution, solution.claims, confirmed, need, today)
    return result


def checklist_csv(result: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Line", "Required", "Status", "Detail"])
    for line in result["lines"]:
        writer.writerow([line["label"], "Yes" if line["required"] else "No", readiness.STATUS_LABELS[line["status"]],
                         line["detail"]])
    return out.getvalue()


def _claim_label(claim: Claim) -> str:
    vocabulary = tx.REGULATORY_STATUSES if claim.kind == readiness.REGULATORY else tx.EVIDENCE_LEVELS
    return tx.label(vocabulary, claim.code)


