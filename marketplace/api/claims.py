"""Claims with references and expiry, the readiness checklist, and confirmation of deployments."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import claims, deployments

from .operations import operation

blp = Blueprint("claims", __name__, url_prefix="/solutions",
                description="A solution's claims, its readiness checklist, and confirmed deployments.")
verify_blp = Blueprint("claim_verification", __name__, url_prefix="/claims",
                       description="The platform team's verification of claims.")
confirm_blp = Blueprint("deployment_confirmation", __name__, url_prefix="/deployments",
                        description="Confirmation of deployments by the NHS organisation they name.")


@operation(blp, "GET /<int:solution_id>/claims", "claims", out=schemas.ClaimOut(many=True))
def list_claims(solution_id):
    """The solution's claims, with their references, dates and verification"""
    return claims.for_solution(actor_from_request(), solution_id)


@operation(blp, "POST /<int:solution_id>/claims", "claim_create", body=schemas.ClaimCreate, status=201,
           out=schemas.ClaimOut, errors={409: "Already recorded"})
def add_claim(data, solution_id):
    """Record a claim with its reference (and issue and expiry dates where it has them)"""
    return claims.add(actor_from_request(), solution_id, data)


@operation(blp, "DELETE /<int:solution_id>/claims/<int:claim_id>", "claim_delete", status=204)
def remove_claim(solution_id, claim_id):
    """Remove a claim"""
    claims.remove(actor_from_request(), solution_id, claim_id)


@operation(blp, "GET /<int:solution_id>/checklist", "checklist", query=schemas.ChecklistQuery, out=schemas.ChecklistOut)
def checklist(args, solution_id):
    """The readiness checklist: each line met, missing, expired, awaiting verification or not required"""
    return claims.checklist(actor_from_request(), solution_id, args.get("need_id"))


@operation(blp, "GET /<int:solution_id>/checklist/export", "checklist_export", query=schemas.ChecklistQuery,
           content_type="text/csv", description="The checklist as CSV")
def checklist_export(args, solution_id):
    """The readiness checklist as CSV"""
    result = claims.checklist(actor_from_request(), solution_id, args.get("need_id"))
    return Response(claims.checklist_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="checklist-{result["solution"].ref}.csv"'})


@operation(verify_blp, "POST /<int:claim_id>/verify", "verify", out=schemas.ClaimOut, errors={409: "Already verified"})
def verify(claim_id):
    """Mark a claim verified (platform administrators)"""
    return claims.verify(actor_from_request(), claim_id)


@operation(confirm_blp, "GET /awaiting-confirmation", "awaiting", out=schemas.ConfirmedDeploymentOut(many=True))
def awaiting():
    """Deployments naming your organisations that await your confirmation"""
    return deployments.awaiting_confirmation(actor_from_request())


@operation(confirm_blp, "POST /<int:deployment_id>/confirmation", "confirm", body=schemas.ConfirmDeployment,
           out=schemas.ConfirmedDeploymentOut, errors={409: "Already so"})
def confirm(data, deployment_id):
    """Confirm or reject that your organisation uses the solution (the organisation the deployment names)"""
    return deployments.confirm(actor_from_request(), deployment_id, data["decision"])


@operation(confirm_blp, "POST /<int:deployment_id>/outcome-report", "outcome_report", body=schemas.OutcomeReport,
           out=schemas.ConfirmedDeploymentOut, errors={409: "Not confirmed yet"})
def outcome_report(data, deployment_id):
    """Report what changed, with figures (the organisation the deployment names)"""
    return deployments.report_outcome(actor_from_request(), deployment_id, data["report"])
