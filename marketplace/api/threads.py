"""The two routes of a message thread (read it, write in it), declared once for every resource
that has one: responses to needs (/interests) and co-design requests (/codesign-requests)."""
from __future__ import annotations

from auth.http.actor import actor_from_request
from marketplace.schemas import interests as schemas

NOT_VISIBLE = "Absent, or not between your organisation and another"


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
