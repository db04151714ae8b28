"""Co-design on the pages: find and publish offers, ask to co-design, invite, decide and talk.

The same services (marketplace.services.codesign) and schemas as the API.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from auth.policy import permissions
from auth.http.actor import actor_from_request
from marketplace import engagement
from marketplace.models import NHS_KINDS
from marketplace.schemas import interests as schemas
from marketplace.services import browse, codesign, listings
from marketplace.services.listings import SOLUTION

from . import bp, threads
from .helpers import form_page, only_organisation, signed_in_actor as _signed_in
from .forms import MESSAGE, YOUR_ORGANISATION, Field, Form, solution_chosen


class OfferForm(Form):
    fields = (
        YOUR_ORGANISATION,
        Field("title", "Title", what="a title", required=True),
        Field("description", "What you offer", blank="omit"),
        Field("offerings", "What you offer", "codes", what="at least one thing you offer", required=True),
        Field("clinical_areas", "Clinical areas", "codes"),
        Field("care_settings", "Care settings", "codes"),
        Field("available_from", "Available from", "date", blank="omit"),
    )


class AskForm(Form):
    fields = (
        solution_chosen(required=True),
        MESSAGE,
    )


class InviteForm(Form):
    fields = (
        YOUR_ORGANISATION,
        MESSAGE,
    )


class ReasonForm(Form):
    fields = (Field("reason", "Reason", what="a reason", required=True),)


@bp.get("/codesign-offers")
def codesign_offers():
    args = {name: [v for v in request.args.getlist(name) if v in allowed]
            for name, allowed in (("offerings", engagement.CODESIGN_OFFERINGS),)}
    offers = codesign.find_offers({k: v for k, v in args.items() if v})
    return render_template("codesign/offers.html", offers=offers, offerings=engagement.CODESIGN_OFFERINGS,
                           selected=args["offerings"])


@bp.route("/codesign-offers/new", methods=["GET", "POST"])
def new_codesign_offer():
    actor = _signed_in()
    orgs = browse.organisations_of(actor, NHS_KINDS)

    def done(offer):
        flash("Your co-design offer is published. Innovators can now find it and ask to co-design.", "success")
        return redirect(url_for("web.codesign_offer", offer_id=offer.id))

    return form_page("codesign/offer_form.html", OfferForm, schemas.CodesignOfferCreate(),
                     lambda data: codesign.publish_offer(actor, data), done, initial=only_organisation(orgs),
                     orgs=orgs, offerings=engagement.CODESIGN_OFFERINGS)


def _render_offer(actor, offer, form=None, status=200):
    solutions = browse.published_solutions_of(actor) if actor.is_authenticated else []
    return render_template("codesign/offer.html", offer=offer, solutions=solutions, form=form or AskForm(),
                           offerings=engagement.CODESIGN_OFFERINGS,
                           can_close=permissions.can_manage_codesign_offer(actor, offer.organisation_id)
                           and offer.status == engagement.OFFER_OPEN), status


@bp.get("/codesign-offers/<int:offer_id>")
def codesign_offer(offer_id):
    actor = actor_from_request()
    return _render_offer(actor, codesign.get_offer(actor, offer_id))


@bp.post("/codesign-offers/<int:offer_id>/ask")
def ask_to_codesign(offer_id):
    actor = _signed_in()
    offer = codesign.get_offer(actor, offer_id)
    form = AskForm.from_request(request.form)
    form.load(schemas.CodesignRequestCreate(), direction=engagement.REQUEST, offer_id=offer.id)
    sent = form.submit(lambda data: codesign.send(actor, data))
    if sent is None:
        return _render_offer(actor, offer, form, 422)
    flash(f"Your request has been sent to {offer.organisation.name}.", "success")
    return redirect(url_for("web.codesign_request", request_id=sent.id))


@bp.post("/codesign-offers/<int:offer_id>/close")
def close_codesign_offer(offer_id):
    actor = _signed_in()
    codesign.close_offer(actor, offer_id)
    flash("The offer is closed.", "success")
    return redirect(url_for("web.codesign_offer", offer_id=offer_id))


@bp.route("/solutions/<int:solution_id>/invite", methods=["GET", "POST"])
def invite_to_codesign(solution_id):
    actor = _signed_in()
    solution = listings.get(SOLUTION, actor, solution_id)
    orgs = [o for o in browse.organisations_of(actor, NHS_KINDS) if permissions.can_speak_for(actor, o.id)]

    def done(sent):
        flash(f"Your invitation has been sent to {solution.organisation.name}.", "success")
        return redirect(url_for("web.codesign_request", request_id=sent.id))

    return form_page("codesign/invite.html", InviteForm, schemas.CodesignRequestCreate(),
                     lambda data: codesign.send(actor, data), done, initial=only_organisation(orgs),
                     load_extra={"direction": engagement.INVITATION, "solution_id": solution.id},
                     solution=solution, orgs=orgs)


def _render_request(actor, req, reason_form=None, message_form=None, status=200):
    reason_form, thread_form = reason_form or ReasonForm(), message_form or threads.MessageForm()
    receiver = "nhs" if req.direction == engagement.REQUEST else "solution"
    side = permissions.codesign_side(actor, req)
    return render_template(
        "codesign/request.html", req=req, side=side, receiver=receiver, thread=codesign.thread(actor, req.id),
        form=reason_form if reason_form.has_errors else thread_form, reason_form=reason_form,
        thread_form=thread_form,
        can_decide=req.status == engagement.OPEN and side == receiver
        and permissions.can_act_on_codesign_request(actor, req, side),
        can_withdraw=req.status == engagement.OPEN and side is not None and side != receiver
        and permissions.can_act_on_codesign_request(actor, req, side),
    ), status


threads.add_conversation_pages(
    bp, codesign, path="/codesign-requests/<int:request_id>", endpoint="codesign_request", get=codesign.get_request,
    render=_render_request, reason_form=ReasonForm, reason_schema=schemas.CodesignDecline,
    flashes={"accept": "Accepted. Agree the next steps in the messages below.", "withdraw": "Withdrawn."},
    declined=lambda req: "Declined. They have been told why.")


@bp.app_template_filter("offering_labels")
def offering_labels(codes) -> list[str]:
    return [engagement.CODESIGN_OFFERINGS.get(c, c) for c in codes or ()]
