"""One call declares an API operation: its route, what it reads, what it answers and the errors
the API document lists for it. flask-smorest spreads that over a stack of four to six
decorators per view; read that way, every thin view looked like every other.

    @operation(blp, "POST /<int:need_id>/supporters", "join", status=201, out=schemas.SupporterOut,
               body=schemas.JoinNeed, errors={401: "Not signed in", 409: "Not published, or already joined"})
    def join(data, need_id):
        ...

The decorators are applied in the order the stack had them (route outermost, the listed errors
innermost and in their order), so the API document is the same as before.
"""
from __future__ import annotations

from flask_smorest import Blueprint

from auth.http.actor import actor_from_request


def operation(blp: Blueprint, method_and_rule: str, endpoint: str, *, status: int = 200, out=None,
              body=None, query=None, errors: dict[int, str] | None = None, **answer):
    """Decorate a view as ``METHOD /rule`` on ``blp``.

    ``body`` and ``query`` are the schemas of the JSON body and the query string (the view gets
    what they load, first); ``out`` is the answer's schema and ``status`` its code; ``answer`` goes
    to flask-smorest's ``response`` as is (a CSV's ``content_type`` and ``description``);
    ``errors`` maps the other statuses documented for this operation to what they mean.
    """
    method, rule = method_and_rule.split(" ", 1)

    def decorate(view):
        for code, description in reversed(list((errors or {}).items())):
            view = blp.alt_response(code, description=description)(view)
        view = blp.response(status, out, **answer)(view)
        if query is not None:
            view = blp.arguments(query, location="query")(view)
        if body is not None:
            view = blp.arguments(body)(view)
        return blp.route(rule, methods=[method], endpoint=endpoint)(view)

    return decorate


def add_action_routes(blp: Blueprint, act, id_name: str, out, conflict: str, actions: dict) -> None:
    """``POST /<id_name>/<action>`` on ``blp`` for each of ``actions`` (action -> its summary, and
    the schema of its body or None), answered by ``act(actor, id, action, **body)``; ``conflict``
    says when the API answers 409 (the action is not allowed from the current status)."""
    for action, (summary, body) in actions.items():
        view = _action_view(act, id_name, action)
        view.__doc__ = summary  # set before the decorators copy it: the summary in the API document
        operation(blp, f"POST /<int:{id_name}>/{action}", action, out=out, body=body, errors={409: conflict})(view)


def _action_view(act, id_name: str, action: str):
    def view(*loaded, **ids):
        body = loaded[0] if loaded else {}
        return act(actor_from_request(), ids[id_name], action, **body)

    view.__name__ = action
    return view
