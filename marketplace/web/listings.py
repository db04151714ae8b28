"""Needs and solutions: read one, post and edit, publish (and the other status changes), matches."""
from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for

from auth.http.actor import actor_from_request
from auth.policy import permissions
from marketplace import lifecycle
from marketplace.lifecycle import NHS_KINDS
from marketplace.schemas import listings as ls
from marketplace.engagement import DEPLOYMENT_CONFIRMED, DEPLOYMENT_REJECTED
from marketplace.readiness import STATUS_LABELS
from marketplace.schemas.search import MATCH_WINDOW
from marketplace.services import browse, claims, demand, interests, listings
from marketplace.services.errors import Conflict, Invalid, Unauthenticated
from marketplace.services.listings import NEED, SOLUTION
from search import match_lists

from . import bp
from .forms import VERSION, Field, Form

MATCH_LIMIT = 10  # matches per page


def _match_page() -> int:
    """The page of matches asked for: a number from 1 within the window, else the first
    (a hand-edited address still gets a page, never an error)."""
    value = request.args.get("page", "")
    page = int(value) if value.isdigit() else 1
    return page if 1 <= page <= MATCH_WINDOW // MATCH_LIMIT else 1


# Every field of either kind of listing, once, role by role (a need's, then a solution's where
# they differ); each form lists its own by name, in the places both kinds show them: the
# organisation, what the listing is, where it applies, what it is matched on, the version read.
_LISTING_FIELDS = {f.name: f for f in (
    Field("title", "Title", what="a title", required=True),
    Field("name", "Name", what="a name", required=True),
    Field("problem", "The problem", what="the problem"),
    Field("summary", "Summary", what="a summary"),
    Field("outcomes", "What you want to achieve", blank="none"),
    Field("description", "Description", blank="none"),
    Field("clinical_areas", "Clinical areas", "codes", what="at least one clinical area"),
    Field("care_settings", "Care settings", "codes", what="care settings"),
    Field("min_evidence_level", "Minimum evidence", "code", what="the minimum evidence"),
    Field("evidence_level", "Evidence", "code", what="the evidence you have"),
    Field("required_regulatory", "Regulatory requirements", "codes", what="regulatory requirements"),
    Field("regulatory", "Regulatory status", "codes", what="regulatory status"),
    Field("budget_gbp", "Budget", "int", what="the budget", blank="none"),
    Field("closes_on", "Closing date", "date", blank="none"),
    Field("device_class", "Medical device class", "code", what="the medical device class"),
    Field("price_model", "Price model", "code", what="the price model", blank="none"),
    Field("open_to_codesign", "Open to co-design", "yesno", what="whether you are open to co-design"),
    Field("seeking_codesign", "Seeking co-design partners", "yesno", what="whether you are seeking co-design partners"),
)}


def _listing_form_fields(posting: str, *names: str) -> tuple[Field, ...]:
    """The organisation (``posting``: who it is in messages), the named fields, the version read."""
    organisation = Field("organisation", "Organisation", "code", what=posting)
    return (organisation, *(_LISTING_FIELDS[name] for name in names), VERSION)


class NeedForm(Form):
    fields = _listing_form_fields(
        "the organisation posting the need", "title", "problem", "outcomes", "clinical_areas", "care_settings",
        "min_evidence_level", "required_regulatory", "budget_gbp", "closes_on", "open_to_codesign")


class SolutionForm(Form):
    fields = _listing_form_fields(
        "the organisation listing the solution", "name", "summary", "description", "clinical_areas", "care_settings",
        "evidence_level", "regulatory", "device_class", "price_model", "seeking_codesign")


# Per kind: the listing kind (its rules), its form and schemas, and how pages name it.
LISTING_PAGES = {
    "need": dict(kind=NEED, form=NeedForm, create=ls.NeedCreate, update=ls.NeedUpdate,
                 endpoint="web.need", id_arg="need_id", title_field="title", noun="need"),
    "solution": dict(kind=SOLUTION, form=SolutionForm, create=ls.SolutionCreate, update=ls.SolutionUpdate,
                     endpoint="web.solution", id_arg="solution_id", title_field="name", noun="solution"),
}

ACTION_BUTTONS = {
    "publish": "Publish", "close": "Close this need", "reopen": "Reopen", "archive": "Archive", "restore": "Restore",
}
# How a flash message says an action was done, where that is not the status it leads to.
ACTION_DONE = {"reopen": "reopened", "restore": "restored"}


def _actions(kind_name: str, listing) -> list[tuple[str, str]]:
    """The status changes open to this listing now, as (action, button text)."""
    return [(action, ACTION_BUTTONS[action]) for action in lifecycle.actions_from(kind_name, listing.status)]


