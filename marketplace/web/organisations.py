"""Organisation pages: profile, listings, members and invitations; starting and editing an organisation."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from auth.http.actor import actor_from_request
from auth.policy import permissions
from auth.services import accounts
from marketplace.schemas.listings import OrganisationCreate, OrganisationUpdate
from marketplace.services import browse, organisations
from marketplace.services.common import require
from marketplace.services.errors import Conflict, Unauthenticated

from . import bp
from .forms import FORM_ERROR, VERSION, Field, Form


class OrganisationForm(Form):
    fields = (
        Field("name", "Name", what="the organisation's name", required=True),
        Field("kind", "Kind of organisation", "code", what="the kind of organisation"),
        Field("ods_code", "ODS code", what="the ODS code", blank="none"),
        Field("region", "Region", "code", what="the region", blank="none"),
        Field("description", "About the organisation", blank="none"),
        Field("open_to_codesign", "Open to co-design", "yesno", what="whether you are open to co-design"),
        Field("codesign_areas", "Co-design areas", "codes", what="co-design areas"),
        VERSION,
    )

    @classmethod
    def from_request(cls, formdata):
        form = super().from_request(formdata)
        if form.data.get("ods_code"):
            form.data["ods_code"] = form.data["ods_code"].upper()
        return form


class InviteForm(Form):
    fields = (
        Field("email", "Email address", what="their email address", required=True),
        Field("role", "Role", "code", what="a role"),
    )


@bp.get("/organisations/<int:organisation_id>")
def organisation(organisation_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    listed = browse.listings_of(actor, org.id)
    return render_template(
        "organisations/organisation.html", org=org, needs=listed["needs"], solutions=listed["solutions"],
        can_see_members=permissions.can_see_members(actor, org),
        can_manage_members=permissions.can_manage_members(actor, org),
        can_edit=permissions.can_edit_organisation(actor, org),
        can_manage_clients=permissions.can_manage_api_clients(actor, org),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    actor = actor_from_request()
    if not actor.is_authenticated:
        raise Unauthenticated("Sign in to add an organisation.")
    if request.method == "GET":
        return render_template("organisations/form.html", form=OrganisationForm({"open_to_codesign": "no"}), org=None)
    form = OrganisationForm.from_request(request.form)
    form.data.pop("version", None)
    form.load(OrganisationCreate())
    org = form.submit(lambda data: organisations.create(actor, data))
    if org is None:
        return render_template("organisations/form.html", form=form, org=None), 422
    flash(f"{org.name} has been added. A marketplace administrator will verify it.", "success")
    return redirect(url_for("web.organisation", organisation_id=org.id))


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    require(actor, permissions.can_edit_organisation(actor, org), f"Only admins of {org.name} can change its profile.")
    if request.method == "GET":
        return render_template("organisations/form.html", form=OrganisationForm.from_record(org), org=org)
    form = OrganisationForm.from_request(request.form)
    form.load(OrganisationUpdate())
    saved = form.submit(lambda data: organisations.update(actor, org.id, data))
    if saved is None:
        return render_template("organisations/form.html", form=form, org=org), 422
    flash("The profile has been saved.", "success")
    return redirect(url_for("web.organisation", organisation_id=org.id))


# --- members and invitations ---------------------------------------------------------------------

@bp.get("/organisations/<int:organisation_id>/members")
def members(organisation_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    return _render_members(actor, org)


def _render_members(actor, org, invite_form=None, problem=None, status=200):
    """The members page: who belongs (for members); for admins also the invite form and open invitations.

    ``problem``: a refusal to show at the top of the page (removing the last admin)."""
    listed = accounts.members(actor, org.id)  # Unauthenticated or Forbidden as the service decides
    manage = permissions.can_manage_members(actor, org)
    invite_form = invite_form or InviteForm({"role": "member"})
    if problem:
        invite_form.add_error(FORM_ERROR, problem)
    return render_template(
        "organisations/members.html", org=org, members=listed, can_manage_members=manage,
        invitations=accounts.open_invitations(actor, org.id) if manage else [],
        admins=sum(m.role == "admin" for m in listed), form=invite_form,
    ), status


def _members_page(organisation_id):
    return redirect(url_for("web.members", organisation_id=organisation_id))


@bp.post("/organisations/<int:organisation_id>/invitations")
def invite(organisation_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    form = InviteForm.from_request(request.form)
    sent = form.submit(lambda data: accounts.invite(
        actor, org.id, data.get("email", ""), data.get("role", ""),
        lambda token: url_for("web.accept_invitation", token=token, _external=True)))
    if sent is None:
        return _render_members(actor, org, invite_form=form, status=422)
    flash(f"An invitation has been sent to {sent.email}.", "success")
    return _members_page(org.id)


@bp.post("/organisations/<int:organisation_id>/invitations/<int:invitation_id>/withdraw")
def withdraw_invitation(organisation_id, invitation_id):
    actor = actor_from_request()
    accounts.withdraw_invitation(actor, organisation_id, invitation_id)
    flash("The invitation has been withdrawn.", "success")
    return _members_page(organisation_id)


@bp.post("/organisations/<int:organisation_id>/members/<int:user_id>/remove")
def remove_member(organisation_id, user_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    try:
        accounts.remove_member(actor, org.id, user_id)
    except Conflict as exc:
        return _render_members(actor, org, problem=exc.message, status=409)
    if actor.user is not None and actor.user.id == user_id and not actor.is_platform_admin:
        flash(f"You have left {org.name}.", "success")
        return redirect(url_for("web.account"))
    flash("The member has been removed.", "success")
    return _members_page(org.id)
