"""Signing in and out, registering, resetting a password, accepting an invitation; your account and API clients."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from auth.http import sessions
from auth.http.actor import actor_from_request
from auth.http.limits import limit_password_reset, limit_register, limit_sign_in
from auth.http.redirects import safe_next
from auth.policy.identity import SCOPES
from auth.services import accounts, clients
from marketplace.services import browse, dashboard, organisations
from marketplace.services.errors import Unauthenticated

from . import bp
from .forms import FORM_ERROR, Field, Form
from .helpers import form_page


class SignInForm(Form):
    fields = (
        Field("email", "Email address", what="your email address", required=True),
        Field("password", "Password", "password", what="your password", required=True),
    )


class RegisterForm(Form):
    fields = (
        # The account service checks these and says what is wrong with each, all at once.
        Field("name", "Full name", what="your full name"),
        Field("email", "Email address", what="your email address"),
        Field("password", "Password", "password", what="a password"),
    )


class ResetRequestForm(Form):
    fields = (Field("email", "Email address", what="your email address", required=True),)


class NewPasswordForm(Form):
    fields = (Field("password", "New password", "password", what="a new password", required=True),)


class ClientForm(Form):
    fields = (
        Field("name", "Name", what="a name for the client", required=True),
        Field("scopes", "What it may do", "codes", what="at least one permission", required=True),
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@limit_sign_in
def sign_in():
    next_url = safe_next(request.values.get("next"), "")
    if request.method == "GET":
        return render_template("account/sign_in.html", form=SignInForm(), next_url=next_url)
    form = SignInForm.from_request(request.form)
    if form.has_errors:
        return render_template("account/sign_in.html", form=form, next_url=next_url), 422
    try:
        user = accounts.authenticate(form.data["email"], form.data["password"], request.remote_addr)
    except accounts.SignInRefused as exc:
        form.add_error(FORM_ERROR, exc.message)
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
        return render_template("account/sign_in.html", form=form, next_url=next_url), 401, headers
    sessions.sign_in(user, "password", request.remote_addr)
    return redirect(next_url or url_for("web.account"))


@bp.post("/sign-out")
def sign_out():
    sessions.sign_out(actor_from_request())
    flash("You have signed out.", "success")
    return redirect(url_for("web.home"))


@bp.route("/register", methods=["GET", "POST"])
@limit_register
def register():
    next_url = safe_next(request.values.get("next"), "")

    def signed_in(user):
        sessions.sign_in(user, "password", request.remote_addr)
        flash("Your account has been created and you are signed in.", "success")
        return redirect(next_url or url_for("web.account"))

    return form_page("account/register.html", RegisterForm, None,
                     lambda data: accounts.register(data.get("email", ""), data.get("password", ""),
                                                    data.get("name", ""), request.remote_addr),
                     signed_in, next_url=next_url)


@bp.route("/account/reset-password", methods=["GET", "POST"])
@limit_password_reset
def request_reset():
    if request.method == "GET":
        return render_template("account/reset_request.html", form=ResetRequestForm())
    form = ResetRequestForm.from_request(request.form)
    if not form.has_errors and (problem := accounts.email_problem(accounts.normalise_email(form.data["email"]))):
        form.add_error("email", problem)
    if form.has_errors:
        return render_template("account/reset_request.html", form=form), 422
    accounts.request_password_reset(form.data["email"],
                                    lambda token: url_for("web.reset_password", token=token, _external=True),
                                    request.remote_addr)
    return render_template("account/reset_sent.html", email=form.data["email"])


@bp.route("/account/reset-password/<token>", methods=["GET", "POST"])
@limit_password_reset
def reset_password(token):
    accounts.reset_for_token(token)  # InvalidLink: a 400 page saying why

    def changed(_user):
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("web.sign_in"))

    return form_page("account/reset_password.html", NewPasswordForm, None,
                     lambda data: accounts.reset_password(token, data["password"], request.remote_addr), changed,
                     token=token)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    invitation = accounts.invitation_for_token(token)
    actor = actor_from_request()
    if request.method == "POST":
        membership = accounts.accept_invitation(actor, token)
        flash(f"You are now a member of {membership.organisation.name}.", "success")
        return redirect(url_for("web.organisation", organisation_id=membership.organisation_id))
    return render_template("account/invitation.html", invitation=invitation, token=token)


@bp.get("/account")
def account():
    actor = actor_from_request()
    if actor.user is None:
        raise Unauthenticated("Sign in to see your account.")
    memberships = browse.memberships_of(actor)
    listed = {m.organisation_id: browse.listings_of(actor, m.organisation_id, limit=20) for m in memberships}
    return render_template("account/account.html", user=actor.user, memberships=memberships, listed=listed,
                           attention=dashboard.attention(actor))


@bp.route("/organisations/<int:organisation_id>/api-clients", methods=["GET", "POST"])
def api_clients(organisation_id):
    actor = actor_from_request()
    org = organisations.get(actor, organisation_id)
    form, secret, created = ClientForm({"scopes": ["listings:read"]}), None, None
    status = 200
    if request.method == "POST":
        form = ClientForm.from_request(request.form)
        result = form.submit(lambda data: clients.register_client(actor, org.id, data["name"], data["scopes"]))
        if result is None:
            status = 422
        else:
            created, secret = result
            form = ClientForm({"scopes": ["listings:read"]})
    registered = clients.clients_of(actor, org.id)
    scopes = [(name, text) for name, text in SCOPES.items()
              if name != "admin" or (actor.user is not None and actor.user.is_platform_admin)]
    return render_template("account/api_clients.html", org=org, clients=registered, form=form, scopes=scopes,
                           created=created, secret=secret), status


@bp.post("/organisations/<int:organisation_id>/api-clients/<int:client_pk>/revoke")
def revoke_api_client(organisation_id, client_pk):
    actor = actor_from_request()
    client = clients.revoke_client(actor, client_pk)
    flash(f"The client ‘{client.name}’ has been revoked: its tokens no longer work.", "success")
    return redirect(url_for("web.api_clients", organisation_id=organisation_id))