# --- reading -------------------------------------------------------------------------------

def _matches(record, kind_name: str) -> dict | None:
    """The page asked for (``?page=``) of a public listing's matches, each with its readiness
    checklist; None for a listing not yet public (it is matched only once published)."""
    if not lifecycle.is_public(record.status):
        return None
    find = match_lists.matches_for_need if kind_name == "need" else match_lists.matches_for_solution
    found = find(record.id, MATCH_LIMIT, include_near_misses=True, page=_match_page())
    return claims.with_checklists(found, **{f"{kind_name}_id": record.id})


@bp.get("/needs/<int:need_id>")
def need(need_id):
    actor = actor_from_request()
    record = listings.get(NEED, actor, need_id)
    return render_template("listings/need.html", need=record, matches=_matches(record, "need"),
                           can_edit=permissions.can_edit_listing(actor, record), actions=_actions("need", record),
                           responses=interests.count_for_need(actor, record.id),
                           can_respond=record.status == lifecycle.PUBLISHED and bool(browse.organisations_of(actor, {"innovator"})),
                           demand=demand.combined(actor, record.id) if record.status == lifecycle.PUBLISHED else None,
                           can_shortlist=permissions.can_keep_shortlist(actor, record),
                           can_join=record.status == lifecycle.PUBLISHED and bool(
                               demand.organisations_that_can_join(actor, record)))


@bp.get("/solutions/<int:solution_id>")
def solution(solution_id):
    actor = actor_from_request()
    record = listings.get(SOLUTION, actor, solution_id)
    by_region = defaultdict(list)
    for deployment in record.deployments:
        if deployment.confirmation != DEPLOYMENT_REJECTED:  # a rejected claim is not shown as use
            by_region[deployment.organisation.region or ""].append(deployment)
    regions = sorted(by_region.items(), key=lambda item: (item[0] == "", item[0]))
    return render_template("listings/solution.html", solution=record, regions=regions,
                           can_edit=permissions.can_edit_listing(actor, record), actions=_actions("solution", record),
                           checklist=claims.checklist(actor, record.id)["lines"], status_labels=STATUS_LABELS,
                           confirmed=sum(1 for d in record.deployments if d.confirmation == DEPLOYMENT_CONFIRMED),
                           can_invite=record.status == lifecycle.PUBLISHED and record.seeking_codesign and any(
                               permissions.can_speak_for(actor, o.id) for o in browse.organisations_of(actor, NHS_KINDS)))


@bp.get("/solutions/<int:solution_id>/matches")
def solution_matches(solution_id):
    """The needs a solution could meet (its buyers), with reasons and gaps."""
    actor = actor_from_request()
    record = listings.get(SOLUTION, actor, solution_id)
    return render_template("listings/solution_matches.html", solution=record, matches=_matches(record, "solution"))


# --- posting and editing -----------------------------------------------------------------

def _owners(spec, actor):
    return browse.organisations_of(actor, spec["kind"].owner_kinds)


def _require_signed_in(actor):
    if not actor.is_authenticated:
        raise Unauthenticated("Sign in to do this.")


def _new(kind_name: str):
    spec = LISTING_PAGES[kind_name]
    actor = actor_from_request()
    _require_signed_in(actor)
    owners = _owners(spec, actor)
    if request.method == "GET":
        # A new listing's form shows the values a listing starts with (lifecycle.DEFAULTS).
        form = spec["form"].from_record(SimpleNamespace(**lifecycle.defaults(kind_name)),
                                        organisation=owners[0].ref if owners else "")
        return _render_form(kind_name, form, owners=owners, record=None)
    form = spec["form"].from_request(request.form)
    if owners and len(owners) == 1:
        form.data.setdefault("organisation", owners[0].ref)
    if not form.data.get("organisation"):
        form.add_error("organisation", f"Select the organisation {'posting the need' if kind_name == 'need' else 'listing the solution'}")
    form.data.pop("version", None)
    form.load(spec["create"]())
    record = form.submit(lambda data: listings.create(spec["kind"], actor, data))
    if record is None:
        return _render_form(kind_name, form, owners=owners, record=None), 422
    return _after_save(kind_name, actor, record, form)


def _edit(kind_name: str, listing_id: int):
    spec = LISTING_PAGES[kind_name]
    actor = actor_from_request()
    record = listings.editable(spec["kind"], actor, listing_id)
    if request.method == "GET":
        return _render_form(kind_name, spec["form"].from_record(record), record=record)
    form = spec["form"].from_request(request.form)
    form.data.pop("organisation", None)
    form.load(spec["update"]())
    saved = form.submit(lambda data: listings.update(spec["kind"], actor, listing_id, data))
    if saved is None:
        return _render_form(kind_name, form, record=record), 422 if not _stale(form) else 409
    return _after_save(kind_name, actor, saved, form)


