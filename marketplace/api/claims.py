"""Claims with references and expiry, the readiness checklist, and confirmation of deployments."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import claims, deployments

blp = Blueprint("claims", __name__, url_prefix="/solutions",
                description="A solution's claims, its readiness checklist, and confirmed deployments.")
verify_blp = Blueprint("claim_verification", __name__, url_prefix="/claims",
                       description="The platform team's verification of claims.")
confirm_blp = Blueprint("deployment_confirmation", __name__, url_prefix="/deployments",
                        description="Confirmation of deployments by the NHS organisation they name.")


@blp.route("/<int:solution_id>/claims", methods=["GET"], endpoint="claims")
@blp.response(200, schemas.ClaimOut(many=True))
def list_claims(solution_id):
    """The solution's claims, with their references, dates and verification"""
    return claims.for_solution(actor_from_request(), solution_id)


@blp.route("/<int:solution_id>/claims", methods=["POST"], endpoint="claim_create")
@blp.arguments(schemas.ClaimCreate)
@blp.response(201, schemas.ClaimOut)
@blp.alt_response(409, description="Already recorded")
def add_claim(data, solution_id):
    """Record a claim with its reference (and issue and expiry dates where it has them)"""
    return claims.add(actor_from_request(), solution_id, data)


@blp.route("/<int:solution_id>/claims/<int:claim_id>", methods=["DELETE"], endpoint="claim_delete")
@blp.response(204)
def remove_claim(solution_id, claim_id):
    """Remove a claim"""
    claims.remove(actor_from_request(), solution_id, claim_id)


@blp.route("/<int:solution_id>/checklist", methods=["GET"], endpoint="checklist")
@blp.arguments(schemas.ChecklistQuery, location="query")
@blp.response(200, schemas.ChecklistOut)
def checklist(args, solution_id):
    """The readiness checklist: each line met, missing, expired, awaiting verification or not required"""
    return claims.checklist(actor_from_request(), solution_id, args.get("need_id"))


@blp.route("/<int:solution_id>/checklist/export", methods=["GET"], endpoint="checklist_export")
@blp.arguments(schemas.ChecklistQuery, location="query")
@blp.response(200, content_type="text/csv", description="The checklist as CSV")
def checklist_export(args, solution_id):
    """The readiness checklist as CSV"""
    result = claims.checklist(actor_from_request(), solution_id, args.get("need_id"))
    return Response(claims.checklist_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="checklist-{result["solution"].ref}.csv"'})


@verify_blp.route("/<int:claim_id>/verify", methods=["POST"], endpoint="verify")
@verify_blp.response(200, schemas.ClaimOut)
@verify_blp.alt_response(409, description="Already verified")
def verify(claim_id):
    """Mark a claim verified (platform administrators)"""
    return claims.verify(actor_from_request(), claim_id)


@confirm_blp.route("/awaiting-confirmation", methods=["GET"], endpoint="awaiting")
@confirm_blp.response(200, schemas.ConfirmedDeploymentOut(many=True))
def awaiting():
    """Deployments naming your organisations that await your confirmation"""
    return deployments.awaiting_confirmation(actor_from_request())


@confirm_blp.route("/<int:deployment_id>/confirmation", methods=["POST"], endpoint="confirm")
@confirm_blp.arguments(schemas.ConfirmDeployment)
@confirm_blp.response(200, schemas.ConfirmedDeploymentOut)
@confirm_blp.alt_response(409, description="Already so")
def confirm(data, deployment_id):
    """Confirm or reject that your organisation uses the solution (the organisation the deployment names)"""
    return deployments.confirm(actor_from_request(), deployment_id, data["decision"])


@confirm_blp.route("/<int:deployment_id>/outcome-report", methods=["POST"], endpoint="outcome_report")
@confirm_blp.arguments(schemas.OutcomeReport)
@confirm_blp.response(200, schemas.ConfirmedDeploymentOut)
@confirm_blp.alt_response(409, description="Not confirmed yet")
def outcome_report(data, deployment_id):
    """Report what changed, with figures (the organisation the deployment names)"""
    return deployments.report_outcome(actor_from_request(), deployment_id, data["report"])
