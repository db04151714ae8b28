"""Acting on a match on the pages: respond to a need, rank and decide responses, talk, notifications.

The same services and permission rules as the API (marketplace.services.interests);
forms are read and checked by web.forms with the API's schemas.
"""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from auth.policy import permissions
from auth.http.actor import actor_from_request
from marketplace import engagement, lifecycle
from marketplace.schemas import interests as schemas
from marketplace.services import demand, interests, listings, notifications, outcomes, shortlists
from marketplace.services.listings import NEED
from search import match_lists
from search.backend import SearchUnavailable

from . import bp, threads
from .helpers import form_page, only_organisation, signed_in_actor as _signed_in
from .forms import FORM_ERROR, MESSAGE, NOTE, VERSION, YOUR_ORGANISATION, Field, Form, solution_chosen


class ResponseForm(Form):
    fields = (
        solution_chosen("the solution you respond with", required=True),
        MESSAGE,
    )


class DeclineForm(Form):
    fields = (Field("reason", "Reason", "code", what="a reason", required=True), NOTE)


@bp.route("/needs/<int:need_id>/respond", methods=["GET", "POST"])
def respond(need_id):
    actor = _signed_in()
    need = listings.get(NEED, actor, need_id)

    def done(created):
        flash(f"{created.solution.name} has been offered to {need.organisation.name}. You will be told when they "
              "answer.", "success")
        return redirect(url_for("web.response", interest_id=created.id))

    return form_page("interests/respond.html", ResponseForm, schemas.InterestCreate(),
                     lambda data: interests.respond(actor, need.id, data["solution_id"], data["message"]), done,
                     load_extra={"need_id": need.id}, need=need,
                     solutions=interests.respondable_solutions(actor, need.id))


@bp.get("/needs/<int:need_id>/responses")
def need_responses(need_id):
    actor = _signed_in()
    need = listings.get(NEED, actor, need_id)
    ranked, is_ranked = interests.ranked_for_need(actor, need.id, match_lists.match_list_or_none(need.id))
    return render_template("interests/need_responses.html", need=need, ranked=ranked, is_ranked=is_ranked,
                           overdue=interests.is_overdue, reasons=engagement.DECLINE_REASONS)


def _render_response(actor, interest, reason_form=None, message_form=None, status=200):
    side = interests.side_of(actor, interest)
    decline_form, message_form = reason_form or DeclineForm(), message_form or threads.MessageForm()
    return render_template(
        "interests/response.html", interest=interest, side=side,
        form=decline_form if decline_form.has_errors else message_form, thread=interests.thread(actor, interest.id),
        overdue=interests.is_overdue(interest), reasons=engagement.DECLINE_REASONS,
        actions=interests.actions_open_to(actor, interest),
        decline_form=decline_form, message_form=message_form,
    ), status


threads.add_conversation_pages(
    bp, interests, path="/responses/<int:interest_id>", endpoint="response", get=interests.get, render=_render_response,
    reason_form=DeclineForm, reason_schema=schemas.DeclineArgs,
    flashes={"shortlist": "The response has been shortlisted.", "withdraw": "Your response has been withdrawn."},
    declined=lambda interest: f"The response has been declined. {interest.solution.organisation.name} has been told why.")


EMAIL_CHOICES = [
    ("immediate", "Straight away: an email for each notification"),
    ("daily", "Once a day: one email listing what is still unread"),
    ("off", "Never: I will look here"),
]


class EmailForm(Form):
    fields = (Field("frequency", "How often", "code", what="how often we email you", required=True),)


def _notifications_page(actor, form: EmailForm | None = None, status: int = 200):
    form = form or EmailForm({"frequency": notifications.email_setting(actor).notification_email})
    return render_template("interests/notifications.html", notes=notifications.for_actor(actor), form=form,
                           choices=EMAIL_CHOICES), status


@bp.get("/notifications")
def notification_list():
    return _notifications_page(_signed_in())


@bp.post("/notifications/email")
def notification_email():
    actor = _signed_in()
    form = EmailForm.from_request(request.form)
    form.load(schemas.NotificationEmail())
    user = form.submit(lambda data: notifications.set_email(actor, data["frequency"]))
    if user is None:
        return _notifications_page(actor, form, 422)
    flash(f"Email about notifications: {dict(EMAIL_CHOICES)[user.notification_email].split(':')[0].lower()}.",
          "success")
    return redirect(url_for("web.notification_list"))


@bp.post("/notifications/<int:notification_id>/read")
def notification_read(notification_id):
    actor = _signed_in()
    note = notifications.mark_read(actor, notification_id)
    if note.interest_id:
        return redirect(url_for("web.response", interest_id=note.interest_id))
    if note.codesign_request_id:
        return redirect(url_for("web.codesign_request", request_id=note.codesign_request_id))
    if note.link:  # an alert: the listing it is about (a path on this site)
        return redirect(note.link)
    return redirect(url_for("web.notification_list"))


