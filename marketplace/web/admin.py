"""Platform administration: verifying organisations, suspending accounts, reading the audit log."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from auth.http.actor import actor_from_request
from auth.http.redirects import safe_next
from auth.policy import permissions
from auth.services import accounts
from marketplace.services import audit, browse, organisations
from marketplace.services.common import require
from marketplace.services.errors import Invalid

from . import bp
from .forms import CONTROL_CHARACTERS

PER_PAGE = 50


def _text_arg(name: str) -> str:
    """A free-text filter from the query string, without control characters (the databases refuse NUL)."""
    return CONTROL_CHARACTERS.sub("", request.args.get(name, "")).strip()[:200]


def _page() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


def _admin():
    actor = actor_from_request()
    require(actor, actor.is_platform_admin, "Only platform administrators can see this page.")
    return actor


@bp.get("/admin")
def admin_home():
    actor = _admin()
    _, waiting = browse.organisations_for_review(actor, verified=False, per_page=1)
    return render_template("admin/home.html", waiting=waiting)


@bp.get("/admin/organisations")
def admin_organisations():
    actor = _admin()
    show = request.args.get("show", "unverified")
    verified = {"unverified": False, "verified": True}.get(show)
    query = _text_arg("q")
    page = _page()
    orgs, total = browse.organisations_for_review(actor, verified=verified, query=query, page=page, per_page=PER_PAGE)
    return render_template("admin/organisations.html", orgs=orgs, total=total, show=show, q=query, page=page,
                           per_page=PER_PAGE)


@bp.post("/admin/organisations/<int:organisation_id>/verification")
def admin_verify(organisation_id):
    actor = _admin()
    verified = request.form.get("verified") == "true"
    org = organisations.set_verified(actor, organisation_id, verified)
    flash(f"{org.name} is {'now verified' if verified else 'no longer verified'}.", "success")
    back = safe_next(request.form.get("back"), "")
    return redirect(back if back.startswith("/admin/") else url_for("web.admin_organisations"))


@bp.get("/admin/users")
def admin_users():
    actor = _admin()
    query = _text_arg("q")
    page = _page()
    users, total = accounts.list_users(actor, query, page, PER_PAGE)
    return render_template("admin/users.html", users=users, total=total, q=query, page=page, per_page=PER_PAGE)


@bp.post("/admin/users/<int:user_id>/suspension")
def admin_suspend(user_id):
    actor = _admin()
    suspend = request.form.get("suspended") == "true"
    reason = CONTROL_CHARACTERS.sub("", request.form.get("reason", "")).strip()
    try:
        user = accounts.set_suspended(actor, user_id, suspend, reason)
    except Invalid as exc:
        flash(exc.message, "error")
    else:
        flash(f"{user.email} is {'suspended: their sessions and tokens have stopped working' if suspend else 'reinstated'}.",
              "success")
    return redirect(url_for("web.admin_users", q=request.form.get("q") or None))


@bp.get("/admin/audit")
def admin_audit():
    actor = _admin()
    require(actor, permissions.can_read_audit_log(actor), "Only platform administrators read the audit log.")
    action = _text_arg("action") or None
    object_type = _text_arg("object_type") or None
    page = _page()
    events, total = audit.search_events(actor, action=action, object_type=object_type, page=page, per_page=PER_PAGE)
    return render_template("admin/audit.html", events=events, total=total, action=action or "",
                           object_type=object_type or "", page=page, per_page=PER_PAGE)