def _stale(form) -> bool:
    return any("version" in m or "changed it" in m for m in form.errors.get("_form", []))


def _after_save(kind_name: str, actor, record, form):
    spec = LISTING_PAGES[kind_name]
    if request.form.get("then") == "publish" and "publish" in lifecycle.actions_from(kind_name, record.status):
        try:
            record = listings.transition(spec["kind"], actor, record.id, "publish")
        except Invalid as exc:
            form = spec["form"].from_record(record)
            form.add_errors(exc.errors or {}, exc.message)
            return _render_form(kind_name, form, record=record, publishing=True), 422
        flash(f"Your {spec['noun']} has been saved and published.", "success")
    else:
        draft = record.status == lifecycle.DRAFT
        flash(f"Your {spec['noun']} has been saved{' as a draft' if draft else ''}.", "success")
    return redirect(url_for(spec["endpoint"], **{spec["id_arg"]: record.id}))


def _render_form(kind_name: str, form, *, record, owners=None, publishing=False):
    delete_url = (url_for(f"web.delete_{kind_name}", **{LISTING_PAGES[kind_name]["id_arg"]: record.id})
                  if record is not None and record.status in lifecycle.DELETABLE_STATUSES else None)
    return render_template(f"listings/{kind_name}_form.html", form=form, record=record, owners=owners or [],
                           publishing=publishing, delete_url=delete_url)


# --- deleting a draft ---------------------------------------------------------------------------------

def _delete(kind_name: str, listing_id: int):
    """A confirmation page, then the listing is gone. Only drafts: published ones are closed or archived."""
    spec = LISTING_PAGES[kind_name]
    actor = actor_from_request()
    record = listings.deletable(spec["kind"], actor, listing_id)
    title = getattr(record, spec["title_field"])
    if request.method == "GET":
        return render_template("listings/delete.html", record=record, title=title, noun=spec["noun"],
                               edit_url=url_for(f"web.edit_{kind_name}", **{spec["id_arg"]: record.id}))
    listings.delete(spec["kind"], actor, record.id)
    flash(f"Your draft {spec['noun']} ‘{title}’ has been deleted.", "success")
    return redirect(url_for("web.account"))


# --- status changes --------------------------------------------------------------------------

def _transition(kind_name: str, listing_id: int, action: str):
    spec = LISTING_PAGES[kind_name]
    if action not in lifecycle.TRANSITIONS[kind_name]:
        abort(404)
    actor = actor_from_request()
    version = request.form.get("version", "")
    try:
        record = listings.transition(spec["kind"], actor, listing_id, action,
                                     int(version) if version.isdigit() else None)
    except Invalid as exc:
        # Not complete enough to publish: show the form with what is missing.
        record = listings.editable(spec["kind"], actor, listing_id)
        form = spec["form"].from_record(record)
        form.add_errors(exc.errors or {}, exc.message)
        return _render_form(kind_name, form, record=record, publishing=True), 422
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(url_for(spec["endpoint"], **{spec["id_arg"]: listing_id}))
    done = ACTION_DONE.get(action, lifecycle.TRANSITIONS[kind_name][action][1])
    flash(f"Your {spec['noun']} has been {done}.", "success")
    return redirect(url_for(spec["endpoint"], **{spec["id_arg"]: record.id}))


# --- the routes: the same pages for both kinds ------------------------------------------------

def _route_listing_pages(kind_name: str) -> None:
    """A kind's form, delete and status-change pages under /needs/ or /solutions/ (endpoints
    web.new_need, web.edit_need, web.delete_need, web.need_action; likewise for solutions)."""
    plural, id_arg, get_or_post = f"{kind_name}s", LISTING_PAGES[kind_name]["id_arg"], ["GET", "POST"]
    bp.add_url_rule(f"/{plural}/new", f"new_{kind_name}", lambda: _new(kind_name), methods=get_or_post)
    bp.add_url_rule(f"/{plural}/<int:{id_arg}>/edit", f"edit_{kind_name}",
                    lambda **ids: _edit(kind_name, ids[id_arg]), methods=get_or_post)
    bp.add_url_rule(f"/{plural}/<int:{id_arg}>/delete", f"delete_{kind_name}",
                    lambda **ids: _delete(kind_name, ids[id_arg]), methods=get_or_post)
    bp.add_url_rule(f"/{plural}/<int:{id_arg}>/<action>", f"{kind_name}_action",
                    lambda action, **ids: _transition(kind_name, ids[id_arg], action), methods=["POST"])


for _kind_name in LISTING_PAGES:
    _route_listing_pages(_kind_name)