class JoinForm(Form):
    fields = (
        YOUR_ORGANISATION,
        Field("population", "Population", "int", what="the population", blank="omit"),
        Field("sites", "Sites", "int", what="the number of sites", blank="omit"),
        NOTE,
    )


@bp.route("/needs/<int:need_id>/join", methods=["GET", "POST"])
def join_need(need_id):
    actor = _signed_in()
    need = listings.get(NEED, actor, need_id)
    orgs = demand.organisations_that_can_join(actor, need)

    def done(joined):
        flash(f"{joined.organisation.name} has joined this need. {need.organisation.name} has been told, and "
              "innovators see the combined demand.", "success")
        return redirect(url_for("web.need", need_id=need.id) + "#demand")

    return form_page("interests/join.html", JoinForm, schemas.JoinNeed(), lambda data: demand.join(actor, need.id, data),
                     done, initial=only_organisation(orgs), need=need, orgs=orgs)


# --- shortlist and comparison ---------------------------------------------------------------

@bp.get("/needs/<int:need_id>/shortlist")
def need_shortlist(need_id):
    actor = _signed_in()
    need, entries = shortlists.need_and_entries(actor, need_id)
    on_list = {e.solution_id for e in entries}
    matches = None
    if need.status == lifecycle.PUBLISHED:
        try:
            found = match_lists.matches_for_need(need.id, 10)
            matches = [m for m in found["items"] if m["solution"]["id"] not in on_list]
        except SearchUnavailable:
            matches = None
    return render_template("interests/shortlist.html", need=need, entries=entries, matches=matches,
                           can_change=permissions.can_change_shortlist(actor, need),
                           compare_min=engagement.COMPARE_MIN, compare_max=engagement.COMPARE_MAX)


@bp.post("/needs/<int:need_id>/shortlist")
def add_to_shortlist(need_id):
    actor = _signed_in()
    form = Form()
    raw = request.form.get("solution_id", "")
    added = form.submit(lambda _: shortlists.add(actor, need_id, int(raw) if raw.isdigit() and len(raw) < 10 else 0))
    if added is None:
        flash(form.error(FORM_ERROR) or "That solution could not be added.", "error")
    else:
        flash(f"{added.solution.name} is on the shortlist.", "success")
    return redirect(url_for("web.need_shortlist", need_id=need_id))


@bp.post("/needs/<int:need_id>/shortlist/<int:solution_id>/remove")
def remove_from_shortlist(need_id, solution_id):
    actor = _signed_in()
    shortlists.remove(actor, need_id, solution_id)
    flash("Removed from the shortlist.", "success")
    return redirect(url_for("web.need_shortlist", need_id=need_id))


@bp.get("/needs/<int:need_id>/shortlist.csv")
def shortlist_csv(need_id):
    need, entries = shortlists.need_and_entries(_signed_in(), need_id)
    return _csv(shortlists.shortlist_csv(need, entries), f"shortlist-{need.ref}.csv")


def _compare_ids() -> list[int]:
    return [int(v) for v in request.args.getlist("solution_id") if v.isdigit() and len(v) < 10]


@bp.get("/needs/<int:need_id>/compare")
def compare(need_id):
    actor = actor_from_request()
    need = listings.get(NEED, actor, need_id)
    ids = _compare_ids()
    form = Form()
    comparison = form.submit(lambda _: shortlists.compare(actor, need.id, ids))
    if comparison is None:
        form.errors = {"solution_id": [f"Choose {engagement.COMPARE_MIN} to {engagement.COMPARE_MAX} published "
                                       "solutions to compare"]}
        return render_template("interests/compare.html", need=need, comparison=None, form=form, ids=ids), 422
    return render_template("interests/compare.html", need=need, comparison=comparison, form=None, ids=ids)


@bp.get("/needs/<int:need_id>/compare.csv")
def compare_csv(need_id):
    comparison = shortlists.compare(actor_from_request(), need_id, _compare_ids())
    return _csv(shortlists.comparison_csv(comparison), f"comparison-{comparison['need'].ref}.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- closing a need with its outcome ---------------------------------------------------------

class OutcomeForm(Form):
    fields = (
        Field("outcome", "Outcome", "code", what="how the need ended", required=True),
        solution_chosen(blank="omit"),
        NOTE,
        VERSION,
    )


@bp.route("/needs/<int:need_id>/outcome", methods=["GET", "POST"])
def close_with_outcome(need_id):
    actor = _signed_in()
    need = listings.editable(NEED, actor, need_id)

    def done(closed):
        flash(f"The need has been closed: {engagement.NEED_OUTCOMES[closed.outcome].lower()}.", "success")
        return redirect(url_for("web.need", need_id=need.id))

    return form_page("interests/outcome.html", OutcomeForm, schemas.CloseWithOutcome(),
                     lambda data: outcomes.close_with_outcome(actor, need.id, data), done,
                     initial={"version": str(need.version)}, need=need,
                     candidates=interests.candidate_solutions(actor, need.id), outcomes=engagement.NEED_OUTCOMES)
