"""Claims, the readiness checklist and confirmation of deployments, on the pages.

The same services (marketplace.services.claims and .deployments) and schemas as the API.
"""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from auth.policy import permissions
from auth.http.actor import actor_from_request
from marketplace import readiness
from marketplace.schemas import interests as schemas
from marketplace.services import claims, deployments, listings
from marketplace.services.listings import SOLUTION

from . import bp
from .helpers import signed_in_actor as _signed_in
from .forms import FORM_ERROR, Field, Form


class ClaimForm(Form):
    fields = (
        Field("kind", "Kind", "code", what="the kind of claim", required=True),
        Field("code", "Claim", "code", what="what you claim", required=True),
        Field("reference", "Reference", what="a reference", required=True),
        Field("issued_on", "Issued on", "date", blank="omit"),
        Field("expires_on", "Expires on", "date", blank="omit"),
    )


class ReportForm(Form):
    fields = (Field("report", "What changed", what="what changed", required=True),)


@bp.app_template_filter("readiness_status")
def readiness_status(status: str) -> str:
    """A checklist line's status as people read it (the compact list on every match)."""
    return readiness.STATUS_LABELS.get(status, status)


def _render_claims(actor, solution, form=None, status=200):
    return render_template("claims/claims.html", solution=solution, form=form or ClaimForm({"kind": "regulatory"}),
                           can_verify=permissions.can_verify_claims(actor),
                           can_edit=permissions.can_edit_listing(actor, solution),
                           expired=lambda c: readiness.is_expired(readiness.facts(c), _today())), status


@bp.route("/solutions/<int:solution_id>/claims", methods=["GET", "POST"])
def solution_claims(solution_id):
    actor = actor_from_request()
    solution = listings.get(SOLUTION, actor, solution_id)
    if request.method == "GET":
        return _render_claims(actor, solution)
    _signed_in()
    form = ClaimForm.from_request(request.form)
    form.load(schemas.ClaimCreate())
    added = form.submit(lambda data: claims.add(actor, solution.id, data))
    if added is None:
        return _render_claims(actor, solution, form, 422)
    flash("The claim has been recorded. The platform team can now verify it.", "success")
    return redirect(url_for("web.solution_claims", solution_id=solution.id))


@bp.post("/solutions/<int:solution_id>/claims/<int:claim_id>/remove")
def remove_claim(solution_id, claim_id):
    claims.remove(_signed_in(), solution_id, claim_id)
    flash("The claim has been removed.", "success")
    return redirect(url_for("web.solution_claims", solution_id=solution_id))


@bp.post("/claims/<int:claim_id>/verify")
def verify_claim(claim_id):
    claim = claims.verify(_signed_in(), claim_id)
    flash("The claim is marked verified.", "success")
    return redirect(url_for("web.solution_claims", solution_id=claim.solution_id))


@bp.get("/solutions/<int:solution_id>/checklist.csv")
def solution_checklist_csv(solution_id):
    need_id = request.args.get("need_id", "")
    result = claims.checklist(actor_from_request(), solution_id,
                              int(need_id) if need_id.isdigit() and len(need_id) < 10 else None)
    return Response(claims.checklist_csv(result), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="checklist-{result["solution"].ref}.csv"'})


@bp.get("/deployments/awaiting-confirmation")
def deployments_awaiting():
    actor = _signed_in()
    return render_template("claims/awaiting.html", awaiting=deployments.awaiting_confirmation(actor))


@bp.post("/deployments/<int:deployment_id>/<any(confirmed, rejected):decision>")
def decide_deployment(deployment_id, decision):
    actor = _signed_in()
    form = Form()
    done = form.submit(lambda _: deployments.confirm(actor, deployment_id, decision))
    if done is None:
        flash(form.error(FORM_ERROR) or "That could not be done.", "error")
    else:
        flash(f"Thank you: {done.solution.organisation.name} has been told.", "success")
    return redirect(url_for("web.deployment_report", deployment_id=deployment_id)
                    if decision == "confirmed" and done is not None else url_for("web.deployments_awaiting"))


@bp.route("/deployments/<int:deployment_id>/outcome-report", methods=["GET", "POST"])
def deployment_report(deployment_id):
    actor = _signed_in()
    if request.method == "GET":
        return render_template("claims/report.html", deployment_id=deployment_id, form=ReportForm())
    form = ReportForm.from_request(request.form)
    form.load(schemas.OutcomeReport())
    done = form.submit(lambda data: deployments.report_outcome(actor, deployment_id, data["report"]))
    if done is None:
        return render_template("claims/report.html", deployment_id=deployment_id, form=form), 422
    flash("Your outcome report is on the solution's page, where other NHS organisations read it.", "success")
    return redirect(url_for("web.solution", solution_id=done.solution_id) + "#in-use")


def _today():
    from datetime import date

    return date.today()
