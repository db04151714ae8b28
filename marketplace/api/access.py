"""Identity and access over JSON: sessions, registration, password reset, API clients,
invitations and members, and platform administration (accounts, audit log)."""
from __future__ import annotations

from flask import request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import BuildError

from auth.http import sessions
from auth.http.actor import actor_from_request
from auth.http.limits import limit_password_reset, limit_register, limit_sign_in
from auth.services import accounts, clients
from marketplace.schemas import access as s
from marketplace.services import audit
from marketplace.services.errors import Unauthenticated

from .operations import operation

blp = Blueprint("access", __name__, url_prefix="", description="Sign-in, accounts, API clients, members and the audit log.")


def link_to(endpoint: str, fallback: str):
    """Absolute links for emails: the page if the pages are installed, else the known path."""

    def link(token: str) -> str:
        try:
            return url_for(endpoint, token=token, _external=True)
        except BuildError:
            return request.host_url.rstrip("/") + fallback.format(token=token)

    return link


reset_link = link_to("web.reset_password", "/account/reset-password/{token}")
invitation_link = link_to("web.accept_invitation", "/invitations/{token}")


def _session_view():
    actor = actor_from_request()
    user = actor.user
    memberships = []
    if user is not None:
        memberships = [m for m in user.memberships if actor.role_in(m.organisation_id)]
    return {
        "authenticated": actor.is_authenticated,
        "via": actor.via,
        "user": user,
        "memberships": memberships,
        "scopes": sorted(actor.scopes) if actor.scopes is not None else None,
        "csrf_token": generate_csrf() if actor.via != "token" else None,
    }


@blp.route("/session")
class Session(MethodView):
    @blp.response(200, s.SessionOut)
    def get(self):
        """Who is asking: the signed-in person or token, their organisations and a CSRF token"""
        return _session_view()

    @limit_sign_in
    @blp.arguments(s.SignInArgs)
    @blp.response(200, s.SessionOut)
    @blp.alt_response(401, description="Wrong email or password, a locked or suspended account")
    @blp.alt_response(429, description="Too many attempts from this address (Retry-After says when to try again)")
    def post(self, args):
        """Sign in with email and password (starts a browser session)"""
        user = accounts.authenticate(args["email"], args["password"], request.remote_addr)
        sessions.sign_in(user, "password", request.remote_addr)
        request.environ.pop("marketplace.actor", None)  # the actor is now the signed-in person
        return _session_view()

    @blp.response(204)
    def delete(self):
        """Sign out"""
        sessions.sign_out(actor_from_request())


@blp.route("/users", methods=["POST"], endpoint="register")
@limit_register
@blp.arguments(s.RegisterArgs)
@blp.response(201, s.UserOut)
@blp.alt_response(429, description="Too many registrations from this address")
def register(args):
    """Register an account (then join an organisation by invitation, or start one)"""
    return accounts.register(args["email"], args["password"], args["name"], request.remote_addr)


@blp.route("/password-reset", methods=["POST"], endpoint="password_reset_request")
@limit_password_reset
@blp.arguments(s.PasswordResetRequestArgs)
@blp.response(202)
def password_reset_request(args):
    """Email a single-use reset link, if the account exists (the answer is the same either way)"""
    accounts.request_password_reset(args["email"], reset_link, request.remote_addr)
    return {"message": "If an account uses that address, we have sent it a link to reset the password."}


@blp.route("/password-reset/complete", methods=["POST"], endpoint="password_reset_complete")
@limit_password_reset
@blp.arguments(s.PasswordResetArgs)
@blp.response(204)
def password_reset_complete(args):
    """Choose a new password with the emailed link's token (ends every session of the account)"""
    accounts.reset_password(args["token"], args["password"], request.remote_addr)


# --- API clients ----------------------------------------------------------------------

@operation(blp, "GET /organisations/<int:organisation_id>/clients", "clients", out=s.ClientOut(many=True))
def clients_of(organisation_id):
    """The organisation's API clients (organisation admins)"""
    return clients.clients_of(actor_from_request(), organisation_id)


