"""/interests: responses to needs, the trust's decisions, and each response's thread;
/notifications: what a signed-in person's organisations should see."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import dashboard, interests, notifications
from search.match_lists import match_list_or_none

from .operations import operation
from .threads import add_two_sided_routes

blp = Blueprint("interests", __name__, url_prefix="/interests",
                description="Responses to needs: express interest, shortlist, decline, withdraw, talk.")
notifications_blp = Blueprint("notifications", __name__, url_prefix="/notifications",
                              description="What needs your attention.")


@operation(blp, "POST /", "collection_create", body=schemas.InterestCreate, status=201, out=schemas.InterestOut,
           errors={401: "Not signed in", 404: "No such need visible to you",
                   409: "The need is not published, or this solution already responded"})
def create(data):
    """Respond to a published need with one of your organisation's published solutions"""
    return interests.respond(actor_from_request(), data["need_id"], data["solution_id"], data["message"])


@operation(blp, "GET /", "collection", query=schemas.InterestQuery, out=schemas.InterestOut(many=True),
           errors={401: "Not signed in"})
def collection(args):
    """Responses you may see: to your organisation's needs, and those it sent (newest first)"""
    return interests.visible(actor_from_request(), **args)


@operation(blp, "GET /ranked", "ranked", query=schemas.InterestQuery(only=("need_id", "status")),
           out=schemas.RankedInterestList, errors={401: "Not signed in"})
def ranked(args):
    """Responses to one need, best match first, each with its reasons and gaps"""
    if "need_id" not in args:
        from marketplace.services.errors import Invalid

        raise Invalid("Name the need.", {"need_id": ["required"]})
    actor = actor_from_request()
    interests.visible(actor)  # 401 before the index is asked anything
    items, is_ranked = interests.ranked_for_need(actor, args["need_id"], match_list_or_none(args["need_id"]),
                                                 args.get("status"))
    return {"items": items, "ranked": is_ranked}


add_two_sided_routes(blp, interests, id_name="interest_id", what="response", out=schemas.InterestOut,
                     read=interests.get, read_summary="Read one response", act=interests.act,
                     conflict="Not allowed from the current status", actions={
                         "shortlist": ("Shortlist a response (the need's organisation)", None),
                         "decline": ("Decline a response with a coded reason (the need's organisation)",
                                     schemas.DeclineArgs),
                         "withdraw": ("Withdraw your organisation's response", None)})


@operation(notifications_blp, "GET /", "collection", query=schemas.NotificationQuery,
           out=schemas.NotificationOut(many=True), errors={401: "Not signed in"})
def notification_list(args):
    """Your organisations' notifications, newest first"""
    return notifications.for_actor(actor_from_request(), unread_only=args["unread"])


@operation(notifications_blp, "POST /<int:notification_id>/read", "read", out=schemas.NotificationOut,
           errors={404: "Absent, or not your organisation's"})
def notification_read(notification_id):
    """Mark a notification read"""
    return notifications.mark_read(actor_from_request(), notification_id)


@notifications_blp.route("/email", methods=["GET"], endpoint="email")
@notifications_blp.response(200, schemas.NotificationEmail)
@notifications_blp.alt_response(401, description="Not signed in")
def notification_email():
    """How often you are emailed about your organisations' notifications"""
    return {"frequency": notifications.email_setting(actor_from_request()).notification_email}


@notifications_blp.route("/email", methods=["PUT"], endpoint="set_email")
@notifications_blp.arguments(schemas.NotificationEmail)
@notifications_blp.response(200, schemas.NotificationEmail)
@notifications_blp.alt_response(401, description="Not signed in")
def notification_set_email(data):
    """Choose how often you are emailed about notifications: immediate, daily or off"""
    return {"frequency": notifications.set_email(actor_from_request(), data["frequency"]).notification_email}


dashboard_blp = Blueprint("dashboard", __name__, url_prefix="/dashboard",
                          description="What needs your attention, by organisation.")


@operation(dashboard_blp, "GET /", "dashboard", out=schemas.AttentionOut, errors={401: "Not signed in"})
def dashboard_view():
    """What needs your attention: unread notifications, responses awaiting an answer, decisions on yours"""
    return dashboard.attention(actor_from_request())
