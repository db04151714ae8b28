"""The routes of a record between two organisations, declared once for each kind that has one:
responses to needs (/interests) and co-design requests (/codesign-requests). Each is read,
acted on and talked about only by the two organisations: read it, take an action on it, and
the two routes of its message thread (read it, write in it)."""
from __future__ import annotations

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas

from .operations import add_action_routes, operation

NOT_VISIBLE = "Absent, or not between your organisation and another"


def add_two_sided_routes(blp, service, *, id_name: str, what: str, out, read, read_summary: str, act,
                         conflict: str, actions: dict) -> None:
    """``GET /<id_name>`` answered by ``read(actor, id)``, the ``actions`` (see ``add_action_routes``)
    answered by ``act``, and the message thread answered by ``service`` (see ``add_message_routes``)."""

    def read_view(**ids):
        return read(actor_from_request(), ids[id_name])

    read_view.__doc__ = read_summary  # before the decorators copy it: the summary in the API document
    operation(blp, f"GET /<int:{id_name}>", "item", out=out, errors={404: NOT_VISIBLE})(read_view)
    add_action_routes(blp, act, id_name, out, conflict, actions)
    add_message_routes(blp, service, id_name, what)


def add_message_routes(blp, service, id_name: str, what: str) -> None:
    """GET and POST ``/<id_name>/messages`` on ``blp``, answered by ``service.thread`` and
    ``service.post_message``; ``what`` names the thread's owner in the API document."""
    rule = f"/<int:{id_name}>/messages"

    def messages(**ids):
        return service.thread(actor_from_request(), ids[id_name])

    def post_message(data, **ids):
        return service.post_message(actor_from_request(), ids[id_name], data["body"])

    # Set before the decorators copy them: flask-smorest reads the summary from the docstring.
    messages.__doc__ = f"The {what}'s thread, oldest first"
    post_message.__doc__ = f"Write in the {what}'s thread (members of the two organisations)"

    read_view = blp.alt_response(404, description=NOT_VISIBLE)(messages)
    read_view = blp.response(200, schemas.MessageOut(many=True))(read_view)
    blp.route(rule, methods=["GET"], endpoint="messages")(read_view)

    write_view = blp.alt_response(404, description=NOT_VISIBLE)(post_message)
    write_view = blp.response(201, schemas.MessageOut)(write_view)
    write_view = blp.arguments(schemas.MessageCreate)(write_view)
    blp.route(rule, methods=["POST"], endpoint="message_create")(write_view)
