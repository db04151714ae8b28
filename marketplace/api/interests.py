"""/interests: responses to needs, the trust's decisions, and each response's thread;
/notifications: what a signed-in person's organisations should see."""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas
from marketplace.services import dashboard, interests, notifications
from search.service import match_list_or_none

from .threads import add_message_routes

blp = Blueprint("interests", __name__, url_prefix="/interests",
                description="Responses to needs: express interest, shortlist, decline, withdraw, talk.")
notifications_blp = Blueprint("notifications", __name__, url_prefix="/notifications",
                              description="What needs your attention.")


@blp.route("/", methods=["POST"], endpoint="collection_create")
@blp.arguments(schemas.InterestCreate)
@blp.response(201, schemas.InterestOut)
@blp.alt_response(401, description="Not signed in")
@blp.alt_response(404, description="No such need visible to you")
@blp.alt_response(409, description="The need is not published, or this solution already responded")
def create(data):
    """Respond to a published need with one of your organisation's published solutions"""
    return interests.respond(actor_from_request(), data["need_id"], data["solution_id"], data["message"])


@blp.route("/", methods=["GET"], endpoint="collection")
@blp.arguments(schemas.InterestQuery, location="query")
@blp.response(200, schemas.InterestOut(many=True))
@blp.alt_response(401, description="Not signed in")
def collection(args):
    """Responses you may see: to your organisation's needs, and those it sent (newest first)"""
    return interests.visible(actor_from_request(), **args)


@blp.route("/ranked", methods=["GET"], endpoint="ranked")
@blp.arguments(schemas.InterestQuery(only=("need_id", "status")), location="query")
@blp.response(200, schemas.RankedInterestList)
@blp.alt_response(401, description="Not signed in")
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


@blp.route("/<int:interest_id>", methods=["GET"], endpoint="item")
@blp.response(200, schemas.InterestOut)
@blp.alt_response(404, description="Absent, or not between your organisation and another")
def item(interest_id):
    """Read one response"""
    return interests.get(actor_from_request(), interest_id)


@blp.route("/<int:interest_id>/shortlist", methods=["POST"], endpoint="shortlist")
@blp.response(200, schemas.InterestOut)
@blp.alt_response(409, description="Not allowed from the current status")
def shortlist(interest_id):
    """Shortlist a response (the need's organisation)"""
    return interests.act(actor_from_request(), interest_id, "shortlist")


@blp.route("/<int:interest_id>/decline", methods=["POST"], endpoint="decline")
@blp.arguments(schemas.DeclineArgs)
@blp.response(200, schemas.InterestOut)
@blp.alt_response(409, description="Not allowed from the current status")
def decline(args, interest_id):
    """Decline a response with a coded reason (the need's organisation)"""
    return interests.act(actor_from_request(), interest_id, "decline", args["reason"], args.get("note"))


@blp.route("/<int:interest_id>/withdraw", methods=["POST"], endpoint="withdraw")
@blp.response(200, schemas.InterestOut)
@blp.alt_response(409, description="Not allowed from the current status")
def withdraw(interest_id):
    """Withdraw your organisation's response"""
    return interests.act(actor_from_request(), interest_id, "withdraw")


add_message_routes(blp, interests, "interest_id", "response")


@notifications_blp.route("/", methods=["GET"], endpoint="collection")
@notifications_blp.arguments(schemas.NotificationQuery, location="query")
@notifications_blp.response(200, schemas.NotificationOut(many=True))
@notifications_blp.alt_response(401, description="Not signed in")
def notification_list(args):
    """Your organisations' notifications, newest first"""
    return notifications.for_actor(actor_from_request(), unread_only=args["unread"])


@notifications_blp.route("/<int:notification_id>/read", methods=["POST"], endpoint="read")
@notifications_blp.response(200, schemas.NotificationOut)
@notifications_blp.alt_response(404, description="Absent, or not your organisation's")
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


@dashboard_blp.route("/", methods=["GET"], endpoint="dashboard")
@dashboard_blp.response(200, schemas.AttentionOut)
@dashboard_blp.alt_response(401, description="Not signed in")
def dashboard_view():
    """What needs your attention: unread notifications, responses awaiting an answer, decisions on yours"""
    return dashboard.attention(actor_from_request())
