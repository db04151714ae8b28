"""Where a solution is in use: its organisation's members record, change and remove deployments."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from auth.http.actor import actor_from_request
from marketplace.schemas import listings as ls
from marketplace.services import deployments, listings
from marketplace.services.listings import SOLUTION

from . import bp
from .forms import Field, Form

REF_EXAMPLE = "org-northfield-teaching-ft"


class DeploymentForm(Form):
    fields = (
        Field("organisation", "Marketplace reference", what="the NHS organisation's marketplace reference",
              required=True),
        Field("since", "In use since", "month", blank="none"),
        Field("outcome", "What it achieved there", blank="none"),
    )

    def add_error(self, name: str, message: str) -> None:
        # The services speak of refs; people know the organisation page's "marketplace reference".
        if name == "organisation":
            typed = str(self.values.get("organisation", "")).strip()
            if message.startswith("No organisation with ref"):
                message = (f"No organisation has the marketplace reference ‘{typed}’. "
                           "Copy it from the organisation's page")
            elif message.startswith("Must be 1 to 80"):
                message = f"Enter a marketplace reference like {REF_EXAMPLE}: letters, digits and dashes"
        super().add_error(name, message)


class DeploymentChangeForm(Form):
    fields = (
        Field("since", "In use since", "month", blank="none"),
        Field("outcome", "What it achieved there", blank="none"),
    )


def _deployment(solution, deployment_id: int):
    found = next((d for d in solution.deployments if d.id == deployment_id), None)
    if found is None:
        abort(404)
    return found


@bp.route("/solutions/<int:solution_id>/deployments", methods=["GET", "POST"])
def solution_deployments(solution_id):
    actor = actor_from_request()
    solution = listings.editable(SOLUTION, actor, solution_id)
    if request.method == "GET":
        return render_template("listings/deployments.html", solution=solution, form=DeploymentForm())
    form = DeploymentForm.from_request(request.form)
    form.load(ls.DeploymentCreate())
    added = form.submit(lambda data: deployments.add(actor, solution.id, data))
    if added is None:
        return render_template("listings/deployments.html", solution=solution, form=form), 422
    flash(f"The deployment at {added.organisation.name} has been recorded.", "success")
    return redirect(url_for("web.solution_deployments", solution_id=solution.id))


@bp.route("/solutions/<int:solution_id>/deployments/<int:deployment_id>/edit", methods=["GET", "POST"])
def edit_deployment(solution_id, deployment_id):
    actor = actor_from_request()
    solution = listings.editable(SOLUTION, actor, solution_id)
    deployment = _deployment(solution, deployment_id)
    if request.method == "GET":
        return render_template("listings/deployment_form.html", solution=solution, deployment=deployment,
                               form=DeploymentChangeForm.from_record(deployment))
    form = DeploymentChangeForm.from_request(request.form)
    form.load(ls.DeploymentUpdate())
    saved = form.submit(lambda data: deployments.update(actor, solution.id, deployment.id, data))
    if saved is None:
        return render_template("listings/deployment_form.html", solution=solution, deployment=deployment,
                               form=form), 422
    flash(f"The deployment at {saved.organisation.name} has been saved.", "success")
    return redirect(url_for("web.solution_deployments", solution_id=solution.id))


@bp.post("/solutions/<int:solution_id>/deployments/<int:deployment_id>/remove")
def remove_deployment(solution_id, deployment_id):
    actor = actor_from_request()
    solution = listings.editable(SOLUTION, actor, solution_id)
    name = _deployment(solution, deployment_id).organisation.name
    deployments.remove(actor, solution.id, deployment_id)
    flash(f"The deployment at {name} has been removed.", "success")
    return redirect(url_for("web.solution_deployments", solution_id=solution_id))