@operation(blp, "POST /organisations/<int:organisation_id>/clients", "register_client", body=s.ClientCreateArgs,
           status=201, out=s.ClientCreatedOut)
def register_client(args, organisation_id):
    """Register an API client; its secret is in this answer and nowhere else (organisation admins)"""
    client, secret = clients.register_client(actor_from_request(), organisation_id, args["name"], args["scopes"])
    client.client_secret = secret
    return client


@blp.route("/clients/<int:client_pk>", methods=["DELETE"], endpoint="revoke_client")
@blp.response(204)
def revoke_client(client_pk):
    """Revoke an API client and every token it holds (organisation admins)"""
    clients.revoke_client(actor_from_request(), client_pk)


# --- Members and invitations -------------------------------------------------------------

@blp.route("/organisations/<int:organisation_id>/members", methods=["GET"], endpoint="members")
@blp.response(200, s.MemberOut(many=True))
def members(organisation_id):
    """Who belongs to the organisation (its members)"""
    return accounts.members(actor_from_request(), organisation_id)


@blp.route("/organisations/<int:organisation_id>/members/<int:user_id>", methods=["DELETE"], endpoint="remove_member")
@blp.response(204)
def remove_member(organisation_id, user_id):
    """Remove someone from the organisation (organisation admins)"""
    accounts.remove_member(actor_from_request(), organisation_id, user_id)


@operation(blp, "GET /organisations/<int:organisation_id>/invitations", "invitations", out=s.InvitationOut(many=True))
def open_invitations(organisation_id):
    """Open invitations (organisation admins)"""
    return accounts.open_invitations(actor_from_request(), organisation_id)


@operation(blp, "POST /organisations/<int:organisation_id>/invitations", "invite", body=s.InvitationArgs, status=201,
           out=s.InvitationOut)
def invite(args, organisation_id):
    """Invite someone by email to join as member or admin (organisation admins)"""
    return accounts.invite(actor_from_request(), organisation_id, args["email"], args["role"], invitation_link)


@blp.route("/organisations/<int:organisation_id>/invitations/<int:invitation_id>", methods=["DELETE"],
           endpoint="withdraw_invitation")
@blp.response(204)
def withdraw_invitation(organisation_id, invitation_id):
    """Withdraw an open invitation (organisation admins)"""
    accounts.withdraw_invitation(actor_from_request(), organisation_id, invitation_id)


@blp.route("/invitations/accept", methods=["POST"], endpoint="accept_invitation")
@blp.arguments(s.AcceptInvitationArgs)
@blp.response(200, s.MembershipOut)
def accept_invitation(args):
    """Accept an invitation as the signed-in person it was sent to"""
    actor = actor_from_request()
    if actor.user is None:
        raise Unauthenticated("Sign in (or register) with the invited email address, then accept.")
    return accounts.accept_invitation(actor, args["token"])


# --- Platform administration -------------------------------------------------------------

@blp.route("/users", methods=["GET"], endpoint="users")
@blp.arguments(s.UserListArgs, location="query")
@blp.response(200, s.UserPage)
def users(args):
    """Accounts, filtered by email or name (platform administrators)"""
    rows, total = accounts.list_users(actor_from_request(), args["q"], args["page"], args["per_page"])
    return {"items": rows, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/users/<int:user_id>/suspension", methods=["POST"], endpoint="suspension")
@blp.arguments(s.SuspensionArgs)
@blp.response(200, s.UserOut)
def suspension(args, user_id):
    """Suspend or reinstate an account: its sessions and tokens stop at once (platform administrators)"""
    return accounts.set_suspended(actor_from_request(), user_id, args["suspended"], args["reason"])


@blp.route("/audit", methods=["GET"], endpoint="audit_log")
@blp.arguments(s.AuditArgs, location="query")
@blp.response(200, s.AuditPage)
def audit_log(args):
    """The audit log, newest first: every write and sign-in (platform administrators; read-only)"""
    page, per_page = args.pop("page"), args.pop("per_page")
    rows, total = audit.search_events(actor_from_request(), page=page, per_page=per_page, **args)
    return {"items": rows, "total": total, "page": page, "per_page": per_page}
