"""What the pages of a conversation share (a response to a need, a co-design request): the
message form, writing in the thread, a one-button action that answers with a flash, and the
routes of those pages, declared once for both (``add_conversation_pages``)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for

from marketplace.schemas import interests as schemas

from .forms import FORM_ERROR, Field, Form
from .helpers import signed_in_actor


class MessageForm(Form):
    fields = (Field("body", "Message", what="a message", required=True),)


def post_message(write, rerender, back: str):
    """Read the message form and ``write(body)``; on a mistake ``rerender(form)`` (the page with
    the error summary), otherwise back to the thread at ``back``."""
    form = MessageForm.from_request(request.form)
    form.load(schemas.MessageCreate())
    if form.submit(lambda data: write(data["body"])) is None:
        return rerender(form)
    flash("Your message has been sent.", "success")
    return redirect(back + "#thread")


def act_and_flash(act, success: str, back: str):
    """A button with no fields: run ``act()``, flash ``success`` or the reason it failed, go back."""
    form = Form()
    if form.submit(lambda _: act()) is None:
        flash(form.error(FORM_ERROR) or "That could not be done.", "error")
    else:
        flash(success, "success")
    return redirect(back)


def add_conversation_pages(bp, service, *, path: str, endpoint: str, get, render, reason_form, reason_schema,
                           flashes: dict[str, str], declined) -> None:
    """The pages of one kind of conversation under ``path`` (like ``/responses/<int:interest_id>``),
    its id the path's one variable:

    - ``endpoint`` shows it: ``get(actor, id)``, drawn by ``render(actor, record, reason_form=None,
      message_form=None, status=200)`` (a form given with its errors);
    - ``endpoint_action`` takes a one-button action, one of ``flashes`` (action -> what is flashed);
    - ``endpoint_decline`` declines with ``reason_form`` loaded by ``reason_schema``, and flashes
      ``declined(record)``;
    - ``endpoint_message`` writes in its thread.

    ``service`` answers: ``service.act(actor, id, action, **what the form loaded)`` and
    ``service.post_message(actor, id, body)``."""
    id_name = path.rsplit("<int:", 1)[1].rstrip(">")

    def back(record_id: int, anchor: str = "") -> str:
        return url_for(f"web.{endpoint}", **{id_name: record_id}) + anchor

    def show(**ids):
        actor = signed_in_actor()
        return render(actor, get(actor, ids[id_name]))

    def take_action(action, **ids):
        actor = signed_in_actor()
        return act_and_flash(lambda: service.act(actor, ids[id_name], action), flashes[action], back(ids[id_name]))

    def decline(**ids):
        actor = signed_in_actor()
        record = get(actor, ids[id_name])
        form = reason_form.from_request(request.form)
        form.load(reason_schema())
        if form.submit(lambda data: service.act(actor, record.id, "decline", **data)) is None:
            return render(actor, record, reason_form=form, status=422)
        flash(declined(record), "success")
        return redirect(back(record.id))

    def message(**ids):
        actor = signed_in_actor()
        record = get(actor, ids[id_name])
        return post_message(lambda body: service.post_message(actor, record.id, body),
                            lambda form: render(actor, record, message_form=form, status=422), back(record.id))

    bp.add_url_rule(path, endpoint, show, methods=["GET"])
    bp.add_url_rule(f"{path}/<any({', '.join(flashes)}):action>", f"{endpoint}_action", take_action, methods=["POST"])
    bp.add_url_rule(f"{path}/decline", f"{endpoint}_decline", decline, methods=["POST"])
    bp.add_url_rule(f"{path}/messages", f"{endpoint}_message", message, methods=["POST"])
